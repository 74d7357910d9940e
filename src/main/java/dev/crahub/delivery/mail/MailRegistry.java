package dev.crahub.delivery.mail;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code mail_message}: one row per Message-ID, the mailbox's side of every mail the hub sends (ADR 0023). A row is
 * SENDING, committed, before its mail is handed to a server, and SENT after: a mail the registry knows as SENT is
 * never handed to a server again, whatever its document's state says.
 */
@Repository
public class MailRegistry {

    private static final String ROW = """
            SELECT id, message_id, kind, account, transport, sender, recipients, subject, size_bytes, invoice_id, cra_id,
                   dispatch_id, cra_mail_id, status, attempts, server_reply, sent_copy, created_at, updated_at, sent_at,
                   bounced_at, bounce_status, bounce_diagnostic, decided_by, decided_at, decision_reason, handed_at
            FROM mail_message
            """;

    private final JdbcClient jdbc;

    public MailRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A transmission about to start. */
    public record Begin(String messageId, MailKind kind, String account, String transport, String sender,
                        String recipients, String subject, Integer sizeBytes, Long invoiceId, Long craId,
                        Long dispatchId, Long craMailId) {
    }

    /**
     * Records, committed on its own, that the mail is being handed to its server: a new row SENDING, or the row of an
     * earlier attempt back to SENDING. False, with nothing changed, when the registry already has it SENT (it left:
     * it must not leave again).
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean begin(Begin b) {
        int inserted = jdbc.sql("""
                INSERT INTO mail_message (message_id, kind, account, transport, sender, recipients, subject, size_bytes,
                                          invoice_id, cra_id, dispatch_id, cra_mail_id, status)
                VALUES (:messageId, :kind, :account, :transport, :sender, :recipients, :subject, :size, :invoice, :cra,
                        :dispatch, :craMail, 'SENDING')
                ON CONFLICT (message_id) DO NOTHING
                """)
                .param("messageId", b.messageId()).param("kind", b.kind().name()).param("account", b.account())
                .param("transport", b.transport()).param("sender", clip(b.sender(), 400))
                .param("recipients", b.recipients()).param("subject", clip(b.subject(), 1000)).param("size", b.sizeBytes())
                .param("invoice", b.invoiceId()).param("cra", b.craId()).param("dispatch", b.dispatchId())
                .param("craMail", b.craMailId())
                .update();
        if (inserted == 1) {
            return true;
        }
        return jdbc.sql("""
                UPDATE mail_message SET status = 'SENDING', attempts = attempts + 1, account = :account,
                       transport = :transport, sender = :sender, recipients = :recipients, subject = :subject,
                       size_bytes = :size, server_reply = NULL, sent_copy = 'NONE', handed_at = NULL,
                       updated_at = now()
                WHERE message_id = :messageId AND status <> 'SENT'
                """)
                .param("messageId", b.messageId()).param("account", b.account()).param("transport", b.transport())
                .param("sender", clip(b.sender(), 400)).param("recipients", b.recipients())
                .param("subject", clip(b.subject(), 1000)).param("size", b.sizeBytes())
                .update() == 1;
    }

    /** The server accepted the mail (or it was written to the outbox). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void sent(String messageId, String reply, OffsetDateTime at) {
        jdbc.sql("""
                UPDATE mail_message SET status = 'SENT', server_reply = :reply, sent_at = :at, updated_at = now()
                WHERE message_id = :messageId
                """)
                .param("messageId", messageId).param("reply", clip(reply, 2000)).param("at", at).update();
    }

    /** The mail did not leave: the server refused it, or it could not be handed over. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void failed(String messageId, String reply) {
        jdbc.sql("""
                UPDATE mail_message SET status = 'FAILED', server_reply = :reply, updated_at = now()
                WHERE message_id = :messageId AND status = 'SENDING'
                """)
                .param("messageId", messageId).param("reply", clip(reply, 2000)).update();
    }

    /**
     * The state of the mail's Sent copy (ADR 0024), committed on its own: {@code DRAFT} (a draft copy is in the Sent
     * folder: committed before SMTP), {@code SERVER} (the server files it: committed before SMTP), {@code FAILED}
     * (IMAP down: no draft, committed before SMTP), {@code NONE} (the draft was taken away again).
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void sentCopy(String messageId, String sentCopy) {
        jdbc.sql("UPDATE mail_message SET sent_copy = :copy, updated_at = now() WHERE message_id = :messageId")
                .param("messageId", messageId).param("copy", sentCopy).update();
    }

    /** The mail is being handed to its SMTP server now (after the throttle): the time the throttle spaces. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void handed(String messageId, OffsetDateTime at) {
        jdbc.sql("UPDATE mail_message SET handed_at = :at, updated_at = now() WHERE message_id = :messageId")
                .param("messageId", messageId).param("at", at).update();
    }

    /** The server accepted the mail, and where its Sent copy stands ({@code APPENDED}, or still {@code DRAFT}). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void sent(String messageId, String reply, OffsetDateTime at, String sentCopy) {
        jdbc.sql("""
                UPDATE mail_message SET status = 'SENT', server_reply = :reply, sent_at = :at, sent_copy = :copy,
                       updated_at = now()
                WHERE message_id = :messageId
                """)
                .param("messageId", messageId).param("reply", clip(reply, 2000)).param("at", at).param("copy", sentCopy)
                .update();
    }

    /** Rows still SENDING, untouched for longer than {@code grace} (database time): sends a crash interrupted. */
    public List<MailRecord> stale(java.time.Duration grace) {
        return jdbc.sql(ROW + " WHERE status = 'SENDING' AND updated_at < now() - make_interval(secs => :secs) ORDER BY id")
                .param("secs", (double) grace.toMillis() / 1000.0).query(MailRecord.class).list();
    }

    /**
     * The crash lookup's verdict on a SENDING row (ADR 0024), committed on its own: {@code SENT} (found in Sent),
     * {@code FAILED} (certainly not sent: handed back to its owner) or {@code UNCERTAIN} (for a person); false when the
     * row was no longer SENDING.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean settle(long id, String status, String reply, OffsetDateTime sentAt) {
        return jdbc.sql("""
                UPDATE mail_message SET status = :status, server_reply = :reply, updated_at = now(),
                       sent_at = COALESCE(CAST(:sentAt AS TIMESTAMPTZ), sent_at),
                       sent_copy = CASE WHEN :status = 'SENT' AND sent_copy = 'DRAFT' THEN 'APPENDED' ELSE sent_copy END
                WHERE id = :id AND status = 'SENDING'
                """)
                .param("id", id).param("status", status).param("reply", clip(reply, 2000)).param("sentAt", sentAt)
                .update() == 1;
    }

    /**
     * A person's decision on an UNCERTAIN row (or, through a dispatch's decision, a SENDING one): SENT or FAILED,
     * with who and why; false when the row is in no such state.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean decide(long id, boolean sent, String by, String reason, OffsetDateTime at, boolean sendingToo) {
        return jdbc.sql("""
                UPDATE mail_message SET status = :status, decided_by = :by, decided_at = :at, decision_reason = :reason,
                       sent_at = CASE WHEN :sent THEN COALESCE(sent_at, :at) ELSE sent_at END, updated_at = now()
                WHERE id = :id AND (status = 'UNCERTAIN' OR (:sendingToo AND status = 'SENDING'))
                """)
                .param("id", id).param("status", sent ? "SENT" : "FAILED").param("sent", sent).param("by", clip(by, 100))
                .param("reason", clip(reason, 500)).param("at", at).param("sendingToo", sendingToo).update() == 1;
    }

    public Optional<MailRecord> find(long id) {
        return jdbc.sql(ROW + " WHERE id = :id").param("id", id).query(MailRecord.class).optional();
    }

    /** Rows in one of the statuses (all when empty), newest first, at most {@code limit}. */
    public List<MailRecord> list(java.util.Collection<String> statuses, int limit) {
        if (statuses.isEmpty()) {
            return jdbc.sql(ROW + " ORDER BY id DESC LIMIT :limit").param("limit", limit).query(MailRecord.class).list();
        }
        return jdbc.sql(ROW + " WHERE status IN (:statuses) ORDER BY id DESC LIMIT :limit")
                .param("statuses", statuses).param("limit", limit).query(MailRecord.class).list();
    }

    public Optional<MailRecord> find(String messageId) {
        return jdbc.sql(ROW + " WHERE message_id = :messageId").param("messageId", messageId)
                .query(MailRecord.class).optional();
    }

    /** The transmissions of an invoice's mails (its dispatches and reminders), oldest first. */
    public List<MailRecord> ofInvoice(long invoiceId) {
        return jdbc.sql(ROW + " WHERE invoice_id = :invoice ORDER BY id").param("invoice", invoiceId)
                .query(MailRecord.class).list();
    }

    /** One row of {@code mail_message}. */
    public record MailRecord(long id, String messageId, String kind, String account, String transport, String sender,
                             String recipients, String subject, Integer sizeBytes, Long invoiceId, Long craId,
                             Long dispatchId, Long craMailId, String status, int attempts, String serverReply,
                             String sentCopy, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                             OffsetDateTime sentAt, OffsetDateTime bouncedAt, String bounceStatus,
                             String bounceDiagnostic, String decidedBy, OffsetDateTime decidedAt,
                             String decisionReason, OffsetDateTime handedAt) {
    }

    static String clip(String text, int max) {
        return text == null ? null : text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
