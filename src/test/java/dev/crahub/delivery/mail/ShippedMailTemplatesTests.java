package dev.crahub.delivery.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The templates shipped in {@code templates/default/mail/} (what every home gets), rendered like stylesheets are
 * tested: every kind in fr and en with realistic data, amounts and dates exactly as {@link MailFormats} (the PDF)
 * writes them, nothing left unrendered, text and HTML saying the same, values escaped in HTML.
 */
class ShippedMailTemplatesTests {

    static final MailTemplateEngine ENGINE = MailTemplateEngine.of(Path.of("templates"));
    static final List<MailKind> KINDS = List.of(MailKind.INVOICE, MailKind.CREDIT_NOTE, MailKind.CRA_VALIDATION_REQUEST,
            MailKind.CRA_REMINDER, MailKind.CRA_DECIDED_NOTICE, MailKind.CRA_REJECTION_NOTICE, MailKind.CRA_ESCALATION);

    static Map<String, Object> model(String language, boolean withMessage) {
        Map<String, Object> m = new HashMap<>();
        boolean fr = "fr".equals(language);
        m.put("language", language);
        m.put("greeting", fr ? "Bonjour Claire Martin," : "Dear Claire Martin,");
        String message = withMessage ? "Comme convenu au téléphone :\nle détail <b>suit</b> & merci." : null;
        m.put("message", message);
        m.put("messageLines", message == null ? null : List.of(message.split("\n")));
        m.put("number", "TP-2021-0007");
        m.put("issueDate", MailFormats.date(LocalDate.of(2021, 8, 2), language));
        m.put("dueDate", MailFormats.date(LocalDate.of(2021, 9, 1), language));
        m.put("period", MailFormats.month(YearMonth.of(2021, 7), language));
        m.put("totalNet", MailFormats.amount(new BigDecimal("10664.07"), "EUR", language));
        m.put("totalVat", MailFormats.amount(new BigDecimal("2132.81"), "EUR", language));
        m.put("totalGross", MailFormats.amount(new BigDecimal("12796.88"), "EUR", language));
        m.put("contract", "Refonte <du> portail");
        m.put("client", "Globex France SA");
        m.put("po", "PO-4521");
        m.put("preceding", Map.of("number", "TP-2021-0003", "issueDate", MailFormats.date(LocalDate.of(2021, 7, 5), language)));
        Map<String, Object> seller = new LinkedHashMap<>();
        seller.put("name", "ACME Conseil SAS");
        seller.put("email", "facturation@acme.example");
        seller.put("iban", "FR76 3000 6000 0112 3456 7890 189");
        seller.put("bic", "AGRIFRPP");
        m.put("seller", seller);
        m.put("attachments", List.of("TP-2021-0007.pdf", "bon-de-commande.pdf"));
        m.put("month", MailFormats.month(YearMonth.of(2021, 7), language));
        m.put("version", "2");
        m.put("deadline", MailFormats.date(LocalDate.of(2021, 8, 11), language));
        m.put("link", "https://hub.example/validation/AAAA.BBBB?x=1&y=2");
        m.put("remaining", fr ? "dans 2 jours ouvrés" : "in 2 working days");
        m.put("totals", List.of(Map.of("name", "Jean Dupont", "days", "10", "hours", "80", "daysText", fr ? "10 jours" : "10 days",
                "hoursText", fr ? "80 heures" : "80 hours")));
        m.put("totalDays", fr ? "10 jours" : "10 days");
        m.put("totalHours", fr ? "80 heures" : "80 hours");
        m.put("totalDaysNumber", "10");
        m.put("totalHoursNumber", "80");
        m.put("changesSince", "1");
        m.put("changes", List.of("03/07/2021, Jean Dupont : jour ajouté (8 h)"));
        m.put("approver", "Claire Martin");
        m.put("decidedOn", MailFormats.date(LocalDate.of(2021, 8, 10), language));
        m.put("outcome", fr ? "validé" : "approved");
        m.put("decidedBy", fr ? "validé par Claire Martin" : "approved by Claire Martin");
        m.put("comment", "Trop d'heures\nle 3.");
        m.put("commentLines", List.of("Trop d'heures", "le 3."));
        m.put("nextVersion", "3");
        m.put("rejectedDays", List.of(Map.of("date", MailFormats.date(LocalDate.of(2021, 7, 3), language),
                "commentText", "pas travaillé", "lines", List.of("pas travaillé"))));
        m.put("approvers", List.of("Claire Martin <claire.martin@globex.example>"));
        m.put("sentOn", MailFormats.date(LocalDate.of(2021, 8, 2), language));
        m.put("reminders", "2");
        return m;
    }

    @Test
    void everyKindInBothLanguagesIsShippedWithItsThreeFiles() {
        for (MailKind kind : KINDS) {
            for (String language : List.of("fr", "en")) {
                for (String suffix : List.of(".subject.txt", ".txt", ".html")) {
                    assertThat(Files.isRegularFile(Path.of("templates/default/mail/" + kind.template() + "." + language + suffix)))
                            .as(kind + " " + language + suffix).isTrue();
                }
            }
        }
    }

    @Test
    void everyKindRendersCompletelyInBothLanguages() {
        for (MailKind kind : KINDS) {
            for (String language : List.of("fr", "en")) {
                MailTemplateEngine.Rendered r = ENGINE.render(List.of(), kind, language, model(language, true));
                String what = kind + " " + language;
                assertThat(r.set()).isEqualTo("default");
                assertThat(r.subject()).as(what).isNotBlank().doesNotContain("[(", "${", "null", "\n");
                assertThat(r.text()).as(what).startsWith(kind.name().startsWith("CRA_R") || kind == MailKind.CRA_ESCALATION
                                ? "" : "").doesNotContain("[(", "[#", "[/]", "${", "null", "\n\n\n").endsWith("\n");
                assertThat(r.html()).as(what).startsWith("<!DOCTYPE html>").contains("<html lang=\"" + language + "\">")
                        .doesNotContain(" th:", "${", "[[", ">null<", "<b>suit</b>");
                assertThat(r.html()).as(what).contains("<title>" + escape(r.subject()) + "</title>");
                assertThat(r.text()).as(what).startsWith("fr".equals(language) ? "Bonjour Claire Martin," : "Dear Claire Martin,");
            }
        }
    }

    @Test
    void invoiceAmountsAndDatesAreThePdfsAndTextAndHtmlSayTheSame() {
        MailTemplateEngine.Rendered fr = ENGINE.render(List.of(), MailKind.INVOICE, "fr", model("fr", false));
        assertThat(fr.subject()).isEqualTo("Facture TP-2021-0007 – ACME Conseil SAS – juillet 2021");
        for (String body : List.of(fr.text(), fr.html())) {
            assertThat(body).contains("12\u00a0796,88\u00a0€", "10\u00a0664,07\u00a0€", "2\u00a0132,81\u00a0€", "02/08/2021",
                    "01/09/2021", "juillet 2021", "PO-4521", "FR76 3000 6000 0112 3456 7890 189", "TP-2021-0007.pdf",
                    "bon-de-commande.pdf", "TP-2021-0003");
        }
        assertThat(fr.text()).contains("Veuillez trouver ci-joint notre facture n° TP-2021-0007 du 02/08/2021",
                "Échéance : 01/09/2021.", "Votre bon de commande : PO-4521", "Règlement par virement : IBAN FR76")
                .doesNotContain("avoir");
        MailTemplateEngine.Rendered en = ENGINE.render(List.of(), MailKind.INVOICE, "en", model("en", false));
        assertThat(en.subject()).isEqualTo("Invoice TP-2021-0007 – ACME Conseil SAS – July 2021");
        for (String body : List.of(en.text(), en.html())) {
            assertThat(body).contains("€12,796.88", "€10,664.07", "€2,132.81", "2 Aug 2021", "1 Sep 2021", "July 2021");
        }
        assertThat(fr.html()).contains("Refonte &lt;du&gt; portail").doesNotContain("<du>");
    }

    @Test
    void aCreditNoteSpeaksOfACreditNoteAndTheInvoiceItCorrects() {
        MailTemplateEngine.Rendered fr = ENGINE.render(List.of(), MailKind.CREDIT_NOTE, "fr", model("fr", false));
        assertThat(fr.subject()).isEqualTo("Avoir TP-2021-0007 – ACME Conseil SAS – facture TP-2021-0003");
        assertThat(fr.text()).contains("notre avoir n° TP-2021-0007 du 02/08/2021",
                "Il corrige notre facture n° TP-2021-0003 du 05/07/2021").doesNotContain("notre facture n° TP-2021-0007",
                "Échéance");
        MailTemplateEngine.Rendered en = ENGINE.render(List.of(), MailKind.CREDIT_NOTE, "en", model("en", false));
        assertThat(en.subject()).startsWith("Credit note TP-2021-0007");
        assertThat(en.text()).contains("our credit note no. TP-2021-0007", "It corrects our invoice no. TP-2021-0003 dated 5 Jul 2021");
    }

    @Test
    void thePersonalMessageComesFirstEscapedWithItsLineBreaksAndIsAbsentWhenNone() {
        MailTemplateEngine.Rendered with = ENGINE.render(List.of(), MailKind.INVOICE, "fr", model("fr", true));
        assertThat(with.text()).startsWith("Bonjour Claire Martin,\n\nComme convenu au téléphone :\nle détail <b>suit</b> & merci.\n\nVeuillez");
        assertThat(with.html()).contains("Comme convenu au téléphone :<br>le détail &lt;b&gt;suit&lt;/b&gt; &amp; merci.");
        MailTemplateEngine.Rendered without = ENGINE.render(List.of(), MailKind.INVOICE, "fr", model("fr", false));
        assertThat(without.text()).startsWith("Bonjour Claire Martin,\n\nVeuillez");
        assertThat(without.html()).doesNotContain("border-left");
    }

    @Test
    void theCraRequestCarriesDeadlineLinkAndTotals() {
        MailTemplateEngine.Rendered fr = ENGINE.render(List.of(), MailKind.CRA_VALIDATION_REQUEST, "fr", model("fr", false));
        assertThat(fr.subject()).isEqualTo("CRA à valider – Refonte <du> portail – juillet 2021 (version 2)");
        assertThat(fr.text()).contains("avant le 11/08/2021", "https://hub.example/validation/AAAA.BBBB?x=1&y=2",
                "- Jean Dupont : 10 jours, 80 heures", "Total : 10 jours, 80 heures",
                "Ce qui a changé depuis la version 1 :\n- 03/07/2021, Jean Dupont : jour ajouté (8 h)");
        assertThat(fr.html()).contains("href=\"https://hub.example/validation/AAAA.BBBB?x=1&amp;y=2\"", "<td>Jean Dupont</td>");
        Map<String, Object> noChanges = model("en", false);
        noChanges.put("changes", null);
        MailTemplateEngine.Rendered en = ENGINE.render(List.of(), MailKind.CRA_VALIDATION_REQUEST, "en", noChanges);
        assertThat(en.text()).contains("before 11 Aug 2021").doesNotContain("What changed");
        assertThat(en.html()).doesNotContain("What changed");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
