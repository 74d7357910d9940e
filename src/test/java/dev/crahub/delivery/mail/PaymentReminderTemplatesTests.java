package dev.crahub.delivery.mail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped templates {@code templates/default/mail/payment-reminder.{fr,en}.*} rendered by the engine: a friendly
 * notice before the due date, after it the amount overdue with the penalty rate and the 40 EUR indemnity, the amount
 * still due after a part payment; amounts and dates as {@link MailFormats} writes them.
 */
class PaymentReminderTemplatesTests {

    private final MailTemplateEngine engine = new MailTemplateEngine(Path.of("templates"));

    static Map<String, Object> model(String lang, long daysLate, BigDecimal paid) {
        BigDecimal total = new BigDecimal("7200.00");
        Map<String, Object> m = new HashMap<>();
        m.put("number", "RM-2020-000001");
        m.put("issueDate", MailFormats.date(LocalDate.of(2020, 11, 2), lang));
        m.put("dueDate", MailFormats.date(LocalDate.of(2020, 12, 2), lang));
        m.put("period", MailFormats.month(YearMonth.of(2020, 10), lang));
        m.put("contract", "Run <Globex> & co");
        m.put("purchaseOrder", "PO-42");
        m.put("totalGross", MailFormats.amount(total, "EUR", lang));
        m.put("paid", MailFormats.amount(paid, "EUR", lang));
        m.put("credited", MailFormats.amount(BigDecimal.ZERO, "EUR", lang));
        m.put("outstanding", MailFormats.amount(total.subtract(paid), "EUR", lang));
        m.put("paidAny", paid.signum() > 0);
        m.put("creditedAny", false);
        m.put("partlyPaid", paid.signum() > 0);
        m.put("overdue", daysLate > 0);
        m.put("daysOverdue", Math.max(0, daysLate));
        m.put("daysUntilDue", Math.max(0, -daysLate));
        m.put("latePenaltyRate", "fr".equals(lang) ? "12,15\u00a0%" : "12.15%");
        m.put("recoveryIndemnity", MailFormats.amount(new BigDecimal("40"), "EUR", lang));
        m.put("seller", "ACME Rappels SAS");
        m.put("sellerEmail", "facturation@rm-acme.example");
        m.put("iban", "FR7630006000011234567890189");
        m.put("bic", "AGRIFRPP");
        m.put("client", "Client");
        m.put("contactName", "Service comptabilité fournisseurs");
        return m;
    }

    private MailTemplateEngine.Rendered render(String lang, long daysLate, BigDecimal paid) {
        return engine.render(List.of(), MailKind.PAYMENT_REMINDER, lang, model(lang, daysLate, paid));
    }

    @Test
    void beforeTheDueDateAFriendlyNoticeWithoutPenalties() {
        MailTemplateEngine.Rendered fr = render("fr", -3, BigDecimal.ZERO);
        assertThat(fr.subject()).isEqualTo("Rappel : facture RM-2020-000001 à échéance le 02/12/2020");
        assertThat(fr.text()).startsWith("Bonjour,\n").contains("arrive à échéance le 02/12/2020")
                .contains("7\u00a0200,00\u00a0€ TTC").contains("merci de ne pas tenir compte")
                .doesNotContain("pénalités").doesNotContain("restant dû").doesNotContain("Service comptabilité");
        assertThat(fr.html()).contains("arrive à échéance le").doesNotContain("pénalités")
                .contains("Run &lt;Globex&gt; &amp; co");
        MailTemplateEngine.Rendered en = render("en", -3, BigDecimal.ZERO);
        assertThat(en.subject()).isEqualTo("Reminder: invoice RM-2020-000001 is due on 2 Dec 2020");
        assertThat(en.text()).contains("friendly reminder").contains("€7,200.00 including VAT").doesNotContain("penalties");
    }

    @Test
    void afterTheDueDateTheAmountOverdueThePenaltyRateAndTheIndemnity() {
        MailTemplateEngine.Rendered fr = render("fr", 7, BigDecimal.ZERO);
        assertThat(fr.subject()).isEqualTo("Relance : facture RM-2020-000001 échue le 02/12/2020, 7\u00a0200,00\u00a0€ restant dû");
        assertThat(fr.text()).contains("Montant restant dû : 7\u00a0200,00\u00a0€ (retard de 7 jours)")
                .contains("au taux annuel de 12,15\u00a0%").contains("recouvrement de 40,00\u00a0€")
                .contains("Votre bon de commande : PO-42").contains("IBAN FR7630006000011234567890189 – BIC AGRIFRPP")
                .doesNotContain("Déjà réglé");
        assertThat(fr.html()).contains("12,15\u00a0%").contains("40,00\u00a0€");
        MailTemplateEngine.Rendered en = render("en", 30, BigDecimal.ZERO);
        assertThat(en.text()).contains("Amount outstanding: €7,200.00 (30 days overdue)")
                .contains("annual rate of 12.15%").contains("recovery costs of €40.00");
    }

    @Test
    void aPartPaymentLeavesWhatRemainsDue() {
        MailTemplateEngine.Rendered fr = render("fr", 15, new BigDecimal("3000.00"));
        assertThat(fr.text()).contains("n'a pas été entièrement réglée").contains("Déjà réglé : 3\u00a0000,00\u00a0€")
                .contains("Montant restant dû : 4\u00a0200,00\u00a0€ (retard de 15 jours)");
        MailTemplateEngine.Rendered en = render("en", -3, new BigDecimal("3000.00"));
        assertThat(en.text()).contains("the amount outstanding is €4,200.00");
    }
}
