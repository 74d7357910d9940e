package dev.crahub.delivery;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

/**
 * The steps of the e-mail channel (route {@code delivery-send-email}): compose the invoice mail with the Factur-X
 * attached, say where it goes (SMTP or the {@code .eml} outbox), and what the channel answers once it left. The
 * orchestrator ({@link ChannelDispatcher}) keeps the state that makes it leave once.
 */
@Component
public class InvoiceDispatcher {

    private final DispatchStore store;
    private final InvoiceMailComposer composer;
    private final MailSettings settings;

    public InvoiceDispatcher(DispatchStore store, InvoiceMailComposer composer, MailSettings settings) {
        this.store = store;
        this.composer = composer;
        this.settings = settings;
    }

    /** The invoice mail of the dispatch, its Factur-X attached (the gate is asked again: never an unvalidated file). */
    public MimeMessage compose(long id) throws MessagingException, IOException {
        return composer.compose(id);
    }

    public byte[] eml(MimeMessage message) throws MessagingException, IOException {
        return composer.toEml(message);
    }

    /** What the channel answers once the mail left: its Message-ID as the remote id. */
    public ChannelOutcome mailed(long id) {
        DispatchSummary d = store.find(id).orElseThrow();
        return ChannelOutcome.delivered(d.messageId(), (smtpConfigured() ? "mailed to " : "written to the outbox for ")
                + d.recipients());
    }

    /** An error outside any channel: noted on the dispatch (kept for the month route's catch). */
    public DispatchSummary failed(long id, String error) {
        return store.noted(id, error);
    }

    public DispatchSummary current(long id) {
        return store.find(id).orElseThrow();
    }

    public boolean smtpConfigured() {
        return settings.smtpConfigured();
    }

    /** The Camel SMTP endpoint for the configured server; credentials only when set, the password kept raw. */
    public String smtpUri() {
        return settings.smtpUri();
    }

    /** The outbox file of a dispatch: {@code <invoice number>.eml}. */
    public String emlFileName(long id) {
        return store.find(id).orElseThrow().invoiceNumber() + ".eml";
    }
}
