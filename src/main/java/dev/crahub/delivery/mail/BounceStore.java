package dev.crahub.delivery.mail;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bounces read back from the mailboxes (ADR 0027): {@code mail_bounce}, one row per notification and mail (the
 * same DSN read twice is one row), and the bounce recorded once on the mail's {@code mail_message} row. Runs inside
 * the transaction of {@link Bounces#handle}.
 */
@Repository
public class BounceStore {

    private static final String ROW = """
            SELECT b.id, b.received_at, b.account, b.permanent, b.action, b.status, b.recipient, b.diagnostic,
                   b.consequence, m.message_id, m.kind, m.subject, m.invoice_id, i.number AS invoice_number, m.cra_id,
                   m.dispatch_id, m.cra_mail_id
            FROM mail_bounce b JOIN mail_message m ON m.id = b.mail_message_id LEFT JOIN invoice i ON i.id = m.invoice_id
            """;

    private final JdbcClient jdbc;

    public BounceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A bounce as the API shows it: the billing team's alert. */
    public record Bounce(long id, OffsetDateTime receivedAt, String account, boolean permanent, String action,
                         String status, String recipient, String diagnostic, String consequence, String messageId,
                         String kind, String subject, Long invoiceId, String invoiceNumber, Long craId, Long dispatchId,
                         Long craMailId) {
    }

    /** Records a notification about a mail; empty when this notification was recorded already (read twice). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Long> record(MailRegistry.MailRecord mail, String dsnId, String account, boolean permanent,
                                 DeliveryStatusNotice.Recipient r) {
        return jdbc.sql("""
                INSERT INTO mail_bounce (mail_message_id, dsn_id, account, permanent, action, status, recipient,
                                         diagnostic, invoice_id, cra_id, dispatch_id)
                VALUES (:mail, :dsn, :account, :permanent, :action, :status, :recipient, :diagnostic, :invoice, :cra,
                        :dispatch)
                ON CONFLICT (mail_message_id, dsn_id) DO NOTHING RETURNING id
                """)
                .param("mail", mail.id()).param("dsn", MailRegistry.clip(dsnId, 300)).param("account", account)
                .param("permanent", permanent).param("action", MailRegistry.clip(String.valueOf(r.action()), 20))
                .param("status", MailRegistry.clip(String.valueOf(r.status()), 20))
                .param("recipient", MailRegistry.clip(r.finalRecipient(), 400))
                .param("diagnostic", MailRegistry.clip(r.diagnostic(), 2000)).param("invoice", mail.invoiceId())
                .param("cra", mail.craId()).param("dispatch", mail.dispatchId())
                .query(Long.class).optional();
    }

    /** The mail bounced: recorded on its registry row, once; false when an earlier notification did it already. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean bounced(long mailId, OffsetDateTime at, String status, String diagnostic) {
        return jdbc.sql("""
                UPDATE mail_message SET bounced_at = :at, bounce_status = :status, bounce_diagnostic = :diagnostic,
                       updated_at = now()
                WHERE id = :id AND bounced_at IS NULL
                """)
                .param("id", mailId).param("at", at).param("status", MailRegistry.clip(status, 20))
                .param("diagnostic", MailRegistry.clip(diagnostic, 2000)).update() == 1;
    }

    /** What was done about a bounce, for the billing team. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void consequence(long bounceId, String consequence) {
        jdbc.sql("UPDATE mail_bounce SET consequence = :c WHERE id = :id")
                .param("id", bounceId).param("c", MailRegistry.clip(consequence, 2000)).update();
    }

    /** Bounces received since a time (all when null), newest first, at most {@code limit}. */
    public List<Bounce> since(OffsetDateTime since, boolean permanentOnly, int limit) {
        return jdbc.sql(ROW + """
                 WHERE (CAST(:since AS TIMESTAMPTZ) IS NULL OR b.received_at >= :since)
                   AND (b.permanent OR NOT :permanentOnly)
                 ORDER BY b.received_at DESC, b.id DESC LIMIT :limit
                """)
                .param("since", since).param("permanentOnly", permanentOnly).param("limit", limit)
                .query(Bounce.class).list();
    }

    /** The bounces of an invoice's mails (its dispatch, its reminders), oldest first. */
    public List<Bounce> ofInvoice(long invoiceId) {
        return jdbc.sql(ROW + " WHERE m.invoice_id = :id ORDER BY b.received_at, b.id").param("id", invoiceId)
                .query(Bounce.class).list();
    }
}
