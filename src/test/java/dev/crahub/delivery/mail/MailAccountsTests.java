package dev.crahub.delivery.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.crahub.delivery.MailSettings;
import dev.crahub.delivery.UnsendableMailException;
import org.junit.jupiter.api.Test;

/** The company's mailboxes, checked at start-up, and which one a document's mails leave from (ADR 0023). */
class MailAccountsTests {

    static MailSettings.Account account(String address, String smtpHost) {
        return new MailSettings.Account(address, null, new MailSettings.Server(smtpHost, null, null),
                        new MailSettings.Imap("imap.example", null, MailAccount.Tls.TLS, null, null), "user", "pw", null,
                        null, null);
    }

    static MailAccounts accounts(String from, Map<String, MailSettings.Account> named) {
        return new MailAccounts(new MailSettings(from, null, new MailSettings.Smtp("smtp.acme.example", null, null, null,
                true, null, null), null, null, null, named));
    }

    @Test
    void contractThenAccountManagerThenSellerThenDefault() {
        MailAccounts accounts = accounts("factures@acme.example", Map.of(
                "sales", account("ventes@acme.example", "smtp.acme.example"),
                "bob", account("bob.porter@acme.example", "smtp.acme.example"),
                "group", account("compta@acme-group.example", "smtp.group.example")));
        assertThat(accounts.choose("sales", "bob.porter@acme.example", "group").name()).isEqualTo("sales");
        assertThat(accounts.choose(null, "Bob.Porter@acme.example", "group").name()).isEqualTo("bob");
        assertThat(accounts.choose(null, "someone@acme.example", "group").name()).isEqualTo("group");
        assertThat(accounts.choose(null, null, null).name()).isEqualTo("default");
        assertThatThrownBy(() -> accounts.choose("nope", null, null)).isInstanceOf(UnsendableMailException.class)
                .hasMessageContaining("no mailbox 'nope'");
        assertThat(accounts.problem("sales")).isEmpty();
        assertThat(accounts.problem("nope")).get().asString().contains("known: bob, default, group, sales");
    }

    @Test
    void theDefaultMailboxSendsFromItsAddressOrElseTheSellersNeverAPlaceholder() {
        MailAccount byDefault = accounts(null, Map.of()).defaultAccount();
        assertThat(byDefault.address()).isNull();
        assertThat(byDefault.smtp()).isEqualTo(new MailAccount.Server("smtp.acme.example", 587, MailAccount.Tls.STARTTLS));
        assertThat(accounts(null, Map.of()).sender(byDefault, "ACME Conseil SAS", "facturation@acme.example").toString())
                .isEqualTo("ACME Conseil SAS <facturation@acme.example>");
        assertThatThrownBy(() -> accounts(null, Map.of()).sender(byDefault, "ACME", null))
                .isInstanceOf(UnsendableMailException.class).hasMessageContaining("no address to send from");
        assertThatThrownBy(() -> accounts(null, Map.of()).sender(byDefault, "ACME", "factures@acme.invalid"))
                .isInstanceOf(UnsendableMailException.class).hasMessageContaining(".invalid");
        MailAccounts configured = accounts("factures@acme.example", Map.of());
        assertThat(configured.sender(configured.defaultAccount(), "ACME\r\nBcc: x@evil.example", "s@acme.example").toString())
                .isEqualTo("\"ACME Bcc: x@evil.example\" <factures@acme.example>");
        assertThat(configured.messageIdDomain(configured.defaultAccount(), "s@seller.example")).isEqualTo("acme.example");
        assertThat(accounts(null, Map.of()).messageIdDomain(byDefault, "s@Seller.example")).isEqualTo("seller.example");
    }

    @Test
    void aMisconfiguredMailboxStopsTheHubWithEveryProblem() {
        assertThatThrownBy(() -> accounts("factures@crahub.invalid", Map.of(
                "Sales", account("ventes@acme.example", "smtp"),
                "noaddress", account(null, "smtp"),
                "bad", account("not an address", "smtp"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("crahub.mail.from 'factures@crahub.invalid': an .invalid domain")
                .hasMessageContaining("crahub.mail.accounts.Sales: a mailbox's name")
                .hasMessageContaining("crahub.mail.accounts.noaddress.address: a named mailbox needs its address")
                .hasMessageContaining("crahub.mail.accounts.bad.address 'not an address'");
    }

    @Test
    void secretsNeverShowAndTheSmtpEndpointFollowsTheTlsMode() {
        MailAccounts accounts = accounts(null, Map.of("sales", new MailSettings.Account("ventes@acme.example", "Ventes",
                new MailSettings.Server("smtp.acme.example", null, MailAccount.Tls.TLS), null, "ventes", null,
                "ya29.token", 30, null)));
        MailAccount sales = accounts.get("sales");
        assertThat(sales.toString()).doesNotContain("ya29").contains("secret=***");
        assertThat(sales.smtp().port()).isEqualTo(465);
        assertThat(sales.sentCopy()).isEqualTo(MailAccount.SentCopy.NONE);
        assertThat(MailPost.smtpUri(sales)).startsWith("smtps://smtp.acme.example:465?")
                .contains("username=RAW(ventes)", "password=RAW(ya29.token)", "mail.smtps.auth.mechanisms=XOAUTH2",
                        "mail.smtps.timeout=60000");
        assertThat(MailPost.smtpUri(accounts.defaultAccount()))
                .contains("mail.smtp.starttls.enable=true", "mail.smtp.starttls.required=true").doesNotContain("username");
    }
}
