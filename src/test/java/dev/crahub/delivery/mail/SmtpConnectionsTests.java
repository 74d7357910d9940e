package dev.crahub.delivery.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mailbox's consecutive mails share one SMTP connection (ADR 0032), counted as TCP connections by a proxy between
 * the hub and GreenMail; a connection the server dropped, or one idle too long, is replaced by a fresh one.
 */
class SmtpConnectionsTests {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private CountingProxy proxy;
    private MailAccount account;

    @BeforeEach
    void proxy() throws IOException {
        proxy = new CountingProxy(greenMail.getSmtp().getPort());
        account = new MailAccount("default", "factures@acme.example", null,
                new MailAccount.Server("127.0.0.1", proxy.port(), MailAccount.Tls.NONE), null, "Sent", "INBOX",
                null, null, null, 0, MailAccount.SentCopy.NONE);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
    }

    @Test
    void consecutiveMailsOfAMailboxShareOneConnection() throws Exception {
        try (SmtpConnections connections = new SmtpConnections(60_000)) {
            for (int i = 0; i < 5; i++) {
                connections.send(account, mail(i));
            }
            assertThat(greenMail.getReceivedMessages()).hasSize(5);
            assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                    .containsExactly("<m0@acme.example>", "<m1@acme.example>", "<m2@acme.example>",
                            "<m3@acme.example>", "<m4@acme.example>");
            assertThat(proxy.accepted()).isEqualTo(1);
            assertThat(connections.opened()).isEqualTo(1);
        }
    }

    @Test
    void aDroppedConnectionIsReplacedBeforeTheNextMail() throws Exception {
        try (SmtpConnections connections = new SmtpConnections(60_000)) {
            connections.send(account, mail(0));
            proxy.dropAll(); // the server went away while the connection was idle
            connections.send(account, mail(1));
            assertThat(greenMail.getReceivedMessages()).hasSize(2);
            assertThat(proxy.accepted()).isEqualTo(2);
        }
    }

    @Test
    void anIdleConnectionIsClosedAndTheNextMailOpensAnother() throws Exception {
        try (SmtpConnections connections = new SmtpConnections(0)) {
            connections.send(account, mail(0));
            connections.closeIdle();
            connections.send(account, mail(1));
            assertThat(greenMail.getReceivedMessages()).hasSize(2);
            assertThat(proxy.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aChangedMailboxSettingNeverReusesTheOldConnection() throws Exception {
        try (SmtpConnections connections = new SmtpConnections(60_000)) {
            connections.send(account, mail(0));
            MailAccount other = new MailAccount("sales", "ventes@acme.example", null, account.smtp(), null, "Sent",
                    "INBOX", null, null, null, 0, MailAccount.SentCopy.NONE);
            connections.send(other, mail(1));
            connections.send(account, mail(2));
            assertThat(greenMail.getReceivedMessages()).hasSize(3);
            assertThat(proxy.accepted()).isEqualTo(2);
        }
    }

    private static MimeMessage mail(int i) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<m" + i + "@acme.example>");
            }
        };
        m.setHeader("Message-ID", "<m" + i + "@acme.example>");
        m.setFrom(new InternetAddress("factures@acme.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("client@globex.example"));
        m.setSubject("Facture " + i);
        m.setText("Bonjour " + i);
        return m;
    }

    /** A TCP proxy to GreenMail's SMTP port that counts the connections it accepted. */
    static final class CountingProxy implements AutoCloseable {

        private final ServerSocket server;
        private final int target;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        CountingProxy(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::acceptLoop, "smtp-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        void dropAll() throws IOException {
            for (Socket s : open) {
                s.close();
            }
            open.clear();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    accepted.incrementAndGet();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // one side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // closed already
                    }
                }
            }, "smtp-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            dropAll();
        }
    }
}
