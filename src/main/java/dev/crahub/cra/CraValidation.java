package dev.crahub.cra;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the client's validation page changes, each in one transaction: an approver opening their link (the audit
 * event, the first opening), and the approver's decision with the mails it asks for (the other approvers are told,
 * a rejection goes to the account manager), queued in the same transaction so that they exist only if the decision
 * does. The link is checked again inside the transaction (locked), so a link revoked between the page's check and
 * the click, or a second click racing the first, decides nothing.
 */
@Component
public class CraValidation {

    private final JdbcClient jdbc;
    private final CraStore store;
    private final CraDecisions decisions;
    private final CraMailQueue mails;

    public CraValidation(JdbcClient jdbc, CraStore store, CraDecisions decisions, CraMailQueue mails) {
        this.jdbc = jdbc;
        this.store = store;
        this.decisions = decisions;
        this.mails = mails;
    }

    /** An approver opened a valid link: an OPENED event with where from, and the first opening kept on the link. */
    @Transactional
    public void opened(ValidationTokens.Row link, String ip, String userAgent, OffsetDateTime now) {
        jdbc.sql("UPDATE cra_validation_token SET first_opened_at = :now WHERE id = :id AND first_opened_at IS NULL")
                .param("id", link.id()).param("now", now).update();
        store.event(link.craId(), "OPENED", link.approverEmail(), "validation page opened by " + display(link), ip, userAgent);
    }

    /**
     * Records the approver's decision and queues its mails; empty when the CRA is no longer open to it (decided by
     * someone else first, superseded) or the link was revoked or used meanwhile.
     */
    @Transactional
    public Optional<CraDecisions.Recorded> decide(ValidationTokens.Row link, ValidationForm.Submission form, String ip,
                                                  String userAgent, OffsetDateTime now) {
        boolean usable = jdbc.sql("""
                SELECT revoked_at IS NULL AND used_at IS NULL AND expires_at > :now
                FROM cra_validation_token WHERE id = :id FOR UPDATE
                """)
                .param("id", link.id()).param("now", now).query(Boolean.class).optional().orElse(false);
        if (!usable) {
            return Optional.empty();
        }
        Optional<CraDecisions.Recorded> recorded = decisions.record(new CraDecisions.Decision(link.craId(),
                form.outcome(), CraDecisions.Kind.LINK, link.approverName(), link.approverEmail(), link.id(), null,
                null, form.comment(), form.outcome() == CraDecisions.Outcome.REJECTED ? form.days() : List.of(), now,
                ip, userAgent));
        if (recorded.isEmpty()) {
            return recorded;
        }
        for (Person other : otherApprovers(link)) {
            mails.queue(link.craId(), CraMailQueue.Kind.DECIDED_NOTICE, other.name(), other.email(), null, key(other.email()));
        }
        if (form.outcome() == CraDecisions.Outcome.REJECTED) {
            Person manager = contact(link.craId());
            if (manager.email() != null) {
                mails.queue(link.craId(), CraMailQueue.Kind.REJECTION_NOTICE, manager.name(), manager.email(), null,
                        key(manager.email()));
            }
        }
        return recorded;
    }

    /** Who the client asks about the CRA: the contract's account manager, else the seller. */
    public Person contact(long craId) {
        return jdbc.sql("""
                SELECT COALESCE(k.account_manager_email, s.email) AS email,
                       CASE WHEN k.account_manager_email IS NOT NULL THEN k.account_manager_name ELSE s.name END AS name
                FROM cra c JOIN contract k ON k.code = c.contract_code JOIN seller s ON s.code = k.seller_code
                WHERE c.id = :id
                """)
                .param("id", craId).query((rs, n) -> new Person(rs.getString("name"), rs.getString("email")))
                .single();
    }

    /**
     * What the page shows beside the link's row, in one query: the deadline set when sent, the SHA-256 of the CRA's
     * XML (what a kept rendering is known by), and the contact (the account manager, else the seller).
     */
    public Optional<PageFacts> pageFacts(long craId) {
        return jdbc.sql("""
                SELECT c.validation_deadline, c.sha256, COALESCE(k.account_manager_email, s.email) AS email,
                       CASE WHEN k.account_manager_email IS NOT NULL THEN k.account_manager_name ELSE s.name END AS name
                FROM cra c JOIN contract k ON k.code = c.contract_code JOIN seller s ON s.code = k.seller_code
                WHERE c.id = :id
                """)
                .param("id", craId).query((rs, n) -> new PageFacts(rs.getObject("validation_deadline", java.time.LocalDate.class),
                        rs.getString("sha256"), new Person(rs.getString("name"), rs.getString("email"))))
                .optional();
    }

    /** See {@link #pageFacts}. */
    public record PageFacts(java.time.LocalDate deadline, String xmlSha256, Person contact) {
    }

    /** The PDF the approver downloads: the approved rendering once there is one, else the version sent. */
    public Optional<Document> pdf(long craId) {
        return jdbc.sql("""
                SELECT c.contract_code, c.month, c.version, COALESCE(c.approved_pdf, c.pdf) AS pdf
                FROM cra c WHERE c.id = :id
                """)
                .param("id", craId)
                .query((rs, n) -> new Document(rs.getString("contract_code"), rs.getString("month"),
                        rs.getInt("version"), rs.getBytes("pdf")))
                .optional();
    }

    private List<Person> otherApprovers(ValidationTokens.Row link) {
        return jdbc.sql("""
                SELECT a.name, a.email FROM client_approver a
                JOIN client cl ON cl.code = a.client_code JOIN contract k ON k.client_code = cl.code
                JOIN cra c ON c.contract_code = k.code
                WHERE c.id = :cra AND lower(a.email) <> lower(:email)
                ORDER BY a.position
                """)
                .param("cra", link.craId()).param("email", link.approverEmail())
                .query((rs, n) -> new Person(rs.getString("name"), rs.getString("email"))).list();
    }

    private static String key(String email) {
        return email == null ? "" : email.toLowerCase(Locale.ROOT);
    }

    private static String display(ValidationTokens.Row link) {
        return link.approverName() == null ? link.approverEmail() : link.approverName() + " <" + link.approverEmail() + ">";
    }

    /** A name and an e-mail (an approver, the account manager). */
    public record Person(String name, String email) {
    }

    /** A CRA's PDF and what its file is called. */
    public record Document(String contract, String month, int version, byte[] pdf) {
    }
}
