package dev.crahub.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import dev.crahub.system.Months;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

/**
 * The steps of the dispatch routes: plan, claim, compose, record the outcome. The routes decide where the mail
 * goes (SMTP or the {@code .eml} outbox); this class keeps the state that makes a send happen once.
 */
@Component
public class InvoiceDispatcher {

    private final DispatchStore store;
    private final InvoiceMailComposer composer;
    private final MailSettings settings;
    private final Clock clock;

    public InvoiceDispatcher(DispatchStore store, InvoiceMailComposer composer, MailSettings settings, Clock clock) {
        this.store = store;
        this.composer = composer;
        this.settings = settings;
        this.clock = clock;
    }

    /** Dispatch ids to send now for the month (creating the missing ones). */
    public List<Long> plan(String month) {
        return store.prepare(Months.parse(month), settings.domain());
    }

    /** Takes a dispatch for sending; false when it is not to be sent (already sent, or being sent). */
    public boolean claim(long id) {
        return store.claim(id);
    }

    public MimeMessage compose(long id) throws MessagingException, IOException {
        return composer.compose(id);
    }

    public byte[] eml(MimeMessage message) throws MessagingException, IOException {
        return composer.toEml(message);
    }

    public DispatchSummary sent(long id) {
        return store.sent(id, OffsetDateTime.now(clock));
    }

    public DispatchSummary failed(long id, String error) {
        return store.failed(id, error);
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
