package dev.crahub.delivery.reminder;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import dev.crahub.system.XmlCharacters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Payments a person records and the payment reminders of an invoice (ADR 0027); billing's, like the invoice. A
 * payment never exceeds what remains due; once nothing remains, the invoice's pending reminders are cancelled.
 */
@RestController
class PaymentController {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentController.class);
    private static final int MAX_REFERENCE = 200;

    private final InvoicePayments payments;
    private final PaymentReminderStore reminders;
    private final Clock clock;

    PaymentController(InvoicePayments payments, PaymentReminderStore reminders, Clock clock) {
        this.payments = payments;
        this.reminders = reminders;
        this.clock = clock;
    }

    /** {@code {"amount": 1200.00, "paidOn": "2020-12-15", "reference": "VIR 123"}}. */
    record PaymentRequest(BigDecimal amount, LocalDate paidOn, String reference) {
    }

    /** An invoice's payments and reminders, with what remains due. */
    record InvoiceReminders(long invoiceId, String number, LocalDate dueDate, String currency, BigDecimal totalGross,
                            BigDecimal credited, BigDecimal paid, BigDecimal outstanding, boolean settled,
                            List<InvoicePayments.Payment> payments, List<PaymentReminderStore.Reminder> reminders) {
    }

    /**
     * Records a payment received (source {@code api}): 201 with the payment and the balance after it; 404 unknown
     * invoice; 422 a draft, a credit note, an amount not above zero, with more than two decimals or more than what
     * remains due, a date in the future, a reference too long or holding a control character.
     */
    @PostMapping("/api/invoices/{id}/payments")
    ResponseEntity<InvoicePayments.Recorded> pay(@PathVariable long id, @RequestBody(required = false) PaymentRequest body,
                                                 Principal principal) {
        InvoiceBalance balance = payments.balance(id).orElse(null);
        if (balance == null) {
            // a draft shares the invoices' ids but has no number yet: nothing to pay
            throw new ResponseStatusException(payments.isDraft(id) ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.NOT_FOUND,
                    payments.isDraft(id) ? "invoice " + id + " is a draft: it is paid once issued" : "no invoice " + id);
        }
        if (body == null || body.amount() == null) {
            throw unprocessable("amount is required");
        }
        if (body.amount().signum() <= 0) {
            throw unprocessable("amount must be above zero, not " + body.amount().toPlainString());
        }
        if (body.amount().stripTrailingZeros().scale() > 2) {
            throw unprocessable("amount: at most two decimals, not " + body.amount().toPlainString());
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate paidOn = body.paidOn() == null ? today : body.paidOn();
        if (paidOn.isAfter(today)) {
            throw unprocessable("paidOn " + paidOn + " is in the future");
        }
        String reference = body.reference() == null ? "" : body.reference().strip();
        if (reference.length() > MAX_REFERENCE) {
            throw unprocessable("reference: " + reference.length() + " characters, more than " + MAX_REFERENCE);
        }
        int bad = XmlCharacters.firstRefused(reference);
        if (bad >= 0) {
            throw unprocessable("reference: " + XmlCharacters.describe(reference, bad));
        }
        String user = principal == null ? "unknown" : principal.getName();
        try {
            InvoicePayments.Recorded recorded = payments.record(id, body.amount().setScale(2), paidOn, reference, user);
            LOG.info("Payment of {} {} on {} recorded for invoice {} by {} (reference '{}'); outstanding {}, {} reminders cancelled",
                    recorded.payment().amount(), balance.currency(), paidOn, balance.number(), user, reference,
                    recorded.balance().outstanding(), recorded.remindersCancelled());
            return ResponseEntity.status(HttpStatus.CREATED).body(recorded);
        } catch (InvoicePayments.RefusedPaymentException e) {
            throw unprocessable(e.getMessage());
        }
    }

    @GetMapping("/api/invoices/{id}/reminders")
    InvoiceReminders reminders(@PathVariable long id) {
        InvoiceBalance b = payments.balance(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no invoice " + id));
        return new InvoiceReminders(id, b.number(), b.dueDate(), b.currency(), b.totalGross(), b.credited(), b.paid(),
                b.outstanding(), b.settled(), payments.payments(id), reminders.ofInvoice(id));
    }

    private static ResponseStatusException unprocessable(String detail) {
        return new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, detail);
    }
}
