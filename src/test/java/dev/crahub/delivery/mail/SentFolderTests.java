package dev.crahub.delivery.mail;

import java.util.Date;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Sent copy protocol over real IMAP (GreenMail, ADR 0024): a draft appended (folder created), confirmed (no
 * {@code \Draft}), deleted; the lookup by Message-ID tells none / draft / sent, exactly for that id; TLS and XOAUTH2
 * settings of the IMAP session and the SMTP endpoint.
 */
class SentFolderTests {

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(com.icegreen.greenmail.util.ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withPerMethodLifecycle(true);

    private final SentFolder sent = new SentFolder(5000);

    private MailAccount box(String password) {
        mail.setUser("mb-box@acme.example", "mb-box", "mb-right-pw");
        return new MailAccount("mb-box", "mb-box@acme.example", null,
                new MailAccount.Server("127.0.0.1", mail.getSmtp().getPort(), MailAccount.Tls.NONE),
                new MailAccount.Server("127.0.0.1", mail.getImap().getPort(), MailAccount.Tls.NONE), "Sent", "INBOX",
                "mb-box", password, null, 0, MailAccount.SentCopy.APPEND);
    }

    private static MimeMessage message(String id) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        m.setFrom(new InternetAddress("mb-box@acme.example"));
        m.setRecipients(Message.RecipientType.TO, "client@mb-client.example");
        m.setSubject("Facture " + id);
        m.setSentDate(new Date());
        m.setText("Bonjour");
        m.saveChanges();
        return m;
    }

    @Test
    void aDraftIsAppendedThenConfirmedOrDeletedAndTheLookupTellsWhichByExactMessageId() throws Exception {
        MailAccount box = box("mb-right-pw");
        String id = "<invoice.MB-2021-000001@acme.example>";
        assertThat(sent.lookup(box, id)).isEqualTo(SentFolder.Copy.NONE); // no Sent folder yet

        sent.appendDraft(box, message(id));
        sent.appendDraft(box, message("<invoice.MB-2021-000001@acme.example.other>")); // a longer id, same prefix
        assertThat(sent.lookup(box, id)).isEqualTo(SentFolder.Copy.DRAFT);
        assertThat(flags(box, id)).satisfies(f -> {
            assertThat(f.contains(Flags.Flag.DRAFT)).isTrue();
            assertThat(f.contains(Flags.Flag.SEEN)).isTrue();
        });

        assertThat(sent.confirm(box, id)).isTrue();
        assertThat(sent.lookup(box, id)).isEqualTo(SentFolder.Copy.SENT);
        assertThat(flags(box, id).contains(Flags.Flag.DRAFT)).isFalse();
        assertThat(flags(box, id).contains(Flags.Flag.SEEN)).isTrue();
        assertThat(sent.lookup(box, "<invoice.MB-2021-000001@acme.example.other>")).as("untouched")
                .isEqualTo(SentFolder.Copy.DRAFT);

        String other = "<invoice.MB-2021-000002@acme.example>";
        sent.appendDraft(box, message(other));
        assertThat(sent.delete(box, other)).isTrue();
        assertThat(sent.lookup(box, other)).isEqualTo(SentFolder.Copy.NONE);
        assertThat(sent.delete(box, other)).isFalse();
        // drafts only: a copy without \Draft stays
        sent.appendDraft(box, message(id));
        assertThat(sent.deleteDrafts(box, id)).isTrue();
        assertThat(sent.lookup(box, id)).isEqualTo(SentFolder.Copy.SENT);
        assertThat(count(box)).isEqualTo(2); // the confirmed copy and the other id's draft: nothing else
    }

    @Test
    void aWrongPasswordIsRefusedByTheServer() {
        MailAccount wrong = box("mb-wrong-pw");
        assertThatThrownBy(() -> sent.lookup(wrong, "<x@acme.example>")).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void tlsAndXoauth2ReachTheImapSessionAndTheSmtpEndpoint() {
        MailAccount tls = new MailAccount("mb-tls", "mb@acme.example", null,
                new MailAccount.Server("smtp.acme.example", 465, MailAccount.Tls.TLS),
                new MailAccount.Server("imap.acme.example", 993, MailAccount.Tls.TLS), "Sent", "INBOX", "mb@acme.example",
                null, "ya29.token", 60, MailAccount.SentCopy.APPEND);
        assertThat(SentFolder.protocol(tls)).isEqualTo("imaps");
        Properties imaps = SentFolder.properties(tls, 7000);
        assertThat(imaps).containsEntry("mail.imaps.auth.mechanisms", "XOAUTH2")
                .containsEntry("mail.imaps.connectiontimeout", "7000").containsEntry("mail.imaps.timeout", "7000")
                .containsEntry("mail.imaps.writetimeout", "7000").containsEntry("mail.imaps.ssl.checkserveridentity", "true");
        assertThat(MailPost.smtpUri(tls)).startsWith("smtps://smtp.acme.example:465?")
                .contains("mail.smtps.auth.mechanisms=XOAUTH2", "password=RAW(ya29.token)", "connectionTimeout=");

        MailAccount starttls = new MailAccount("mb-starttls", "mb@acme.example", null,
                new MailAccount.Server("smtp.acme.example", 587, MailAccount.Tls.STARTTLS),
                new MailAccount.Server("imap.acme.example", 143, MailAccount.Tls.STARTTLS), "Sent", "INBOX", "mb", "pw",
                null, 60, MailAccount.SentCopy.APPEND);
        assertThat(SentFolder.properties(starttls, 1000)).containsEntry("mail.imap.starttls.enable", "true")
                .containsEntry("mail.imap.starttls.required", "true").doesNotContainKey("mail.imap.auth.mechanisms");
        assertThat(MailPost.smtpUri(starttls)).startsWith("smtp://smtp.acme.example:587?")
                .contains("mail.smtp.starttls.enable=true", "mail.smtp.starttls.required=true")
                .doesNotContain("XOAUTH2");
    }

    private Flags flags(MailAccount box, String id) throws MessagingException {
        try (Store store = sent.connect(box)) {
            Folder folder = store.getFolder("Sent");
            folder.open(Folder.READ_ONLY);
            for (Message m : folder.getMessages()) {
                if (id.equals(m.getHeader("Message-ID")[0])) {
                    return m.getFlags();
                }
            }
            throw new AssertionError("no copy of " + id);
        }
    }

    private int count(MailAccount box) throws MessagingException {
        try (Store store = sent.connect(box)) {
            Folder folder = store.getFolder("Sent");
            folder.open(Folder.READ_ONLY);
            return folder.getMessageCount();
        }
    }
}
