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
 * Payments of issued invoices ({@code invoice_payment}, insert-only, ADR 0022 and 0027): those a person records with
 * {@code POST /api/invoices/{id}/payments} (source {@code api}) beside those a platform's Encaissée reported, and
 * what remains due. Recording one locks the invoice's row, so two payments of one invoice take turns and never pay
 * more than remains; the invoice's pending reminders are cancelled in the same transaction once nothing remains.
 */
@Repository
public class InvoicePayments {

    static final String BALANCE = """
            SELECT i.id AS invoice_id, i.number, TRIM(i.type_code) AS type_code, i.currency, i.due_date, i.total_gross,
                   COALESCE((SELECT sum(c.total_gross) FROM invoice c
                             WHERE c.preceding_invoice_id = i.id AND c.type_code = '381'), 0) AS credited,
                   COALESCE((SELECT sum(p.amount) FROM invoice_payment p WHERE p.invoice_id = i.id), 0) AS paid
            FROM invoice i
            """;
    /** The outstanding amount of invoice {@code i}, in SQL. */
    static final String OUTSTANDING = """
            (i.total_gross
             - COALESCE((SELECT sum(c.total_gross) FROM invoice c WHERE c.preceding_invoice_id = i.id AND c.type_code = '381'), 0)
             - COALESCE((SELECT sum(p.amount) FROM invoice_payment p WHERE p.invoice_id = i.id), 0))
            """;

    private final JdbcClient jdbc;
    private final PaymentReminderStore reminders;

    public InvoicePayments(JdbcClient jdbc, PaymentReminderStore reminders) {
        this.jdbc = jdbc;
        this.reminders = reminders;
    }

    /** A recorded payment. */
    public record Payment(long id, long invoiceId, BigDecimal amount, LocalDate paidOn, String source, String reference,
                          OffsetDateTime recordedAt) {
    }

    /** The balance of an issued invoice; empty for an unknown id or a draft. */
    public Optional<InvoiceBalance> balance(long invoiceId) {
        return jdbc.sql(BALANCE + " WHERE i.id = :id").param("id", invoiceId).query(InvoiceBalance.class).optional();
    }

    /** Whether the id is a draft's (drafts and invoices share their ids; a draft has no number). */
    public boolean isDraft(long id) {
        return jdbc.sql("SELECT count(*) FROM invoice_draft WHERE id = :id").param("id", id).query(Integer.class).single() > 0;
    }

    public List<Payment> payments(long invoiceId) {
        return jdbc.sql("""
                SELECT id, invoice_id, amount, paid_on, source, reference, recorded_at FROM invoice_payment
                WHERE invoice_id = :id ORDER BY paid_on, id
                """).param("id", invoiceId).query(Payment.class).list();
    }

    /** Why a payment cannot be recorded. */
    public static final class RefusedPaymentException extends RuntimeException {
        public RefusedPaymentException(String message) {
            super(message);
        }
    }

    /** A payment recorded, the balance after it, and how many pending reminders it cancelled. */
    public record Recorded(Payment payment, InvoiceBalance balance, int remindersCancelled) {
    }

    /**
     * Records a payment received for an issued invoice (not a credit note), at most what remains due; once nothing
     * remains, its pending reminders are cancelled in the same transaction.
     *
     * @throws RefusedPaymentException a credit note, nothing left to pay, more than remains
     */
    @Transactional
    public Recorded record(long invoiceId, BigDecimal amount, LocalDate paidOn, String reference, String user) {
        jdbc.sql("SELECT id FROM invoice WHERE id = :id FOR NO KEY UPDATE").param("id", invoiceId).query(Long.class)
                .optional().orElseThrow(() -> new IllegalArgumentException("no issued invoice " + invoiceId));
        InvoiceBalance before = balance(invoiceId).orElseThrow();
        if (before.creditNote()) {
            throw new RefusedPaymentException(before.number() + " is a credit note: it is not paid by the client");
        }
        if (amount.compareTo(before.outstanding()) > 0) {
            throw new RefusedPaymentException("amount " + amount.toPlainString() + " is more than what remains due on "
                    + before.number() + ": " + before.outstanding().toPlainString() + " " + before.currency());
        }
        long id = jdbc.sql("""
                INSERT INTO invoice_payment (invoice_id, amount, paid_on, source, reference)
                VALUES (:invoice, :amount, :paidOn, 'api', :reference) RETURNING id
                """).param("invoice", invoiceId).param("amount", amount).param("paidOn", paidOn)
                .param("reference", reference).query(Long.class).single();
        InvoiceBalance after = balance(invoiceId).orElseThrow();
        int cancelled = after.settled() ? reminders.cancelOpen(invoiceId, "not sent: the invoice was paid (payment "
                + reference + " recorded by " + user + ")") : 0;
        Payment payment = jdbc.sql("""
                SELECT id, invoice_id, amount, paid_on, source, reference, recorded_at FROM invoice_payment WHERE id = :id
                """).param("id", id).query(Payment.class).single();
        return new Recorded(payment, after, cancelled);
    }
}
