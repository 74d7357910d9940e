package dev.crahub.delivery.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

/**
 * The steps of route {@code delivery-mail-send}, the one way a mail leaves the hub (ADR 0023): the registry row
 * committed SENDING before the mail is handed to its mailbox's server, the server (or the outbox folder) that mailbox
 * uses, and the outcome recorded after: SENT, or a failure read as transient (RETRY) or permanent (FAILED) with the
 * server's answer. A mail the registry already has as SENT is not handed over again.
 */
@Component("mailPost")
public class MailPost {

    private final MailAccounts accounts;
    private final MailRegistry registry;
    private final MeterRegistry meters;
    private final Clock clock;

    public MailPost(MailAccounts accounts, MailRegistry registry, MeterRegistry meters, Clock clock) {
        this.accounts = accounts;
        this.registry = registry;
        this.meters = meters;
        this.clock = clock;
    }

    /** Records the transmission (committed); false when the mail already left, so it must not be handed over again. */
    public boolean begin(OutgoingMail mail) throws MessagingException {
        MailAccount account = accounts.get(mail.account());
        MimeMessage m = mail.message();
        return registry.begin(new MailRegistry.Begin(mail.messageId(), mail.kind(), account.name(),
                transport(account), addresses(m.getFrom()), addresses(m.getAllRecipients()),
                m.getSubject() == null ? "" : m.getSubject(), size(m), mail.invoiceId(), mail.craId(),
                mail.dispatchId(), mail.craMailId()));
    }

    /** Whether the mailbox has an SMTP server (else the mail is written to {@code data/outbox/mail/}). */
    public boolean smtp(OutgoingMail mail) {
        return accounts.get(mail.account()).hasSmtp();
    }

    /** The Camel SMTP endpoint of the mail's mailbox. */
    public String smtpUri(OutgoingMail mail) {
        return smtpUri(accounts.get(mail.account()));
    }

    public MimeMessage message(OutgoingMail mail) {
        return mail.message();
    }

    /** The mail as an RFC 822 {@code .eml} file. */
    public byte[] eml(OutgoingMail mail) {
        return eml(mail.message());
    }

    public String outboxFileName(OutgoingMail mail) {
        return mail.outboxFileName();
    }

    /** The server accepted the mail, or it was written to the outbox. */
    public MailOutcome sent(OutgoingMail mail) {
        MailAccount account = accounts.get(mail.account());
        String transport = transport(account);
        String detail = account.hasSmtp() ? "accepted by " + account.smtp().host() + " (mailbox " + account.name() + ")"
                : "written to data/outbox/mail/" + mail.outboxFileName();
        registry.sent(mail.messageId(), detail, OffsetDateTime.now(clock));
        count(mail, "SENT");
        return new MailOutcome(MailOutcome.Status.SENT, mail.messageId(), transport, detail);
    }

    /** The mail did not leave: a transient failure (RETRY) or a permanent one (FAILED), with the server's answer. */
    public MailOutcome failed(OutgoingMail mail, Exception failure) {
        String detail = SmtpFailures.describe(failure);
        boolean permanent = SmtpFailures.permanent(failure);
        registry.failed(mail.messageId(), detail);
        MailOutcome.Status status = permanent ? MailOutcome.Status.FAILED : MailOutcome.Status.RETRY;
        count(mail, status.name());
        return new MailOutcome(status, mail.messageId(), transport(accounts.get(mail.account())), detail);
    }

    /** The registry has the mail as SENT already: nothing was handed over this time. */
    public MailOutcome alreadySent(OutgoingMail mail) {
        String detail = registry.find(mail.messageId()).map(r -> "already sent " + r.sentAt() + ": " + r.serverReply())
                .orElse("already sent");
        return new MailOutcome(MailOutcome.Status.SENT, mail.messageId(), transport(accounts.get(mail.account())), detail);
    }

    /** The Camel SMTP endpoint of a mailbox; credentials only when set, raw (never parsed as URI syntax). */
    static String smtpUri(MailAccount account) {
        MailAccount.Server smtp = account.smtp();
        String scheme = smtp.tls() == MailAccount.Tls.TLS ? "smtps" : "smtp";
        StringBuilder uri = new StringBuilder(scheme).append("://").append(smtp.host()).append(':').append(smtp.port())
                .append("?connectionTimeout=30000&mail.").append(scheme).append(".timeout=60000&mail.").append(scheme)
                .append(".writetimeout=60000");
        if (account.username() != null) {
            uri.append("&username=RAW(").append(account.username()).append(")&password=RAW(")
                    .append(account.secret() == null ? "" : account.secret()).append(')');
        }
        if (smtp.tls() == MailAccount.Tls.STARTTLS) {
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        if (account.oauth2()) {
            uri.append("&mail.").append(scheme).append(".auth.mechanisms=XOAUTH2");
        }
        return uri.toString();
    }

    static byte[] eml(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot write the mail " + e.getMessage(), e);
        }
    }

    private static Integer size(MimeMessage message) {
        return eml(message).length;
    }

    private static String transport(MailAccount account) {
        return account.hasSmtp() ? "SMTP" : "OUTBOX";
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    private void count(OutgoingMail mail, String outcome) {
        meters.counter("crahub.mail.sent", "account", mail.account(), "kind", mail.kind().name(), "outcome", outcome)
                .increment();
    }
}
