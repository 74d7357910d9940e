package dev.crahub.cra;

import static dev.crahub.cra.ValidationPageStylesheetTests.cra;
import static dev.crahub.cra.ValidationPageStylesheetTests.render;
import static dev.crahub.cra.ValidationPageStylesheetTests.string;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/** The approver sees the valuation exactly as it will be invoiced (ADR 0015): lines, periods, prices, amounts. */
class ValidationPageBillingStylesheetTests {

    // Jean 19.5 h: 11.5 h at 650 before the 15th (1.4375 d = 934.375 -> 934.38), 8 h at 700 after (1 d = 700.00);
    // Alice 8 h = 1 d x 650 = 650.00; total 2 284.38
    static final String BILLING = """
            <billing>
              <line consultant="jdupont" from="2025-07-01" to="2025-07-14"><hours>11.50</hours><dayEquivalent>1.4375</dayEquivalent>
                <quantity unitCode="DAY">1.4375</quantity><unit>DAY</unit><unitPrice currency="EUR">650.00</unitPrice>
                <baseQuantity>1</baseQuantity><amount currency="EUR">934.38</amount><vatCategory>S</vatCategory><vatRate>20.00</vatRate></line>
              <line consultant="jdupont" from="2025-07-15" to="2025-07-31"><hours>8.00</hours><dayEquivalent>1.00</dayEquivalent>
                <quantity unitCode="DAY">1.00</quantity><unit>DAY</unit><unitPrice currency="EUR">700.00</unitPrice>
                <baseQuantity>1</baseQuantity><amount currency="EUR">700.00</amount><vatCategory>S</vatCategory><vatRate>20.00</vatRate></line>
              <line consultant="amoreau" from="2025-07-01" to="2025-07-31"><hours>8.00</hours><dayEquivalent>1.00</dayEquivalent>
                <quantity unitCode="DAY">1.00</quantity><unit>DAY</unit><unitPrice currency="EUR">650.00</unitPrice>
                <baseQuantity>1</baseQuantity><amount currency="EUR">650.00</amount><vatCategory>S</vatCategory><vatRate>20.00</vatRate></line>
            </billing>""";

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void theValuationListsTheLinesAsInvoiced(String language) {
        boolean fr = language.equals("fr");
        String cra = cra(language, BILLING).replace("<amount currency=\"EUR\">2234.38</amount>",
                "<amount currency=\"EUR\">2284.38</amount>");
        Document html = render(new ValidationPage(ValidationPage.State.OPEN, language).token("t.t").csrf("_csrf", "x").cra(cra));
        String table = string(html, "//h:table[contains(@class,'billing')]").replace('\u00a0', ' ').replace('\u202f', ' ');
        assertThat(table).contains(fr ? "Du 01/07/2025 au 14/07/2025" : "From 1 Jul 2025 to 14 Jul 2025",
                fr ? "1,4375" : "1.4375", fr ? "934,38 €" : "€934.38", fr ? "700,00 €" : "€700.00",
                fr ? "2 284,38 €" : "€2,284.38");
        assertThat(string(html, "//h:section[.//h:table[contains(@class,'billing')]]/h:h2"))
                .isEqualTo(fr ? "Valorisation (telle que facturée)" : "Valuation (as invoiced)");
    }
}
