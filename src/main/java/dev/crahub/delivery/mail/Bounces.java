package dev.crahub.delivery.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import dev.crahub.delivery.DispatchStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a delivery-status notification read in a mailbox's inbox means for the hub (ADR 0027). Only mails the hub
 * sent count (matched by Message-ID in {@code mail_message}); each notification acts once, whatever how often it is
 * read. A permanent failure (Action failed, 5.x.x) is recorded on the mail, flagged on its document, alerts the
 * billing team (a {@code mail_bounce} row, a WARN line, the counter {@code crahub.mail.bounces}) and, for an invoice
 * or credit note delivered by mail, moves its dispatch to the client's next channel (a FAILED attempt
 * "bounced: ..."; the route then runs it) or, when e-mail was the last one, FAILED (the route puts it in the dead
 * letters). A delay (4.x.x) is recorded, not acted on.
 */
@Component
public class Bounces {

    private static final Logger LOG = LoggerFactory.getLogger(Bounces.class);

    private final MailRegistry registry;
    private final BounceStore store;
    private final DispatchStore dispatches;
    private final MeterRegistry meters;
    private final Clock clock;

    public Bounces(MailRegistry registry, BounceStore store, DispatchStore dispatches, MeterRegistry meters,
                   Clock clock) {
        this.registry = registry;
        this.store = store;
        this.dispatches = dispatches;
        this.meters = meters;
        this.clock = clock;
    }

    /** What became of one notification. */
    public enum Outcome {
        /** Not about a mail the hub sent (or its mail cannot be told): left in the inbox. */
        UNKNOWN,
        /** Not a failure (delivered, relayed, expanded): nothing to do. */
        NOT_A_FAILURE,
        /** Read before: nothing changed. */
        ALREADY_KNOWN,
        /** A delay: recorded, the server keeps trying. */
        DELAYED,
        /** A permanent failure, recorded and acted on. */
        BOUNCED
    }

    /**
     * The result of one notification.
     *
     * @param dispatchId  the invoice dispatch the bounce moved, or null
     * @param nextChannel true: the dispatch waits on the client's next channel (run it now); false with a dispatch:
     *                    e-mail was its last channel, it is FAILED (dead letters)
     */
    public record Handled(Outcome outcome, String messageId, Long dispatchId, boolean nextChannel, String detail) {
    }

    @Transactional
    public Handled handle(String account, DeliveryStatusNotice dsn) {
        String messageId = dsn.originalMessageId();
        Optional<MailRegistry.MailRecord> found = messageId == null ? Optional.empty() : registry.find(messageId);
        if (found.isEmpty()) {
            return new Handled(Outcome.UNKNOWN, messageId, null, false, messageId == null
                    ? "names no Message-ID of the returned mail" : "about " + messageId + ", which the hub never sent");
        }
        MailRegistry.MailRecord mail = found.get();
        Optional<DeliveryStatusNotice.Recipient> failed = dsn.permanentFailure();
        Optional<DeliveryStatusNotice.Recipient> delayed = dsn.delay();
        if (failed.isEmpty() && delayed.isEmpty()) {
            return new Handled(Outcome.NOT_A_FAILURE, messageId, null, false, "no failure reported");
        }
        DeliveryStatusNotice.Recipient r = failed.orElseGet(delayed::get);
        Optional<Long> bounceId = store.record(mail, dsn.dsnId(), account, failed.isPresent(), r);
        if (bounceId.isEmpty()) {
            return new Handled(Outcome.ALREADY_KNOWN, messageId, null, false, "notification " + dsn.dsnId() + " read before");
        }
        if (failed.isEmpty()) {
            store.consequence(bounceId.get(), "delayed: recorded, the server keeps trying");
            meters.counter("crahub.mail.delays", "account", account).increment();
            LOG.info("Mail {} ({} {}) delayed: {}", messageId, mail.kind(), mail.subject(), r.describe());
            return new Handled(Outcome.DELAYED, messageId, null, false, r.describe());
        }
        String diagnostic = r.diagnostic() != null ? r.diagnostic() : r.describe();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!store.bounced(mail.id(), now, r.status(), diagnostic)) {
            store.consequence(bounceId.get(), "the mail had bounced already: nothing more done");
            return new Handled(Outcome.ALREADY_KNOWN, messageId, null, false, "bounced already");
        }
        Long dispatchId = null;
        boolean next = false;
        String consequence;
        if (mail.dispatchId() != null && ("INVOICE".equals(mail.kind()) || "CREDIT_NOTE".equals(mail.kind()))) {
            DispatchStore.Bounced moved = dispatches.bounced(mail.dispatchId(), messageId,
                    "bounced: " + r.describe(), now);
            switch (moved) {
                case NEXT_CHANNEL -> {
                    dispatchId = mail.dispatchId();
                    next = true;
                    consequence = "the client's next channel is used";
                }
                case FAILED -> {
                    dispatchId = mail.dispatchId();
                    consequence = "e-mail was the client's last channel: dispatch FAILED, in the dead letters";
                }
                default -> consequence = "the dispatch had moved on already: alert only";
            }
        } else {
            consequence = switch (mail.kind()) {
                case "PAYMENT_REMINDER" -> "payment reminder flagged (GET /api/invoices/" + mail.invoiceId() + "/reminders)";
                case "INVOICE", "CREDIT_NOTE" -> "invoice mail flagged";
                default -> "CRA mail flagged (GET /api/cras/" + mail.craId() + "/mails)";
            };
        }
        store.consequence(bounceId.get(), consequence);
        meters.counter("crahub.mail.bounces", "account", account, "kind", mail.kind()).increment();
        LOG.warn("Mail {} ({}, \"{}\" to {}) bounced: {}. {}", messageId, mail.kind(), mail.subject(), mail.recipients(),
                r.describe(), consequence);
        return new Handled(Outcome.BOUNCED, messageId, dispatchId, next, r.describe());
    }
}
