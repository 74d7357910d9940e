package dev.crahub.delivery;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.crahub.cra.CraDecisions;
import dev.crahub.cra.CraMailQueue;
import dev.crahub.cra.CraStore;
import dev.crahub.cra.ValidationTokens;
import dev.crahub.delivery.mail.MailOutcome;
import dev.crahub.delivery.mail.OutgoingMail;
import jakarta.mail.MessagingException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of the CRA mail routes ({@code delivery-mail-cra-poll}, {@code delivery-mail-cra}): which rows are due,
 * the claim, the message, the outcome. The routes say where the mail goes (SMTP or the {@code .eml} outbox) and
 * when; this class keeps the state that makes each queued mail leave once: SENDING is committed before it leaves,
 * SENT after, FAILED (retried after a back-off, a few times) only when the send raised before it left.
 */
@Component("craMailer")
public class CraMailer {

    /** Rows one poll takes at most (the next poll takes the rest). */
    static final int BATCH = 50;

    private final CraMailStore store;
    private final CraMailComposer composer;
    private final CraStore cras;
    private final CraDecisions decisions;
    private final ValidationTokens tokens;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration backoff;

    public CraMailer(CraMailStore store, CraMailComposer composer, CraStore cras, CraDecisions decisions,
                     ValidationTokens tokens, Clock clock,
                     @Value("${crahub.cra.mail-max-attempts:5}") int maxAttempts,
                     @Value("${crahub.cra.mail-retry-backoff:60s}") Duration backoff) {
        this.store = store;
        this.composer = composer;
        this.cras = cras;
        this.decisions = decisions;
        this.tokens = tokens;
        this.clock = clock;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
    }

    /** Ids of the rows to send now: PENDING ones, FAILED ones whose back-off is over and attempts are left. */
    public List<Long> due() {
        return store.due(maxAttempts, backoff, BATCH);
    }

    /**
     * Takes a row for sending; false when it is not to be sent (sent, being sent, or found in SENDING after a crash),
     * or must no longer be: a request or reminder whose link was revoked or whose CRA version was decided or
     * superseded meanwhile is closed (FAILED for good, the reason said) without a dead letter.
     */
    public boolean claim(long id) {
        var obsolete = store.obsolete(id);
        if (obsolete.isPresent()) {
            store.close(id, obsolete.get(), maxAttempts);
            return false;
        }
        return store.claim(id);
    }

    public OutgoingMail compose(long id) throws MessagingException {
        CraMailStore.Facts f = store.facts(id).orElseThrow(() -> new IllegalStateException("No CRA mail " + id));
        String link = switch (f.kind()) {
            case VALIDATION_REQUEST, REMINDER -> {
                if (f.tokenId() == null) {
                    throw new UnsendableMailException(f.kind() + " mail " + id + " names no validation link");
                }
                yield tokens.link(f.tokenId());
            }
            default -> tokens.publicBaseUrl() + "/api/cras/" + f.craId();
        };
        byte[] pdf = CraMailComposer.attachesPdf(f.kind()) ? cras.pdf(f.craId()).orElse(null) : null;
        CraDecisions.Recorded decision = f.kind() == CraMailQueue.Kind.DECIDED_NOTICE
                || f.kind() == CraMailQueue.Kind.REJECTION_NOTICE ? decisions.find(f.craId()).orElse(null) : null;
        Map<String, String> approvers = f.kind() == CraMailQueue.Kind.ESCALATION ? store.approvers(f.craId()) : Map.of();
        int reminders = f.kind() == CraMailQueue.Kind.ESCALATION ? store.remindersSent(f.craId()) : 0;
        return composer.compose(new CraMailComposer.Content(f, link, pdf, decision, approvers, reminders,
                LocalDate.now(clock)));
    }

    /**
     * What the row becomes once route {@code delivery-mail-send} answered: SENT (with the CRA's audit event); else
     * the failure is raised, so the route's catch records it (FAILED, retried after a back-off unless permanent) and
     * sends it to the dead letters with the server's answer.
     */
    public CraMail outcome(long id, MailOutcome outcome) {
        return switch (outcome.status()) {
            case SENT -> store.sent(id, OffsetDateTime.now(clock));
            case RETRY -> throw new MailNotSentException(outcome.detail());
            case FAILED -> throw new UnsendableMailException("refused: " + outcome.detail());
        };
    }

    /**
     * Records that the send of a claimed row raised before the mail left (FAILED, with the reason), then raises the
     * same failure again, so the caller sends it to the dead letters. A mail that cannot be made at all is not
     * retried automatically.
     */
    public void failed(long id, Exception failure) throws Exception {
        Throwable cause = unwrap(failure);
        boolean permanent = cause instanceof UnsendableMailException;
        store.failed(id, reason(cause), permanent, maxAttempts);
        if (cause instanceof Exception e) {
            throw e;
        }
        throw failure;
    }

    public CraMail current(long id) {
        return store.find(id).orElseThrow(() -> new IllegalStateException("No CRA mail " + id));
    }

    private static Throwable unwrap(Throwable t) {
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof InvocationTargetException || t.getClass().getName().startsWith("org.apache.camel."))) {
            t = t.getCause();
        }
        return t;
    }

    static String reason(Throwable t) {
        if (t instanceof UnsendableMailException) {
            return t.getMessage();
        }
        String message = t.getClass().getSimpleName() + ": " + t.getMessage();
        Throwable cause = t.getCause();
        if (cause != null && cause != t && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (cause: " + cause.getMessage() + ")";
        }
        return message;
    }
}
