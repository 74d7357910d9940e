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
                   bounced_at, bounce_status, bounce_diagnostic
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
                       size_bytes = :size, server_reply = NULL, updated_at = now()
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
                             String bounceDiagnostic) {
    }

    static String clip(String text, int max) {
        return text == null ? null : text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
