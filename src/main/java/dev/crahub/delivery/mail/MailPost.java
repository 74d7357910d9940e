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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of route {@code delivery-mail-send}, the one way a mail leaves the hub (ADR 0023): the registry row
 * committed SENDING before the mail is handed to its mailbox's server, the server (or the outbox folder) that mailbox
 * uses, and the outcome recorded after: SENT, or a failure read as transient (RETRY) or permanent (FAILED) with the
 * server's answer. A mail the registry already has as SENT is not handed over again. Around SMTP (ADR 0024): the
 * mailbox's throttle, then its Sent copy appended as a draft and {@code sent_copy} committed before the mail is handed
 * over; the draft confirmed (its {@code \Draft} cleared) once the server accepted it, deleted if the mail did not leave.
 */
@Component("mailPost")
public class MailPost {

    private static final Logger LOG = LoggerFactory.getLogger(MailPost.class);

    private final MailAccounts accounts;
    private final MailRegistry registry;
    private final SentFolder sentFolder;
    private final MailThrottle throttle;
    private final SmtpConnections connections;
    private final MeterRegistry meters;
    private final Clock clock;

    public MailPost(MailAccounts accounts, MailRegistry registry, SentFolder sentFolder, MailThrottle throttle,
                    SmtpConnections connections, MeterRegistry meters, Clock clock) {
        this.accounts = accounts;
        this.registry = registry;
        this.sentFolder = sentFolder;
        this.throttle = throttle;
        this.connections = connections;
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

    /**
     * Hands the mail to its mailbox's SMTP server over the mailbox's kept-open connection ({@link SmtpConnections},
     * ADR 0032); returns once the server accepted it, throws when it did not.
     */
    public void transmit(OutgoingMail mail) throws MessagingException {
        connections.send(accounts.get(mail.account()), mail.message());
    }

    /** The mail as an RFC 822 {@code .eml} file. */
    public byte[] eml(OutgoingMail mail) {
        return eml(mail.message());
    }

    public String outboxFileName(OutgoingMail mail) {
        return mail.outboxFileName();
    }

    /**
     * Waits for the mailbox's next slot ({@code rate} mails a minute, {@link MailThrottle}); answers the wait in ms.
     */
    public long throttle(OutgoingMail mail) throws InterruptedException {
        return throttle.await(accounts.get(mail.account()));
    }

    /**
     * The Sent copy, before SMTP (ADR 0024), its state committed before the mail is handed over: a mailbox with IMAP
     * and {@code sent-copy: APPEND} gets a draft copy in its Sent folder ({@code DRAFT}); IMAP down, the mail still
     * leaves ({@code FAILED}: the crash lookup then knows there is no draft); {@code SERVER}: the server files its own
     * copy; {@code NONE} or no IMAP: nothing. Answers the {@code sent_copy} recorded.
     */
    public String sentCopy(OutgoingMail mail) {
        MailAccount account = accounts.get(mail.account());
        String state;
        if (account.sentCopy() == MailAccount.SentCopy.SERVER && account.hasImap()) {
            state = "SERVER";
        } else if (account.sentCopy() == MailAccount.SentCopy.APPEND && account.hasImap()) {
            try {
                if (registry.find(mail.messageId()).map(r -> r.attempts() > 1).orElse(false)) {
                    sentFolder.deleteDrafts(account, mail.messageId()); // left by an earlier attempt, if any
                }
                sentFolder.appendDraft(account, mail.message());
                state = "DRAFT";
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("Sent copy of {} not appended to {} of mailbox {} (IMAP: {}); the mail is sent all the same",
                        mail.messageId(), account.sentFolder(), account.name(), SmtpFailures.describe(e));
                state = "FAILED";
            }
        } else {
            state = "NONE";
        }
        if (!"NONE".equals(state)) {
            registry.sentCopy(mail.messageId(), state);
        }
        registry.handed(mail.messageId(), OffsetDateTime.now(clock));
        return state;
    }

    /**
     * The server accepted the mail, or it was written to the outbox. The draft copy loses its {@code \Draft} first,
     * then the row is SENT: a crash in between is found in Sent without {@code \Draft}, i.e. sent (ADR 0024).
     */
    public MailOutcome sent(OutgoingMail mail) {
        MailAccount account = accounts.get(mail.account());
        String transport = transport(account);
        String detail = account.hasSmtp() ? "accepted by " + account.smtp().host() + " (mailbox " + account.name() + ")"
                : "written to data/outbox/mail/" + mail.outboxFileName();
        String copy = currentCopy(mail);
        if ("DRAFT".equals(copy)) {
            try {
                copy = sentFolder.confirm(account, mail.messageId()) ? "APPENDED" : "DRAFT";
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("Sent copy of {} in mailbox {} still flagged \\Draft (IMAP: {})", mail.messageId(),
                        account.name(), SmtpFailures.describe(e));
            }
        }
        registry.sent(mail.messageId(), detail, OffsetDateTime.now(clock), copy);
        count(mail, "SENT");
        return new MailOutcome(MailOutcome.Status.SENT, mail.messageId(), transport, detail);
    }

    /**
     * The mail did not leave: a transient failure (RETRY) or a permanent one (FAILED), with the server's answer; its
     * draft copy, if any, is deleted from Sent.
     */
    public MailOutcome failed(OutgoingMail mail, Exception failure) {
        String detail = SmtpFailures.describe(failure);
        boolean permanent = SmtpFailures.permanent(failure);
        if ("DRAFT".equals(currentCopy(mail))) {
            MailAccount account = accounts.get(mail.account());
            try {
                sentFolder.delete(account, mail.messageId());
                registry.sentCopy(mail.messageId(), "NONE");
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("Draft copy of {} not deleted from mailbox {} (IMAP: {})", mail.messageId(), account.name(),
                        SmtpFailures.describe(e));
            }
        }
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

    private String currentCopy(OutgoingMail mail) {
        return registry.find(mail.messageId()).map(MailRegistry.MailRecord::sentCopy).orElse("NONE");
    }

    /**
     * The Camel SMTP endpoint of a mailbox, credentials only when set, raw (never parsed as URI syntax): what the
     * route used before ADR 0032; kept for an integrator who routes a mailbox through Camel Mail again.
     */
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
