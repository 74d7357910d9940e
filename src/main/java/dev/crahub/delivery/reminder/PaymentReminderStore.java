package dev.crahub.delivery.reminder;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code payment_reminder} (V031, ADR 0027): the stages planned for each unpaid invoice, and the state that makes
 * each reminder leave once: SENDING committed before its mail is handed to {@code delivery-mail-send}, SENT after,
 * FAILED (retried on the next run while attempts remain) when it did not leave, CANCELLED with the reason when it
 * must never leave.
 */
@Repository
public class PaymentReminderStore {

    private static final String ROW = """
            SELECT r.id, r.invoice_id, i.number AS invoice_number, r.offset_days, r.due_on, r.status, r.message_id,
                   r.attempts, r.amount_due, r.sent_at, r.last_error, r.created_at, r.updated_at,
                   m.bounced_at, m.bounce_status, m.bounce_diagnostic
            FROM payment_reminder r JOIN invoice i ON i.id = r.invoice_id
                 LEFT JOIN mail_message m ON m.message_id = r.message_id
            """;

    private final JdbcClient jdbc;

    public PaymentReminderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A reminder as {@code GET /api/invoices/{id}/reminders} shows it (with the bounce of its mail, if any). */
    public record Reminder(long id, long invoiceId, String invoiceNumber, int offsetDays, LocalDate dueOn, String status,
                           String messageId, int attempts, BigDecimal amountDue, OffsetDateTime sentAt,
                           String lastError, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                           OffsetDateTime bouncedAt, String bounceStatus, String bounceDiagnostic) {
    }

    /** An invoice to plan: issued, not a credit note, with a due date, never planned, something still due. */
    public record Unplanned(long invoiceId, String number, String contractCode, LocalDate dueDate) {
    }

    public List<Unplanned> unplanned(int limit) {
        return jdbc.sql("""
                SELECT i.id AS invoice_id, i.number, i.contract_code, i.due_date FROM invoice i
                WHERE i.type_code = '380' AND i.due_date IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM payment_reminder r WHERE r.invoice_id = i.id)
                  AND """ + InvoicePayments.OUTSTANDING + """
                 > 0
                ORDER BY i.id LIMIT :limit
                """).param("limit", limit).query(Unplanned.class).list();
    }

    /** Plans one stage (nothing when it is planned already). */
    @Transactional
    public void plan(long invoiceId, int offsetDays, LocalDate dueOn, String messageId) {
        jdbc.sql("""
                INSERT INTO payment_reminder (invoice_id, offset_days, due_on, message_id)
                VALUES (:invoice, :offset, :dueOn, :messageId) ON CONFLICT DO NOTHING
                """).param("invoice", invoiceId).param("offset", offsetDays).param("dueOn", dueOn)
                .param("messageId", messageId).update();
    }

    /** Cancels the open reminders (PENDING, FAILED) of invoices nothing remains due on; answers how many. */
    @Transactional
    public int cancelSettled() {
        return jdbc.sql("""
                UPDATE payment_reminder r SET status = 'CANCELLED', updated_at = now(),
                       last_error = 'not sent: nothing remains due on the invoice (paid or credited)'
                FROM invoice i
                WHERE i.id = r.invoice_id AND r.status IN ('PENDING', 'FAILED') AND """ + InvoicePayments.OUTSTANDING + """
                 <= 0
                """).update();
    }

    /** Cancels an invoice's open reminders (PENDING, FAILED) with the reason; answers how many. */
    @Transactional
    public int cancelOpen(long invoiceId, String reason) {
        return jdbc.sql("""
                UPDATE payment_reminder SET status = 'CANCELLED', last_error = :reason, updated_at = now()
                WHERE invoice_id = :invoice AND status IN ('PENDING', 'FAILED')
                """).param("invoice", invoiceId).param("reason", reason).update();
    }

    /** A stage whose day came (or passed). */
    public record Open(long id, long invoiceId, int offsetDays, LocalDate dueOn, String status, int attempts) {
    }

    /** Open reminders (PENDING, FAILED) whose day is today or before, by invoice then stage. */
    public List<Open> open(LocalDate today) {
        return jdbc.sql("""
                SELECT id, invoice_id, offset_days, due_on, status, attempts FROM payment_reminder
                WHERE status IN ('PENDING', 'FAILED') AND due_on <= :today ORDER BY invoice_id, offset_days
                """).param("today", today).query(Open.class).list();
    }

    /** Cancels one open reminder with the reason. */
    @Transactional
    public void cancel(long id, String reason) {
        jdbc.sql("""
                UPDATE payment_reminder SET status = 'CANCELLED', last_error = :reason, updated_at = now()
                WHERE id = :id AND status IN ('PENDING', 'FAILED')
                """).param("id", id).param("reason", reason).update();
    }

    /** PENDING or FAILED to SENDING (committed), one more attempt; false when another sender took it, or it left. */
    @Transactional
    public boolean claim(long id) {
        return jdbc.sql("""
                UPDATE payment_reminder SET status = 'SENDING', attempts = attempts + 1, updated_at = now()
                WHERE id = :id AND status IN ('PENDING', 'FAILED')
                """).param("id", id).update() == 1;
    }

    /** A claimed reminder that must not leave after all (paid meanwhile): CANCELLED, with the reason. */
    @Transactional
    public void cancelClaimed(long id, String reason) {
        jdbc.sql("""
                UPDATE payment_reminder SET status = 'CANCELLED', last_error = :reason, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """).param("id", id).param("reason", reason).update();
    }

    /** The amount the composed mail states as due. */
    @Transactional
    public void amountDue(long id, BigDecimal amount) {
        jdbc.sql("UPDATE payment_reminder SET amount_due = :amount WHERE id = :id").param("id", id)
                .param("amount", amount).update();
    }

    @Transactional
    public void sent(long id, OffsetDateTime at) {
        jdbc.sql("""
                UPDATE payment_reminder SET status = 'SENT', sent_at = :at, last_error = NULL, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """).param("id", id).param("at", at).update();
    }

    /** Did not leave; {@code permanent}: attempts taken to {@code max}, nothing retries it but a dead-letter replay. */
    @Transactional
    public void failed(long id, String error, boolean permanent, int max) {
        jdbc.sql("""
                UPDATE payment_reminder SET status = 'FAILED', last_error = :error, updated_at = now(),
                       attempts = CASE WHEN :permanent THEN GREATEST(attempts, :max) ELSE attempts END
                WHERE id = :id AND status IN ('SENDING', 'PENDING')
                """).param("id", id).param("error", error).param("permanent", permanent).param("max", max).update();
    }

    public Optional<Reminder> find(long id) {
        return jdbc.sql(ROW + " WHERE r.id = :id").param("id", id).query(Reminder.class).optional();
    }

    public List<Reminder> ofInvoice(long invoiceId) {
        return jdbc.sql(ROW + " WHERE r.invoice_id = :id ORDER BY r.offset_days").param("id", invoiceId)
                .query(Reminder.class).list();
    }
}
