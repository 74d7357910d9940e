package dev.crahub.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import dev.crahub.delivery.mail.MailAccount;
import dev.crahub.delivery.mail.MailAccounts;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Header safety of every mail (ADR 0025): what comes from the referential or a person (billing name, cc list, seller
 * name, subject made by a template) can never add a header or a recipient; non-ASCII names travel as encoded words;
 * a wrong address is a clear permanent error; greetings fit a person or a department.
 */
class MailSafetyTests {

    private static final Session SESSION = Session.getInstance(new Properties());

    /** A message made as the composers make theirs, written and read back. */
    private static MimeMessage roundTrip(String billingName, String billingEmail, List<String> cc, String sellerName,
                                         String subject) throws Exception {
        MailAccounts accounts = new MailAccounts(new MailSettings(null, null, null, null, null, null, null));
        MailAccount account = accounts.defaultAccount();
        MimeMessage m = new MimeMessage(SESSION);
        m.setFrom(accounts.sender(account, MailSafety.oneLine(sellerName, 200), "facturation@acme.example"));
        m.setRecipient(Message.RecipientType.TO, MailSafety.address(billingEmail, billingName, "recipient"));
        InternetAddress[] copies = MailSafety.ccList(cc);
        if (copies.length > 0) {
            m.setRecipients(Message.RecipientType.CC, copies);
        }
        m.setSubject(MailSafety.oneLine(subject, 250), "UTF-8");
        m.setText("body", "UTF-8");
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
    }

    private static String headers(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        String raw = out.toString(StandardCharsets.US_ASCII);
        return raw.substring(0, raw.indexOf("\r\n\r\n"));
    }

    @Test
    void lineBreaksInNamesAndSubjectsNeverAddAHeaderOrARecipient() throws Exception {
        MimeMessage m = roundTrip("Claire\r\nBcc: evil@attacker.example", "claire@globex.example",
                List.of("compta@globex.example"), "ACME\nX-Evil: 1\r\nBcc: evil2@attacker.example",
                "Facture F-1\r\nBcc: evil3@attacker.example\u2028X-Injected: yes");
        String headers = headers(m);
        assertThat(headers).doesNotContainPattern("(?mi)^Bcc:").doesNotContainPattern("(?mi)^X-Evil:")
                .doesNotContainPattern("(?mi)^X-Injected:");
        assertThat(m.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("claire@globex.example", "compta@globex.example");
        assertThat(m.getSubject()).isEqualTo("Facture F-1 Bcc: evil3@attacker.example X-Injected: yes");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("ACME X-Evil: 1 Bcc: evil2@attacker.example");
    }

    @Test
    void nonAsciiNamesTravelAsEncodedWordsAndLongValuesAreClipped() throws Exception {
        MimeMessage m = roundTrip("Hélène Dupré-Lefèvre", "helene@globex.example", List.of(), "Société Générale d'Études",
                "Facture – « Refonte » " + "é".repeat(400));
        String headers = headers(m);
        assertThat(headers).contains("=?UTF-8?").doesNotContain("Hélène", "Société");
        assertThat(((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getPersonal()).isEqualTo("Hélène Dupré-Lefèvre");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Société Générale d'Études");
        assertThat(m.getSubject()).hasSize(250).startsWith("Facture – « Refonte » é").endsWith("…");
        assertThat(headers.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void anInvalidRecipientOrCopyIsAClearPermanentError() {
        for (String bad : List.of("", "not an address", "a@b.example, c@d.example", "Eve <eve@x.example>",
                "eve@x.example\r\nBcc: f@y.example", "@nobody", "eve@", "undisclosed-recipients:;",
                "x".repeat(250) + "@y.example")) {
            assertThatThrownBy(() -> MailSafety.address(bad, "Eve", "recipient")).as(bad)
                    .isInstanceOf(UnsendableMailException.class).hasMessageContaining("recipient '")
                    .hasMessageContaining("is not an e-mail address");
        }
        assertThatThrownBy(() -> MailSafety.ccList(List.of("ok@globex.example", "bad\nBcc: x@y.example")))
                .isInstanceOf(UnsendableMailException.class).hasMessageStartingWith("cc address 'bad Bcc: x@y.example'");
        assertThat(MailSafety.ccList(List.of("a@globex.example", "A@globex.example"))).hasSize(1);
        assertThat(MailSafety.replyTo("not an address")).isNull();
    }

    @Test
    void theGreetingFitsAPersonOrADepartment() {
        assertThat(MailSafety.greeting("Claire Martin", "fr")).isEqualTo("Bonjour Claire Martin,");
        assertThat(MailSafety.greeting("Claire Martin", "en")).isEqualTo("Dear Claire Martin,");
        assertThat(MailSafety.greeting("Service comptabilité fournisseurs", "fr")).isEqualTo("Bonjour,");
        assertThat(MailSafety.greeting("Comptabilité fournisseurs", "fr")).isEqualTo("Bonjour,");
        assertThat(MailSafety.greeting("Accounts Payable", "en")).isEqualTo("Hello,");
        assertThat(MailSafety.greeting("Factures", "fr")).isEqualTo("Bonjour,");
        assertThat(MailSafety.greeting("ACME Finance Team", "en")).isEqualTo("Hello,");
        assertThat(MailSafety.greeting(null, "fr")).isEqualTo("Bonjour,");
        assertThat(MailSafety.greeting("Jean-Luc de La Fontaine", "fr")).isEqualTo("Bonjour Jean-Luc de La Fontaine,");
        assertThat(MailSafety.greeting("Claire\r\nMartin", "fr")).isEqualTo("Bonjour Claire Martin,");
    }

    @Test
    void aPersonalMessageKeepsItsLineBreaksAndNothingElse() {
        assertThat(MailSafety.paragraph("  Ligne 1\r\nLigne 2\rLigne 3\u0007\u001b[31m  ", 2000))
                .isEqualTo("Ligne 1\nLigne 2\nLigne 3  [31m");
        assertThat(MailSafety.paragraph("  \r\n ", 2000)).isNull();
        assertThat(MailSafety.paragraph(null, 2000)).isNull();
        assertThat(MailSafety.paragraph("x".repeat(3000), 2000)).hasSize(2000 + " […]".length()).endsWith("[…]");
    }
}
