package dev.crahub.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.crahub.cra.CraMailQueue;
import dev.crahub.cra.CraStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rows of {@code cra_mail} (queued by the workflow in its own transactions) as the sender sees them: which are
 * due, the claim (SENDING committed before the mail leaves), SENT committed with its audit event after, FAILED with
 * the reason when the send raised before the mail left. SENDING rows are never taken again (ADR 5).
 */
@Repository
public class CraMailStore {

    private static final String ROW = """
            SELECT c.id, c.cra_id, c.kind, c.recipient_name, c.recipient_email, c.status, c.attempts, c.created_at,
                   c.sent_at, c.last_error, c.message_id, m.bounced_at, m.bounce_status, m.bounce_diagnostic
            FROM cra_mail c LEFT JOIN mail_message m ON m.message_id = c.message_id
            """;

    private final JdbcClient jdbc;
    private final CraStore cras;

    public CraMailStore(JdbcClient jdbc, CraStore cras) {
        this.jdbc = jdbc;
        this.cras = cras;
    }

    /**
     * Ids to send now: PENDING rows, and FAILED ones with fewer than {@code maxAttempts} attempts whose back-off
     * ({@code backoff} doubled at each attempt, measured on the database's clock) is over. Oldest first, at most
     * {@code limit}.
     */
    public List<Long> due(int maxAttempts, Duration backoff, int limit) {
        return jdbc.sql("""
                SELECT id FROM cra_mail
                WHERE status = 'PENDING'
                   OR (status = 'FAILED' AND attempts < :max
                       AND updated_at + make_interval(secs => :seconds * power(2, LEAST(GREATEST(attempts, 1), 16) - 1)) <= now())
                ORDER BY id LIMIT :limit
                """)
                .param("max", maxAttempts).param("seconds", (double) backoff.toMillis() / 1000.0).param("limit", limit)
                .query(Long.class).list();
    }

    /** Moves a PENDING or FAILED row to SENDING (committed); false when another sender took it or it left already. */
    @Transactional
    public boolean claim(long id) {
        return jdbc.sql("""
                UPDATE cra_mail SET status = 'SENDING', attempts = attempts + 1, updated_at = now()
                WHERE id = :id AND status IN ('PENDING', 'FAILED')
                """)
                .param("id", id).update() == 1;
    }

    /**
     * Why a validation request or reminder must no longer leave (its link was revoked, or its CRA version was
     * decided or superseded meanwhile, e.g. while SMTP was down), or empty when it may.
     */
    public Optional<String> obsolete(long id) {
        return jdbc.sql("""
                SELECT c.status, c.version, t.revoked_reason, t.revoked_at IS NOT NULL AS revoked
                FROM cra_mail m JOIN cra c ON c.id = m.cra_id LEFT JOIN cra_validation_token t ON t.id = m.token_id
                WHERE m.id = :id AND m.kind IN ('VALIDATION_REQUEST', 'REMINDER')
                """)
                .param("id", id)
                .query((rs, n) -> {
                    String status = rs.getString("status");
                    if ("SUPERSEDED".equals(status) || "SUPERSEDED".equals(rs.getString("revoked_reason"))) {
                        return "not sent: CRA version " + rs.getInt("version") + " was superseded by a newer version, its link no longer works";
                    }
                    if ("APPROVED".equals(status) || "REJECTED".equals(status)) {
                        return "not sent: the CRA is already " + status.toLowerCase(java.util.Locale.ROOT);
                    }
                    if (rs.getBoolean("revoked")) {
                        return "not sent: its link was revoked (" + rs.getString("revoked_reason") + ")";
                    }
                    return null;
                })
                .list().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Closes a PENDING or FAILED row that must not leave: FAILED for good, with the reason; no attempt counted. */
    @Transactional
    public boolean close(long id, String reason, int maxAttempts) {
        return jdbc.sql("""
                UPDATE cra_mail SET status = 'FAILED', last_error = :reason, attempts = GREATEST(attempts, :max),
                       updated_at = now()
                WHERE id = :id AND status IN ('PENDING', 'FAILED')
                """)
                .param("id", id).param("reason", reason).param("max", maxAttempts).update() == 1;
    }

    /** The mail left: SENT, and the CRA's audit trail says so (kind, recipient, Message-ID), in one transaction. */
    @Transactional
    public CraMail sent(long id, OffsetDateTime at) {
        CraMail mail = find(id).orElseThrow();
        int updated = jdbc.sql("""
                UPDATE cra_mail SET status = 'SENT', sent_at = :at, last_error = NULL, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """)
                .param("id", id).param("at", at).update();
        if (updated == 1) {
            cras.event(mail.craId(), "MAIL_SENT", "system",
                    mail.kind() + " to " + mail.recipientEmail() + ", Message-ID " + mail.messageId(), null, null);
        }
        return find(id).orElseThrow();
    }

    /**
     * Records a failure that certainly happened before the mail left, so a later attempt is safe. A permanent one
     * (the mail cannot be made: no such address) takes the attempts to {@code maxAttempts}: nothing retries it
     * automatically, a replay of its dead letter still can.
     */
    @Transactional
    public CraMail failed(long id, String error, boolean permanent, int maxAttempts) {
        jdbc.sql("""
                UPDATE cra_mail SET status = 'FAILED', last_error = :error, updated_at = now(),
                       attempts = CASE WHEN :permanent THEN GREATEST(attempts, :max) ELSE attempts END
                WHERE id = :id AND status IN ('SENDING', 'PENDING')
                """)
                .param("id", id).param("error", error).param("permanent", permanent).param("max", maxAttempts)
                .update();
        return find(id).orElseThrow();
    }

    /**
     * CRA mails SENDING, untouched for longer than {@code quiet}, whose mail has no registry row still SENDING or
     * UNCERTAIN (ADR 0024): a crash before the mail reached {@code delivery-mail-send}, or after its outcome there.
     * Answers {@code id -> message_id}.
     */
    public Map<Long, String> staleSending(Duration quiet) {
        Map<Long, String> found = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT c.id, c.message_id FROM cra_mail c
                WHERE c.status = 'SENDING' AND c.updated_at < now() - make_interval(secs => :secs)
                  AND NOT EXISTS (SELECT 1 FROM mail_message m WHERE m.message_id = c.message_id
                                  AND m.status IN ('SENDING', 'UNCERTAIN'))
                ORDER BY c.id
                """)
                .param("secs", (double) quiet.toMillis() / 1000.0)
                .query(rs -> {
                    found.put(rs.getLong(1), rs.getString(2));
                });
        return found;
    }

    public Optional<CraMail> find(long id) {
        return jdbc.sql(ROW + " WHERE c.id = :id").param("id", id).query(CraMailStore::mail).optional();
    }

    /** The mails of a CRA version, in the order they were queued. */
    public List<CraMail> list(long craId) {
        return jdbc.sql(ROW + " WHERE c.cra_id = :cra ORDER BY c.id").param("cra", craId).query(CraMailStore::mail).list();
    }

    /** Everything the composer needs about a row, its CRA, contract, client and seller (the link comes apart). */
    public Optional<Facts> facts(long id) {
        return jdbc.sql("""
                SELECT m.id, m.cra_id, m.kind, m.recipient_name, m.recipient_email, m.token_id, m.message_id,
                       c.contract_code, c.month, c.version, c.validation_deadline, c.sent_at, c.xml,
                       k.label, k.account_manager_name, k.account_manager_email,
                       cl.name AS client_name, cl.language, s.name AS seller_name, s.email AS seller_email,
                       k.mail_account AS contract_mail_account, s.mail_account AS seller_mail_account,
                       k.template_set AS contract_template_set, cl.template_set AS client_template_set
                FROM cra_mail m JOIN cra c ON c.id = m.cra_id JOIN contract k ON k.code = c.contract_code
                     JOIN client cl ON cl.code = k.client_code JOIN seller s ON s.code = k.seller_code
                WHERE m.id = :id
                """)
                .param("id", id)
                .query((rs, n) -> new Facts(rs.getLong("id"), rs.getLong("cra_id"),
                        CraMailQueue.Kind.valueOf(rs.getString("kind")), rs.getString("recipient_name"),
                        rs.getString("recipient_email"), rs.getObject("token_id", UUID.class),
                        rs.getString("message_id"), rs.getString("contract_code"), rs.getString("label"),
                        YearMonth.parse(rs.getString("month")), rs.getInt("version"),
                        rs.getObject("validation_deadline", LocalDate.class),
                        rs.getObject("sent_at", OffsetDateTime.class), rs.getString("xml"),
                        rs.getString("client_name"), rs.getString("language"), rs.getString("seller_name"),
                        rs.getString("seller_email"), rs.getString("account_manager_name"),
                        rs.getString("account_manager_email"), rs.getString("contract_mail_account"),
                        rs.getString("seller_mail_account"), rs.getString("contract_template_set"),
                        rs.getString("client_template_set")))
                .optional();
    }

    /**
     * The facts of a CRA for a preview (no row: the recipient and the kind are the caller's; its last queued mail's
     * Message-ID is never used): empty when there is no such CRA.
     */
    public Optional<Facts> factsOfCra(long craId) {
        return jdbc.sql("""
                SELECT c.id AS cra_id, c.contract_code, c.month, c.version, c.validation_deadline, c.sent_at, c.xml,
                       k.label, k.account_manager_name, k.account_manager_email,
                       cl.name AS client_name, cl.language, s.name AS seller_name, s.email AS seller_email,
                       k.mail_account AS contract_mail_account, s.mail_account AS seller_mail_account,
                       k.template_set AS contract_template_set, cl.template_set AS client_template_set
                FROM cra c JOIN contract k ON k.code = c.contract_code
                     JOIN client cl ON cl.code = k.client_code JOIN seller s ON s.code = k.seller_code
                WHERE c.id = :id
                """)
                .param("id", craId)
                .query((rs, n) -> new Facts(0, rs.getLong("cra_id"), CraMailQueue.Kind.VALIDATION_REQUEST, null, null,
                        null, "<preview.cra." + craId + "@crahub.invalid>", rs.getString("contract_code"),
                        rs.getString("label"), YearMonth.parse(rs.getString("month")), rs.getInt("version"),
                        rs.getObject("validation_deadline", LocalDate.class),
                        rs.getObject("sent_at", OffsetDateTime.class), rs.getString("xml"),
                        rs.getString("client_name"), rs.getString("language"), rs.getString("seller_name"),
                        rs.getString("seller_email"), rs.getString("account_manager_name"),
                        rs.getString("account_manager_email"), rs.getString("contract_mail_account"),
                        rs.getString("seller_mail_account"), rs.getString("contract_template_set"),
                        rs.getString("client_template_set")))
                .optional();
    }

    /** Who was asked to validate a CRA version (its links, else the client's approvers), name by e-mail. */
    public Map<String, String> approvers(long craId) {
        Map<String, String> approvers = new LinkedHashMap<>();
        jdbc.sql("SELECT approver_email, approver_name FROM cra_validation_token WHERE cra_id = :cra ORDER BY issued_at, id")
                .param("cra", craId)
                .query(rs -> {
                    approvers.putIfAbsent(rs.getString(1), rs.getString(2));
                });
        if (approvers.isEmpty()) {
            jdbc.sql("""
                    SELECT a.email, a.name FROM client_approver a
                    JOIN contract k ON k.client_code = a.client_code JOIN cra c ON c.contract_code = k.code
                    WHERE c.id = :cra ORDER BY a.position
                    """)
                    .param("cra", craId)
                    .query(rs -> {
                        approvers.putIfAbsent(rs.getString(1), rs.getString(2));
                    });
        }
        return approvers;
    }

    /** How many rounds of reminders of a CRA version have left (one round reminds every approver on one day). */
    public int remindersSent(long craId) {
        return jdbc.sql("SELECT count(DISTINCT CAST(sent_at AS DATE)) FROM cra_mail WHERE cra_id = :cra AND kind = 'REMINDER' AND status = 'SENT'")
                .param("cra", craId).query(Integer.class).single();
    }

    private static CraMail mail(ResultSet rs, int row) throws SQLException {
        return new CraMail(rs.getLong("id"), rs.getLong("cra_id"), rs.getString("kind"), rs.getString("recipient_name"),
                rs.getString("recipient_email"), DispatchStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("sent_at", OffsetDateTime.class),
                rs.getString("last_error"), rs.getString("message_id"), rs.getObject("bounced_at", OffsetDateTime.class),
                rs.getString("bounce_status"), rs.getString("bounce_diagnostic"));
    }

    /** A queued mail with the facts of its CRA, as stored. */
    public record Facts(long mailId, long craId, CraMailQueue.Kind kind, String recipientName, String recipientEmail,
                        UUID tokenId, String messageId, String contract, String contractLabel, YearMonth month,
                        int version, LocalDate deadline, OffsetDateTime sentAt, String xml, String clientName,
                        String language, String sellerName, String sellerEmail, String accountManagerName,
                        String accountManagerEmail, String contractMailAccount, String sellerMailAccount,
                        String contractTemplateSet, String clientTemplateSet) {

        public Facts(long mailId, long craId, CraMailQueue.Kind kind, String recipientName, String recipientEmail,
                     UUID tokenId, String messageId, String contract, String contractLabel, YearMonth month,
                     int version, LocalDate deadline, OffsetDateTime sentAt, String xml, String clientName,
                     String language, String sellerName, String sellerEmail, String accountManagerName,
                     String accountManagerEmail, String contractMailAccount, String sellerMailAccount) {
            this(mailId, craId, kind, recipientName, recipientEmail, tokenId, messageId, contract, contractLabel, month,
                    version, deadline, sentAt, xml, clientName, language, sellerName, sellerEmail, accountManagerName,
                    accountManagerEmail, contractMailAccount, sellerMailAccount, null, null);
        }

        /** The same facts for a preview: another recipient, a preview's Message-ID, no row. */
        public Facts forPreview(CraMailQueue.Kind previewKind, String name, String email) {
            return new Facts(0, craId, previewKind, name, email, null, "<preview.cra." + craId + "@crahub.invalid>",
                    contract, contractLabel, month, version, deadline, sentAt, xml, clientName, language, sellerName,
                    sellerEmail, accountManagerName, accountManagerEmail, contractMailAccount, sellerMailAccount,
                    contractTemplateSet, clientTemplateSet);
        }
    }
}
