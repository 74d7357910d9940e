package dev.crahub.cra;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queues a mail of the CRA workflow in table {@code cra_mail}, inside the caller's transaction: the mail exists only
 * if the state change that asks for it commits, and it is sent after that commit by the delivery routes, exactly
 * once (ADR 5). A mail queued again with the same dedup key (a retried timer tick, a second click) is the same row.
 */
@Component
public class CraMailQueue {

    /** Why a workflow mail is sent. */
    public enum Kind {
        /** to an approver: the CRA, its PDF and the approver's own link */
        VALIDATION_REQUEST,
        /** to an approver who has not decided yet, before the deadline */
        REMINDER,
        /** to the other approvers once one of them decided */
        DECIDED_NOTICE,
        /** to the account manager: the approver's comments */
        REJECTION_NOTICE,
        /** to the account manager: the deadline passed without a decision */
        ESCALATION
    }

    private final JdbcClient jdbc;
    private final String domain;

    public CraMailQueue(JdbcClient jdbc, @Value("${crahub.mail.from:}") String from) {
        this.jdbc = jdbc;
        String address = from == null ? "" : from.strip();
        this.domain = address.indexOf('@') < 0 ? "" : address.substring(address.lastIndexOf('@') + 1).replace(">", "").strip();
    }

    /**
     * Queues a mail; answers false when one with the same key is already queued for the CRA. Its Message-ID, fixed
     * now, takes the domain of {@code crahub.mail.from}, else of the seller's address (ADR 0023).
     */
    public boolean queue(long craId, Kind kind, String recipientName, String recipientEmail, UUID tokenId, String dedupKey) {
        String key = kind + ":" + dedupKey;
        String local = "cra." + craId + "." + kind.name().toLowerCase(java.util.Locale.ROOT) + "." + UUID.randomUUID();
        return jdbc.sql("""
                INSERT INTO cra_mail (cra_id, kind, recipient_name, recipient_email, token_id, dedup_key, message_id)
                SELECT :cra, :kind, :name, :email, :token, :key,
                       '<' || :local || '@' || COALESCE(NULLIF(:domain, ''),
                                                        NULLIF(lower(split_part(s.email, '@', 2)), ''), 'localhost') || '>'
                FROM cra c JOIN contract k ON k.code = c.contract_code JOIN seller s ON s.code = k.seller_code
                WHERE c.id = :cra
                ON CONFLICT (cra_id, dedup_key) DO NOTHING
                """)
                .param("cra", craId).param("kind", kind.name()).param("name", recipientName)
                .param("email", recipientEmail).param("token", tokenId).param("key", key)
                .param("local", local).param("domain", domain)
                .update() == 1;
    }
}
