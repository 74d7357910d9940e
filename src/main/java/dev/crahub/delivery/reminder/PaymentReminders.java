package dev.crahub.delivery.reminder;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.crahub.delivery.MailNotSentException;
import dev.crahub.delivery.UnsendableMailException;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailOutcome;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.invoice.InvoiceStore;
import dev.crahub.invoice.InvoiceSummary;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of the payment-reminder routes ({@code delivery-remind-payments}, {@code delivery-remind-payment}; ADR
 * 0027). Each run, on the hub's clock: plans the stages of the contract ({@code mail.paymentReminders}, default D-3,
 * D+7, D+15, D+30) for every issued invoice not yet planned that still has something due; cancels the open stages of
 * invoices paid or credited meanwhile; then, per invoice, sends only the latest stage whose day has come: an earlier
 * one still open is cancelled (no burst of reminders after the hub was down), and a stage more than
 * {@code crahub.reminders.catch-up} old is not sent at all. Each reminder is claimed (SENDING, committed) before its
 * mail is handed to {@code delivery-mail-send}, checked once more right before (a payment that landed meanwhile stops
 * it), and SENT after; a failure before the mail left is FAILED and retried on the next run while attempts remain.
 */
@Component("paymentReminders")
public class PaymentReminders {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentReminders.class);
    /** Invoices planned per run at most (the next run plans the rest). */
    static final int PLAN_BATCH = 500;

    private final PaymentReminderStore store;
    private final InvoicePayments payments;
    private final PaymentReminderComposer composer;
    private final InvoiceStore invoices;
    private final ReferentialStore referential;
    private final MailAccounts accounts;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration catchUp;
    private final int maxAttempts;

    public PaymentReminders(PaymentReminderStore store, InvoicePayments payments, PaymentReminderComposer composer,
                            InvoiceStore invoices, ReferentialStore referential, MailAccounts accounts,
                            MeterRegistry meters, Clock clock,
                            @Value("${crahub.reminders.catch-up:10d}") Duration catchUp,
                            @Value("${crahub.reminders.max-attempts:5}") int maxAttempts) {
        this.store = store;
        this.payments = payments;
        this.composer = composer;
        this.invoices = invoices;
        this.referential = referential;
        this.accounts = accounts;
        this.meters = meters;
        this.clock = clock;
        this.catchUp = catchUp;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    /** Plans, cancels what must no longer leave, and answers the ids of the reminders to send now. */
    public List<Long> due() {
        LocalDate today = LocalDate.now(clock);
        for (PaymentReminderStore.Unplanned u : store.unplanned(PLAN_BATCH)) {
            plan(u);
        }
        int cancelled = store.cancelSettled();
        if (cancelled > 0) {
            LOG.info("Payment reminders: {} cancelled, their invoices paid or credited", cancelled);
        }
        Map<Long, List<PaymentReminderStore.Open>> byInvoice = new LinkedHashMap<>();
        store.open(today).forEach(o -> byInvoice.computeIfAbsent(o.invoiceId(), k -> new ArrayList<>()).add(o));
        List<Long> due = new ArrayList<>();
        LocalDate oldest = today.minusDays(catchUp.toDays());
        for (List<PaymentReminderStore.Open> stages : byInvoice.values()) {
            PaymentReminderStore.Open latest = stages.get(stages.size() - 1);
            for (PaymentReminderStore.Open earlier : stages.subList(0, stages.size() - 1)) {
                store.cancel(earlier.id(), "not sent: the later reminder D" + signed(latest.offsetDays())
                        + " was due by the time it could be sent");
            }
            if (latest.dueOn().isBefore(oldest)) {
                store.cancel(latest.id(), "not sent: its day (" + latest.dueOn() + ") passed more than "
                        + catchUp.toDays() + " days ago (crahub.reminders.catch-up)");
            } else if ("PENDING".equals(latest.status()) || latest.attempts() < maxAttempts) {
                due.add(latest.id());
            }
        }
        return due;
    }

    private void plan(PaymentReminderStore.Unplanned u) {
        Contract contract = referential.contract(u.contractCode()).orElse(null);
        if (contract == null) {
            return;
        }
        InvoiceSummary invoice = invoices.find(u.invoiceId()).orElseThrow();
        Seller seller = referential.seller(invoice.seller()).orElseThrow();
        String domain = accounts.messageIdDomain(accounts.choose(contract.mail().account(),
                contract.accountManager() == null ? null : contract.accountManager().email(), seller.mailAccount()),
                seller.email());
        for (int offset : contract.mail().paymentReminders()) {
            store.plan(u.invoiceId(), offset, u.dueDate().plusDays(offset),
                    "<reminder." + u.number() + ".d" + signed(offset) + "@" + domain + ">");
        }
    }

    /**
     * Takes a reminder for sending (SENDING, committed); false when it is not to be sent: taken by another run, sent,
     * or its invoice was paid meanwhile (then CANCELLED).
     */
    public boolean claim(long id) {
        PaymentReminderStore.Reminder r = store.find(id).orElseThrow(() -> new IllegalArgumentException("no reminder " + id));
        if (payments.balance(r.invoiceId()).orElseThrow().settled()) {
            store.cancel(id, "not sent: nothing remains due on the invoice (paid or credited)");
            return false;
        }
        return store.claim(id);
    }

    /** The reminder's mail, stating what remains due now (kept on the row). */
    public OutgoingMail compose(long id) throws MessagingException {
        PaymentReminderStore.Reminder r = store.find(id).orElseThrow();
        InvoiceBalance balance = payments.balance(r.invoiceId()).orElseThrow();
        store.amountDue(id, balance.outstanding());
        return composer.compose(r, balance);
    }

    /**
     * Right before the mail is handed over: whether it still may leave. A payment recorded since the claim (the API,
     * a platform's Encaissée) cancels it here: it is not sent.
     */
    public boolean stillDue(long id) {
        PaymentReminderStore.Reminder r = store.find(id).orElseThrow();
        InvoiceBalance balance = payments.balance(r.invoiceId()).orElseThrow();
        if (balance.settled()) {
            store.cancelClaimed(id, "not sent: the invoice was paid while the reminder was being prepared");
            return false;
        }
        if (r.amountDue() != null && balance.outstanding().compareTo(r.amountDue()) != 0) {
            // a part payment landed between the composition and now: the mail would state a wrong amount
            store.failed(id, "composed again: a payment changed the amount due", false, maxAttempts);
            return false;
        }
        return true;
    }

    /** SENT, or the failure raised for the route's catch (FAILED, the dead letters). */
    public PaymentReminderStore.Reminder outcome(long id, MailOutcome outcome) {
        switch (outcome.status()) {
            case SENT -> {
                store.sent(id, OffsetDateTime.now(clock));
                meters.counter("crahub.mail.payment-reminders", "outcome", "SENT").increment();
                return current(id);
            }
            case RETRY -> throw new MailNotSentException(outcome.detail());
            default -> throw new UnsendableMailException("refused: " + outcome.detail());
        }
    }

    /** Records that a claimed reminder did not leave, then raises the failure again (dead letters). */
    public void failed(long id, Exception failure) throws Exception {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && (cause instanceof InvocationTargetException
                || cause.getClass().getName().startsWith("org.apache.camel."))) {
            cause = cause.getCause();
        }
        boolean permanent = cause instanceof UnsendableMailException || cause instanceof IllegalStateException;
        store.failed(id, cause.getClass().getSimpleName() + ": " + cause.getMessage(), permanent, maxAttempts);
        meters.counter("crahub.mail.payment-reminders", "outcome", "FAILED").increment();
        if (cause instanceof Exception e) {
            throw e;
        }
        throw failure;
    }

    public PaymentReminderStore.Reminder current(long id) {
        return store.find(id).orElseThrow(() -> new IllegalArgumentException("no reminder " + id));
    }

    static String signed(int offset) {
        return offset < 0 ? String.valueOf(offset) : "+" + offset;
    }
}
