package dev.crahub.delivery;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailTemplatesTests {

    private static Map<String, String> values() {
        Map<String, String> v = new HashMap<>();
        v.put("number", "ACME-2026-000001");
        v.put("seller", "ACME");
        v.put("sellerEmail", "f@acme.example");
        v.put("period", "octobre 2026");
        v.put("greetingName", " Claire");
        v.put("issueDate", "26 novembre 2026");
        v.put("dueDate", "26 décembre 2026");
        v.put("totalGross", "3 026,40 €");
        v.put("totalNet", "2 522,00 €");
        v.put("contract", "Refonte");
        v.put("purchaseOrderLine", "Votre bon de commande : PO-1\n");
        v.put("bankLine", "IBAN FR76");
        return v;
    }

    @Test
    void frenchAndEnglishTemplatesAreFilled() {
        var fr = MailTemplates.render("invoice", "fr", values());
        assertThat(fr.subject()).isEqualTo("Facture ACME-2026-000001 – ACME – octobre 2026");
        assertThat(fr.body()).contains("Bonjour Claire,", "3 026,40 €", "PO-1", "26 décembre 2026").doesNotContain("${");
        var en = MailTemplates.render("invoice", "en", values());
        assertThat(en.subject()).startsWith("Invoice ACME-2026-000001");
        assertThat(en.body()).contains("Please find attached");
    }

    @Test
    void anUnknownLanguageFallsBackToFrenchAndAMissingValueIsAnError() {
        assertThat(MailTemplates.render("invoice", "de", values()).subject()).startsWith("Facture");
        Map<String, String> v = values();
        v.remove("dueDate");
        assertThatThrownBy(() -> MailTemplates.render("invoice", "fr", v)).hasMessageContaining("dueDate");
    }
}
