package dev.crahub.delivery;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.invoice.InvoiceStore;
import dev.crahub.invoice.InvoiceSummary;
import dev.crahub.referential.Contract;
import dev.crahub.referential.Seller;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.EInvoiceNotValidException;
import dev.crahub.einvoice.EInvoices;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.system.Months;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The steps of the orchestrating routes {@code delivery-dispatch}, {@code delivery-dispatch-one} and
 * {@code delivery-dispatch-retry} (ADR 0021): plan each invoice's dispatch from its client's channels, claim it,
 * pass the validation gate before any channel, then record each channel's outcome and decide: delivered (done),
 * retry the same channel later (with back-off, at most {@code crahub.delivery.max-attempts} times, then it counts
 * as failed), or the next channel; every channel failed, or the gate refused: the routes send the invoice to the
 * dead letters. The routes say which channel route is called; this class keeps the state that makes each send
 * happen once, and the metrics {@code crahub.dispatch.attempts{channel,outcome}}, {@code crahub.dispatch.blocked}
 * and {@code crahub.dispatch.failed}.
 */
@Component("channelDispatcher")
public class ChannelDispatcher {

    private final DispatchStore store;
    private final ReferentialStore referential;
    private final EInvoices einvoices;
    private final DeliverySettings settings;
    private final MailAccounts mail;
    private final InvoiceStore invoices;
    private final MeterRegistry meters;
    private final Clock clock;

    public ChannelDispatcher(DispatchStore store, ReferentialStore referential, EInvoices einvoices,
                             DeliverySettings settings, MailAccounts mail, InvoiceStore invoices, MeterRegistry meters,
                             Clock clock) {
        this.invoices = invoices;
        this.store = store;
        this.referential = referential;
        this.einvoices = einvoices;
        this.settings = settings;
        this.mail = mail;
        this.meters = meters;
        this.clock = clock;
    }

    /** Dispatch ids to run now for the month ({@code yyyy-MM}), creating the missing dispatches with their plan. */
    public List<Long> plan(String month) {
        for (DispatchStore.NewDispatch d : store.missing(Months.parse(month))) {
            store.create(d, channelsOf(d.clientCode()), "<invoice." + d.number() + "@" + messageIdDomain(d.invoiceId()) + ">");
        }
        return store.toRun(Months.parse(month));
    }

    /** The domain of an invoice's Message-ID: its sender's, as its contract's mailbox gives it (ADR 0023). */
    private String messageIdDomain(long invoiceId) {
        InvoiceSummary invoice = invoices.find(invoiceId).orElseThrow();
        Contract contract = referential.contract(invoice.contract()).orElseThrow();
        Seller seller = referential.seller(invoice.seller()).orElseThrow();
        return mail.messageIdDomain(mail.choose(contract.mail().account(),
                contract.accountManager() == null ? null : contract.accountManager().email(), seller.mailAccount()),
                seller.email());
    }

    /** RETRY dispatches whose back-off is over (timer {@code delivery-dispatch-retry}). */
    public List<Long> dueRetries() {
        return store.dueRetries(OffsetDateTime.now(clock));
    }

    /**
     * Takes a dispatch for sending (SENDING, committed before any channel is tried): a new round on the client's
     * current channels when it is new, failed or blocked; the same channel again when it waits for a retry. False
     * when it is not to be sent (delivered, or being sent: SENDING after a crash stays for someone to decide).
     */
    public boolean claim(long id) {
        DispatchStore.Dispatch d = store.dispatch(id).orElseThrow(() -> new IllegalArgumentException("no dispatch " + id));
        return switch (d.status()) {
            case PENDING, FAILED, BLOCKED -> store.claimRound(id, channelsOf(d.clientCode()));
            case RETRY -> store.claimRetry(id);
            default -> false;
        };
    }

    /**
     * The validation gate, before any channel: the e-invoice in the format of the channel about to be tried must be
     * VALID ({@link EInvoices#document}); else {@link EInvoiceNotValidException} and nothing is sent.
     *
     * @return what the channel route receives
     */
    public ChannelDelivery gate(long id) {
        DispatchStore.Dispatch d = sending(id);
        DispatchStore.PlannedChannel c = d.current();
        EInvoiceFormat format = EInvoiceFormat.valueOf(c.format());
        einvoices.document(d.invoiceId(), format);
        return new ChannelDelivery(d.id(), d.invoiceId(), d.invoiceNumber(), d.sellerCode(), d.clientCode(), c.type(),
                format, c.settings(), d.channelAttempts() + 1);
    }

    /** The gate refused: a BLOCKED attempt, the dispatch BLOCKED; the route sends it to the dead letters. */
    public void blocked(long id, Exception refusal) {
        DispatchStore.Dispatch d = sending(id);
        String reason = refusal instanceof EInvoiceNotValidException e
                ? "blocked by the validation gate (e-invoice " + e.status() + "): " + e.getMessage()
                : "blocked by the validation gate: " + refusal.getMessage();
        store.blocked(d, reason, OffsetDateTime.now(clock));
        meters.counter("crahub.dispatch.blocked").increment();
        count(d.current().type(), DispatchAttempt.Outcome.BLOCKED);
    }

    /**
     * Records what the channel answered, with its attempt row, and says whether the next channel is to be tried now
     * (the channel failed for good and the client has another).
     */
    public boolean record(long id, ChannelOutcome outcome) {
        DispatchStore.Dispatch d = sending(id);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String channel = d.current().type();
        String message = clip(outcome.message());
        switch (outcome.result()) {
            case DELIVERED -> {
                store.delivered(d, outcome.remoteId(), message, now);
                count(channel, DispatchAttempt.Outcome.DELIVERED);
                return false;
            }
            case RETRY -> {
                int attempt = d.channelAttempts() + 1;
                if (attempt < settings.maxAttempts()) {
                    store.retry(d, message, now, now.plus(settings.backoff(attempt)));
                    count(channel, DispatchAttempt.Outcome.RETRY);
                    return false;
                }
                return failed(d, "gave up after " + attempt + " attempts: " + message, now);
            }
            default -> {
                return failed(d, message, now);
            }
        }
    }

    private boolean failed(DispatchStore.Dispatch d, String message, OffsetDateTime now) {
        count(d.current().type(), DispatchAttempt.Outcome.FAILED);
        boolean next = store.failed(d, message, now);
        if (!next) {
            meters.counter("crahub.dispatch.failed").increment();
        }
        return next;
    }

    /**
     * What a channel route that raised counts as: FAILED when trying again cannot help (a setup problem, an address
     * refused, a host key or login refused by the SFTP server, no route for that channel), else RETRY (a server down,
     * a network error). Never DELIVERED: a channel that raised is taken as having not delivered.
     */
    public ChannelOutcome failure(Exception exception) {
        String message = describe(exception);
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof ChannelSetupException || t instanceof UnsendableMailException
                    || t instanceof EInvoiceNotValidException
                    || t instanceof IllegalArgumentException
                    || t.getClass().getSimpleName().equals("DirectConsumerNotAvailableException")
                    || text.contains("reject hostkey") || text.contains("hostkey has been changed")
                    || text.contains("auth fail") || text.contains("auth cancel")) {
                return ChannelOutcome.failed(message);
            }
        }
        return ChannelOutcome.retry(message);
    }

    /** Throws when the dispatch did not end delivered, so that the route sends it to the dead letters (replayable). */
    public void requireDelivered(long id) {
        DispatchSummary s = store.find(id).orElseThrow();
        if (s.status() == DispatchStatus.FAILED || s.status() == DispatchStatus.BLOCKED) {
            throw new UndeliveredInvoiceException("invoice " + s.invoiceNumber() + " not delivered (" + s.status() + "): "
                    + s.error());
        }
    }

    /**
     * A person's decision on a dispatch left SENDING by a crash (its channel may or may not have delivered): delivered
     * (SENT, a DELIVERED attempt saying who decided) or not (a RETRY attempt, due now: the same channel is tried
     * again). Only a dispatch SENDING for longer than {@code crahub.delivery.decide-after} (15 min: longer than any
     * channel's time-outs, so no send is in progress) can be decided; the hub itself never guesses.
     *
     * @throws IllegalStateException when the dispatch is not SENDING
     */
    public DispatchSummary decide(long id, boolean delivered, String reason, String user) {
        DispatchStore.Dispatch d = sending(id);
        if (!store.sendingUntouchedFor(id, settings.decideAfter())) {
            throw new IllegalStateException("dispatch " + id + " may still be being sent (SENDING for less than "
                    + settings.decideAfter().toMinutes() + " min, crahub.delivery.decide-after)");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        String message = (delivered ? "delivered" : "not delivered") + ", decided by " + user + ": " + reason;
        if (delivered) {
            store.delivered(d, null, message, now);
            count(d.current().type(), DispatchAttempt.Outcome.DELIVERED);
        } else {
            store.retry(d, message, now, now);
            count(d.current().type(), DispatchAttempt.Outcome.RETRY);
        }
        return current(id);
    }

    public DispatchSummary current(long id) {
        return store.find(id).orElseThrow();
    }

    /** An error outside any channel (the database, a bug): noted on the dispatch, whose state does not move. */
    public DispatchSummary noted(long id, String error) {
        return store.noted(id, error);
    }

    private List<DispatchStore.PlannedChannel> channelsOf(String clientCode) {
        return referential.channels(clientCode).stream()
                .map(c -> new DispatchStore.PlannedChannel(c.type(), c.formatName(), c.settings()))
                .toList();
    }

    private DispatchStore.Dispatch sending(long id) {
        DispatchStore.Dispatch d = store.dispatch(id).orElseThrow(() -> new IllegalArgumentException("no dispatch " + id));
        if (d.status() != DispatchStatus.SENDING) {
            throw new IllegalStateException("dispatch " + id + " is " + d.status() + ", not SENDING");
        }
        return d;
    }

    private void count(String channel, DispatchAttempt.Outcome outcome) {
        meters.counter("crahub.dispatch.attempts", "channel", channel, "outcome", outcome.name()).increment();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return clip(text);
    }

    private static String clip(String text) {
        return text == null ? null : text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }
}
