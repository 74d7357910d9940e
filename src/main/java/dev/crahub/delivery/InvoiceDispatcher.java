package dev.crahub.delivery;

import java.io.IOException;

import dev.crahub.delivery.mail.MailOutcome;
import dev.crahub.delivery.mail.OutgoingMail;
import jakarta.mail.MessagingException;
import org.springframework.stereotype.Component;

/**
 * The steps of the e-mail channel (route {@code delivery-send-email}): compose the invoice mail with the Factur-X
 * attached (route {@code delivery-mail-send} hands it to its mailbox), and what the channel answers for it. The
 * orchestrator ({@link ChannelDispatcher}) keeps the state that makes it leave once.
 */
@Component
public class InvoiceDispatcher {

    private final DispatchStore store;
    private final InvoiceMailComposer composer;

    public InvoiceDispatcher(DispatchStore store, InvoiceMailComposer composer) {
        this.store = store;
        this.composer = composer;
    }

    /**
     * The invoice mail of the dispatch, its Factur-X attached (the gate is asked again: never an unvalidated file),
     * for route {@code delivery-mail-send}.
     */
    public OutgoingMail compose(long id) throws MessagingException, IOException {
        return composer.compose(id);
    }

    /**
     * What the channel answers for the mail's outcome: its Message-ID as the remote id once it left; a transient
     * failure (the mail did not leave) asks for a retry on the same channel; a permanent one (a 5xx answer, a mail
     * that cannot be made) fails the channel, so the client's next channel is tried.
     */
    public ChannelOutcome outcome(long id, MailOutcome outcome) {
        DispatchSummary d = store.find(id).orElseThrow();
        return switch (outcome.status()) {
            case SENT -> ChannelOutcome.delivered(outcome.messageId(),
                    ("SMTP".equals(outcome.transport()) ? "mailed to " : "written to the outbox for ") + d.recipients()
                            + ": " + outcome.detail());
            case RETRY -> ChannelOutcome.retry("mail not sent, will try again: " + outcome.detail());
            case FAILED -> ChannelOutcome.failed("mail refused: " + outcome.detail());
        };
    }

    /** An error outside any channel: noted on the dispatch (kept for the month route's catch). */
    public DispatchSummary failed(long id, String error) {
        return store.noted(id, error);
    }

    public DispatchSummary current(long id) {
        return store.find(id).orElseThrow();
    }
}
