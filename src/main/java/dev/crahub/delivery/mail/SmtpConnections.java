package dev.crahub.delivery.mail;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The SMTP connections of the mailboxes, kept open between mails (ADR 0032): a mail takes an idle connection of its
 * mailbox (checked alive with a {@code NOOP} first), or opens one when none is idle; the connection goes back idle
 * after the server accepted the mail, and is closed after a failure (the next mail opens a fresh one). A connection
 * idle longer than {@code crahub.mail.smtp-idle} ms is closed ({@code QUIT}). Connections are keyed by the mailbox's
 * whole SMTP setting (server, TLS, user, secret), so a changed setting never reuses the old one. Each connection
 * carries one mail at a time; mails of one mailbox sent side by side each hold their own.
 * <p>
 * What the exactly-once registry relies on is unchanged: {@link #send} returns once the server accepted the mail
 * (its answer to {@code DATA}), and throws when it did not; it never retries a mail by itself.
 */
@Component
public class SmtpConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnections.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int IO_TIMEOUT_MILLIS = 60_000;

    private final long idleNanos;
    private final Map<String, Deque<Idle>> idle = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private final ScheduledExecutorService sweeper;

    private record Idle(Transport transport, long since) {
    }

    public SmtpConnections(@Value("${crahub.mail.smtp-idle:30000}") long idleMillis) {
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, idleMillis));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smtp-idle-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1_000, idleMillis / 2);
        sweeper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Hands the mail to the mailbox's SMTP server over a kept-open connection; returns once the server accepted it.
     * The message's own {@code Message-ID} is kept (a {@code saveChanges} would replace it).
     *
     * @throws MessagingException the server refused the mail or the connection failed: the mail did not leave, unless
     *                            the failure came after the data was sent and before the answer (the crash lookup's
     *                            case, as before)
     */
    public void send(MailAccount account, MimeMessage message) throws MessagingException {
        if (!account.hasSmtp()) {
            throw new MessagingException("mailbox " + account.name() + " has no SMTP server");
        }
        String key = key(account);
        Transport transport = borrow(key);
        if (transport == null) {
            transport = open(account);
        }
        boolean accepted = false;
        try {
            if (message.getSentDate() == null) {
                message.setSentDate(new java.util.Date());
            }
            String messageId = message.getMessageID();
            message.saveChanges();
            if (messageId != null) {
                message.setHeader("Message-ID", messageId);
            }
            transport.sendMessage(message, message.getAllRecipients());
            accepted = true;
        } finally {
            if (accepted) {
                giveBack(key, transport);
            } else {
                close(transport);
            }
        }
    }

    /** Connections opened since the start (a reused one is not counted again). */
    public long opened() {
        return opened.get();
    }

    /** Closes the connections idle longer than {@code crahub.mail.smtp-idle}. */
    void closeIdle() {
        long now = System.nanoTime();
        for (Deque<Idle> connections : idle.values()) {
            synchronized (connections) {
                for (Iterator<Idle> it = connections.iterator(); it.hasNext(); ) {
                    Idle c = it.next();
                    if (now - c.since() >= idleNanos) {
                        it.remove();
                        close(c.transport());
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        for (Deque<Idle> connections : idle.values()) {
            synchronized (connections) {
                connections.forEach(c -> close(c.transport()));
                connections.clear();
            }
        }
    }

    /** The most recently used idle connection still alive (NOOP), the others past their idle time closed. */
    private Transport borrow(String key) {
        Deque<Idle> connections = idle.get(key);
        if (connections == null) {
            return null;
        }
        while (true) {
            Idle c;
            synchronized (connections) {
                c = connections.pollFirst();
            }
            if (c == null) {
                return null;
            }
            if (System.nanoTime() - c.since() < idleNanos && c.transport().isConnected()) { // isConnected: a NOOP
                return c.transport();
            }
            close(c.transport());
        }
    }

    private void giveBack(String key, Transport transport) {
        Deque<Idle> connections = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (connections) {
            connections.addFirst(new Idle(transport, System.nanoTime()));
        }
    }

    private Transport open(MailAccount account) throws MessagingException {
        MailAccount.Server smtp = account.smtp();
        String protocol = protocol(account);
        Transport transport = Session.getInstance(properties(account)).getTransport(protocol);
        transport.connect(smtp.host(), smtp.port(), account.username(),
                account.username() == null ? null : account.secret() == null ? "" : account.secret());
        opened.incrementAndGet();
        LOG.debug("SMTP connection opened to {} for mailbox {}", smtp, account.name());
        return transport;
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("SMTP connection closed with: {}", e.getMessage());
        }
    }

    static String protocol(MailAccount account) {
        return account.smtp().tls() == MailAccount.Tls.TLS ? "smtps" : "smtp";
    }

    /** The Jakarta Mail session properties of the mailbox's SMTP server (as the Camel endpoint had them). */
    static Properties properties(MailAccount account) {
        String p = "mail." + protocol(account) + ".";
        Properties props = new Properties();
        props.setProperty(p + "connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MILLIS));
        props.setProperty(p + "timeout", Integer.toString(IO_TIMEOUT_MILLIS));
        props.setProperty(p + "writetimeout", Integer.toString(IO_TIMEOUT_MILLIS));
        if (account.smtp().tls() == MailAccount.Tls.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (account.oauth2()) {
            props.setProperty(p + "auth.mechanisms", "XOAUTH2");
        }
        return props;
    }

    /** One pool per mailbox setting: the name and everything the connection was opened with (kept in memory only). */
    private static String key(MailAccount account) {
        return account.name() + '\u0000' + account.smtp() + '\u0000' + account.username() + '\u0000' + account.secret()
                + '\u0000' + account.oauth2();
    }
}
