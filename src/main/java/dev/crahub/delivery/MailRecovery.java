package dev.crahub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.crahub.delivery.mail.MailAccount;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailRegistry;
import dev.crahub.delivery.mail.MailRegistry.MailRecord;
import dev.crahub.delivery.mail.SentFolder;
import dev.crahub.delivery.mail.SmtpFailures;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The crash lookup (ADR 0024; steps of route {@code delivery-mail-recover}): every mail a crash left SENDING, longer
 * than the grace period (longer than any SMTP or IMAP time-out, so no send is in progress), is settled from what was
 * committed before SMTP and what its mailbox's Sent folder holds under its Message-ID, before anything is resent:
 * <ul>
 * <li>not handed to SMTP yet (no {@code handed_at}; {@code sent_copy} still NONE), or written to the outbox (writing
 *     it again replaces the same file): not sent, handed back to its owner for a normal resend (a dispatch RETRY due
 *     now, a CRA mail FAILED transient);</li>
 * <li>found in Sent without {@code \Draft}: it left; SENT, its document too (the dispatch delivered with an attempt
 *     saying so, the CRA mail SENT with its audit event);</li>
 * <li>found as a draft, no copy where one should be, IMAP down before SMTP ({@code sent_copy FAILED}), a mailbox
 *     without IMAP: UNCERTAIN, for the billing team ({@code POST /api/mails/{id}/decision}), never resent blindly.</li>
 * </ul>
 * Documents left SENDING with no registry row SENDING (a crash before {@code begin}, or after the registry's outcome
 * and before the document's) are settled from the registry row, or resent when there is none.
 */
@Component("mailRecovery")
public class MailRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(MailRecovery.class);

    private final MailRegistry registry;
    private final MailAccounts accounts;
    private final SentFolder sentFolder;
    private final DispatchStore dispatches;
    private final CraMailStore craMails;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration grace;

    public MailRecovery(MailRegistry registry, MailAccounts accounts, SentFolder sentFolder, DispatchStore dispatches,
                        CraMailStore craMails, MeterRegistry meters, Clock clock,
                        @Value("${crahub.mail.recover-grace:15m}") Duration grace) {
        this.registry = registry;
        this.accounts = accounts;
        this.sentFolder = sentFolder;
        this.dispatches = dispatches;
        this.craMails = craMails;
        this.meters = meters;
        this.clock = clock;
        this.grace = grace;
    }

    /** What a lookup concluded for one item. */
    public enum Verdict {
        SENT, NOT_SENT, UNCERTAIN, LATER
    }

    /**
     * The work of one round: {@code mail:<id>} for each registry row SENDING past the grace period,
     * {@code dispatch:<id>} and {@code cra-mail:<id>} for documents SENDING with no registry row SENDING.
     */
    public List<String> due() {
        List<String> items = new ArrayList<>();
        registry.stale(grace).forEach(r -> items.add("mail:" + r.id()));
        dispatches.staleMailSending(grace).keySet().forEach(id -> items.add("dispatch:" + id));
        craMails.staleSending(grace).keySet().forEach(id -> items.add("cra-mail:" + id));
        return items;
    }

    /** Settles one item of {@link #due()}. */
    public Verdict recover(String item) {
        int colon = item.indexOf(':');
        long id = Long.parseLong(item.substring(colon + 1));
        return switch (item.substring(0, colon)) {
            case "mail" -> recoverMail(id);
            case "dispatch" -> recoverDispatch(id);
            case "cra-mail" -> recoverCraMail(id);
            default -> throw new IllegalArgumentException("unknown recovery item " + item);
        };
    }

    /** A registry row left SENDING: looked up, then settled with its owner. */
    public Verdict recoverMail(long id) {
        MailRecord row = registry.find(id).orElseThrow(() -> new IllegalArgumentException("no mail " + id));
        if (!"SENDING".equals(row.status())) {
            return Verdict.LATER;
        }
        Lookup lookup = lookup(row);
        OffsetDateTime now = OffsetDateTime.now(clock);
        switch (lookup.verdict()) {
            case SENT -> {
                if (registry.settle(id, "SENT", lookup.reason(), now)) {
                    ownerSent(row.messageId(), row.dispatchId(), row.craMailId(), lookup.reason(), now);
                }
            }
            case NOT_SENT -> {
                if (registry.settle(id, "FAILED", lookup.reason(), null)) {
                    ownerNotSent(row.messageId(), row.dispatchId(), row.craMailId(), lookup.reason(), now);
                }
            }
            case UNCERTAIN -> {
                if (registry.settle(id, "UNCERTAIN", lookup.reason(), null)) {
                    LOG.warn("Mail {} ({} from mailbox {}) may or may not have left: {}; shown to the billing team "
                            + "(GET /api/mails?status=UNCERTAIN), never resent blindly", row.messageId(), row.kind(),
                            row.account(), lookup.reason());
                }
            }
            case LATER -> LOG.info("Mail {} left SENDING by a crash: lookup postponed ({})", row.messageId(), lookup.reason());
        }
        meters.counter("crahub.mail.recovered", "verdict", lookup.verdict().name()).increment();
        return lookup.verdict();
    }

    /** What was committed before SMTP and what Sent holds say about a row left SENDING. */
    Lookup lookup(MailRecord row) {
        if ("OUTBOX".equals(row.transport())) {
            return new Lookup(Verdict.NOT_SENT, "not sure it was written to data/outbox/mail/ before a restart; "
                    + "writing it again replaces the same file");
        }
        MailAccount account;
        try {
            account = accounts.get(row.account());
        } catch (RuntimeException e) {
            return new Lookup(Verdict.UNCERTAIN, "left SENDING by a restart; its mailbox " + row.account()
                    + " is no longer configured, so its Sent folder cannot be looked at");
        }
        boolean lookable = account.hasImap() && account.sentCopy() != MailAccount.SentCopy.NONE;
        if (row.handedAt() == null) {
            // the Sent copy step (committed) comes before SMTP: this mail never reached the server
            if (lookable && account.sentCopy() == MailAccount.SentCopy.APPEND) {
                try {
                    sentFolder.delete(account, row.messageId()); // a draft appended just before the crash
                } catch (MessagingException | RuntimeException e) {
                    return new Lookup(Verdict.LATER, "IMAP of mailbox " + account.name() + ": " + SmtpFailures.describe(e));
                }
            }
            return new Lookup(Verdict.NOT_SENT, "not sent: the hub stopped before handing it to SMTP (sent copy "
                    + row.sentCopy() + ")");
        }
        if (!lookable) {
            return new Lookup(Verdict.UNCERTAIN, "left SENDING by a restart while being handed to SMTP; mailbox "
                    + account.name() + " has no Sent folder to look in (no IMAP, or sent-copy NONE)");
        }
        if ("FAILED".equals(row.sentCopy())) {
            return new Lookup(Verdict.UNCERTAIN, "left SENDING by a restart while being handed to SMTP; IMAP was down "
                    + "before SMTP, so there is no copy in Sent to tell");
        }
        SentFolder.Copy copy;
        try {
            copy = sentFolder.lookup(account, row.messageId());
        } catch (MessagingException | RuntimeException e) {
            return new Lookup(Verdict.LATER, "IMAP of mailbox " + account.name() + ": " + SmtpFailures.describe(e));
        }
        String folder = account.sentFolder() + " of mailbox " + account.name();
        return switch (copy) {
            case SENT -> new Lookup(Verdict.SENT, "found in " + folder + " after a restart");
            case DRAFT -> new Lookup(Verdict.UNCERTAIN, "left SENDING by a restart; its copy in " + folder
                    + " is still a draft: handed to SMTP, not known whether the server accepted it");
            case NONE -> new Lookup(Verdict.UNCERTAIN, "left SENDING by a restart; no copy in " + folder
                    + ("SERVER".equals(row.sentCopy()) ? " (the server files its own copy once it accepted a mail)"
                    : " (its draft copy is gone)"));
        };
    }

    /** A dispatch SENDING on the e-mail channel with no registry row SENDING. */
    public Verdict recoverDispatch(long id) {
        Optional<DispatchStore.Dispatch> d = dispatches.dispatch(id);
        if (d.isEmpty() || d.get().status() != DispatchStatus.SENDING) {
            return Verdict.LATER;
        }
        String messageId = dispatches.find(id).orElseThrow().messageId();
        return orphan(messageId, id, null);
    }

    /** A CRA mail SENDING with no registry row SENDING. */
    public Verdict recoverCraMail(long id) {
        Optional<CraMail> mail = craMails.find(id);
        if (mail.isEmpty() || mail.get().status() != DispatchStatus.SENDING) {
            return Verdict.LATER;
        }
        return orphan(mail.get().messageId(), null, id);
    }

    private Verdict orphan(String messageId, Long dispatchId, Long craMailId) {
        Optional<MailRecord> row = registry.find(messageId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (row.isPresent() && "SENT".equals(row.get().status())) {
            ownerSent(messageId, dispatchId, craMailId, "sent before a restart (" + row.get().serverReply() + ")",
                    row.get().sentAt() == null ? now : row.get().sentAt());
            meters.counter("crahub.mail.recovered", "verdict", "SENT").increment();
            return Verdict.SENT;
        }
        if (row.isPresent() && !"FAILED".equals(row.get().status())) {
            return Verdict.LATER; // SENDING or UNCERTAIN: the registry's own lookup or a person settles it
        }
        String reason = row.isEmpty() ? "not sent: the hub stopped before the mail was handed to its mailbox"
                : "not sent before a restart: " + row.get().serverReply();
        ownerNotSent(messageId, dispatchId, craMailId, reason, now);
        meters.counter("crahub.mail.recovered", "verdict", "NOT_SENT").increment();
        return Verdict.NOT_SENT;
    }

    /** The mail left: its dispatch delivered, its CRA mail SENT (each only if still SENDING). */
    void ownerSent(String messageId, Long dispatchId, Long craMailId, String reason, OffsetDateTime at) {
        if (dispatchId != null) {
            dispatches.dispatch(dispatchId).filter(d -> d.status() == DispatchStatus.SENDING)
                    .filter(d -> "email".equals(d.current().type()))
                    .ifPresent(d -> dispatches.delivered(d, messageId, "mailed: " + reason, at));
        }
        if (craMailId != null) {
            craMails.find(craMailId).filter(m -> m.status() == DispatchStatus.SENDING)
                    .ifPresent(m -> craMails.sent(craMailId, at));
        }
    }

    /** The mail did not leave: handed back to its owner for a normal resend (each only if still SENDING). */
    void ownerNotSent(String messageId, Long dispatchId, Long craMailId, String reason, OffsetDateTime at) {
        if (dispatchId != null) {
            dispatches.dispatch(dispatchId).filter(d -> d.status() == DispatchStatus.SENDING)
                    .filter(d -> "email".equals(d.current().type()))
                    .ifPresent(d -> dispatches.retry(d, reason, at, at));
        }
        if (craMailId != null) {
            craMails.find(craMailId).filter(m -> m.status() == DispatchStatus.SENDING)
                    .ifPresent(m -> craMails.failed(craMailId, reason, false, 0));
        }
    }

    /**
     * A person's decision on an UNCERTAIN mail ({@code POST /api/mails/{id}/decision}): the registry row SENT or
     * FAILED with who and why, and its document with it (a dispatch delivered, or RETRY due now; a CRA mail SENT, or
     * FAILED to be retried).
     *
     * @throws IllegalStateException when the mail is not UNCERTAIN
     */
    public MailRecord decide(long id, boolean sent, String reason, String user) {
        MailRecord row = registry.find(id).orElseThrow(() -> new IllegalArgumentException("no mail " + id));
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!registry.decide(id, sent, user, reason, now, false)) {
            throw new IllegalStateException("mail " + id + " is " + row.status() + ", not UNCERTAIN");
        }
        // the answer is the decision as recorded: a mail decided not sent is resent at once by its owner's retry,
        // which may already have moved the same row on (SENDING again) by the time a later read would run
        MailRecord decided = registry.find(id).orElseThrow();
        String message = (sent ? "sent" : "not sent") + ", decided by " + user + ": " + reason;
        tidySentCopy(row, sent);
        if (sent) {
            ownerSent(row.messageId(), row.dispatchId(), row.craMailId(), message, now);
        } else {
            ownerNotSent(row.messageId(), row.dispatchId(), row.craMailId(), message, now);
        }
        return decided;
    }

    /**
     * A dispatch decided through {@code POST /api/dispatches/{id}/decision}: its mail's registry row, still SENDING
     * or UNCERTAIN, follows (SENT or FAILED), so both say the same.
     */
    public void dispatchDecided(String messageId, boolean delivered, String reason, String user) {
        registry.find(messageId).ifPresent(r -> {
            if (registry.decide(r.id(), delivered, user, reason, OffsetDateTime.now(clock), true)) {
                tidySentCopy(r, delivered);
            }
        });
    }

    /**
     * After a decision, the Sent folder says the same, as far as IMAP lets it (best effort: the decision stands
     * anyway): a draft copy of a mail decided sent loses {@code \Draft}; one decided not sent is deleted, so the resend
     * leaves one copy.
     */
    private void tidySentCopy(MailRecord row, boolean sent) {
        if (!"DRAFT".equals(row.sentCopy()) && !"APPENDED".equals(row.sentCopy())) {
            return;
        }
        try {
            MailAccount account = accounts.get(row.account());
            if (!account.hasImap()) {
                return;
            }
            if (sent) {
                sentFolder.confirm(account, row.messageId());
            } else {
                sentFolder.delete(account, row.messageId());
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("Sent copy of {} not brought in line with the decision (IMAP: {})", row.messageId(),
                    SmtpFailures.describe(e));
        }
    }

    /** The verdict of a lookup and why. */
    record Lookup(Verdict verdict, String reason) {
    }
}
