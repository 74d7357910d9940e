package dev.crahub.delivery.mail;

import java.io.InputStream;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DsnParser} on delivery-status notifications as Postfix, Exchange, Sendmail (RFC 3464) and Gmail write them. */
class DsnParserTests {

    private final DsnParser parser = new DsnParser();

    static MimeMessage sample(String name) throws Exception {
        try (InputStream in = DsnParserTests.class.getResourceAsStream("/mail/dsn/" + name)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    @Test
    void postfixUserUnknownIsAPermanentFailureOfTheMailInItsReturnedHeaders() throws Exception {
        DeliveryStatusNotice dsn = parser.parse(sample("postfix-user-unknown.eml")).orElseThrow();
        assertThat(dsn.originalMessageId()).isEqualTo("<invoice.RM-2020-000001@rm-acme.example>");
        assertThat(dsn.dsnId()).isEqualTo("<20201123091407.4F1C21A0B2C@mx1.rm-acme.example>");
        assertThat(dsn.reportingMta()).isEqualTo("dns; mx1.rm-acme.example");
        DeliveryStatusNotice.Recipient r = dsn.permanentFailure().orElseThrow();
        assertThat(r.finalRecipient()).isEqualTo("compta@rm-client.example");
        assertThat(r.action()).isEqualTo("failed");
        assertThat(r.status()).isEqualTo("5.1.1");
        // the folded Diagnostic-Code is one line
        assertThat(r.diagnostic()).isEqualTo("smtp; 550 5.1.1 <compta@rm-client.example>: Recipient address rejected:"
                + " User unknown in virtual mailbox table");
        assertThat(dsn.delay()).isEmpty();
    }

    @Test
    void exchangeNdrCarriesTheOriginalAsMessageRfc822() throws Exception {
        DeliveryStatusNotice dsn = parser.parse(sample("exchange-ndr.eml")).orElseThrow();
        assertThat(dsn.originalMessageId()).isEqualTo("<invoice.RM-2020-000002@rm-acme.example>");
        DeliveryStatusNotice.Recipient r = dsn.permanentFailure().orElseThrow();
        assertThat(r.finalRecipient()).isEqualTo("accounts@rm-client.example");
        assertThat(r.status()).isEqualTo("5.1.10");
        assertThat(r.diagnostic()).isEqualTo("smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP"
                + " address lookup");
        assertThat(r.describe()).startsWith("5.1.10 for accounts@rm-client.example: smtp;550");
    }

    @Test
    void aDelayIsTransientAndTheEnvelopeIdNamesTheMailWhenNoHeadersCameBack() throws Exception {
        DeliveryStatusNotice dsn = parser.parse(sample("rfc3464-delayed.eml")).orElseThrow();
        assertThat(dsn.originalMessageId()).isEqualTo("<reminder.RM-2020-000003.d7@rm-acme.example>");
        assertThat(dsn.permanentFailure()).isEmpty();
        DeliveryStatusNotice.Recipient r = dsn.delay().orElseThrow();
        assertThat(r.action()).isEqualTo("delayed");
        assertThat(r.status()).isEqualTo("4.4.1");
        assertThat(r.finalRecipient()).isEqualTo("paiement@rm-slow.example");
        assertThat(r.diagnostic()).isNull();
    }

    @Test
    void gmailNamesTheMailByXOriginalMessageId() throws Exception {
        DeliveryStatusNotice dsn = parser.parse(sample("gmail-x-original-message-id.eml")).orElseThrow();
        assertThat(dsn.originalMessageId()).isEqualTo("<cra.991.validation-request.1@rm-acme.example>");
        assertThat(dsn.permanentFailure().orElseThrow().status()).isEqualTo("5.1.2");
        assertThat(dsn.permanentFailure().orElseThrow().diagnostic()).contains("NXDOMAIN");
    }

    @Test
    void anAutoReplyIsNoNotification() throws Exception {
        MimeMessage reply = sample("not-a-dsn-auto-reply.eml");
        assertThat(DsnParser.isDeliveryReport(reply)).isFalse();
        assertThat(parser.parse(reply)).isEmpty();
    }

    @Test
    void theSameNoticeReadTwiceHasTheSameId() throws Exception {
        assertThat(parser.parse(sample("exchange-ndr.eml")).orElseThrow().dsnId())
                .isEqualTo(parser.parse(sample("exchange-ndr.eml")).orElseThrow().dsnId());
    }
}
