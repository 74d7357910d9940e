package dev.crahub;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.crahub.document.XmlSchemaValidator;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.FrenchRules;
import dev.crahub.einvoice.MustangValidation;
import dev.crahub.einvoice.PhiveValidation;
import dev.crahub.einvoice.ValidationMessage;
import dev.crahub.expense.ReceiptSamples;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scenario table of issue 8 (VAT lane, ADR 0019), full stack: a referential and time entries through the API, CRAs
 * built and approved, month lines added by API, invoices issued for 2023-10..12. Each scenario computes its totals by
 * hand (comments), then asserts the amounts the API answers, the mentions read back from the PDF, and the stored XML
 * valid against {@code invoice-1.xsd}. Credit notes belong to the credit lane. The re-billed hotel night of the mixed
 * rates scenario is a real expense ({@code POST /api/expenses} with a PNG receipt, ADR 0016), billed with the
 * contract's 10 % markup at its receipt's VAT rate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceScenarioTests extends HubTestSupport {

    static final String REFERENTIAL = """
            sellers:
              - code: vat-acme
                name: ACME Conseil SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@vat-acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: VATACME
              - code: vat-debit
                name: Débits Conseil SARL
                siren: "852917343"
                vatNumber: FR02852917343
                address: {lines: ["3 rue Mercière"], postcode: "69002", city: Lyon, country: FR}
                email: compta@vat-debit.example
                invoicePrefix: VATDEB
                vatOnDebits: true
              - code: vat-solo
                name: Jeanne Martin EI
                siren: "412369878"
                address: {lines: ["8 place du Capitole"], postcode: "31000", city: Toulouse, country: FR}
                email: jeanne@vat-solo.example
                invoicePrefix: VATSOLO
                vatFranchise: true
            clients:
              - code: vat-fr
                name: Globex France SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["52 quai de Dion-Bouton"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approver: {name: Claire Martin, email: claire.martin@vat-fr.example}
                billing: {name: Comptabilité fournisseurs, email: factures@vat-fr.example}
              - code: vat-de
                name: Initech GmbH
                vatNumber: DE123456789
                address: {lines: ["Friedrichstraße 100"], postcode: "10117", city: Berlin, country: DE}
                language: en
                approver: {name: Peter Gibbons, email: peter@vat-de.example}
                billing: {name: Kreditorenbuchhaltung, email: ap@vat-de.example}
              - code: vat-us
                name: Umbrella Corp.
                address: {lines: ["1 Market Street"], postcode: "94105", city: San Francisco, country: US}
                language: en
                approver: {name: Ada Wong, email: ada@vat-us.example}
                billing: {name: Accounts Payable, email: ap@vat-us.example}
              - code: vat-ch
                name: Helvetia AG
                address: {lines: ["Bahnhofstrasse 1"], postcode: "8001", city: Zürich, country: CH}
                language: en
                approver: {name: Heidi Keller, email: heidi@vat-ch.example}
                billing: {name: Kreditoren, email: ap@vat-ch.example}
            consultants:
              - {code: vat-jdupont, name: Jean Dupont, trackers: [{source: vat, user: vat-jd}]}
              - {code: vat-amoreau, name: Alice Moreau, trackers: [{source: vat, user: vat-am}]}
            contracts:
            %s
            """;

    /** One contract of the table: code, seller, client, rate, extra YAML lines. */
    private static String contract(String code, String seller, String client, String rate, String currency,
                                   String regime, String vatRate, String extra) {
        return """
                  - code: %s
                    seller: %s
                    client: %s
                    label: Scénario %s
                    consultants: [vat-jdupont, vat-amoreau]
                    dailyRate: %s
                    currency: %s
                    hoursPerDay: 8
                    vatRegime: %s
                    vatRate: %s
                    paymentTermsDays: 30
                    validationDeadlineDays: 5
                    startDate: 2023-01-01
                    trackers: [{source: vat, project: %s}]
                """.formatted(code, seller, client, code, rate, currency, regime, vatRate, code.toUpperCase())
                + extra.indent(4).replaceAll("\\n$", "") + "\n";
    }

    static final String CONTRACTS = String.join("",
            contract("vat-single", "vat-acme", "vat-fr", "650.00", "EUR", "STANDARD", "20.00", ""),
            contract("vat-mixed", "vat-debit", "vat-fr", "700.00", "EUR", "STANDARD", "20.00", """
                    products:
                      - {code: book, kind: PRODUCT, description: "Guide de migration (livre)", unitPrice: 29.90, unitCode: C62, vatRate: 5.5, quantity: 3, every: ONCE, from: 2023-10-02}
                    expenses: {rebill: MARKUP, markupPercent: 10, vat: RECEIPT}
                    """),
            contract("vat-discount", "vat-acme", "vat-fr", "600.00", "EUR", "STANDARD", "20.00", """
                    products:
                      - {code: support, kind: FEE, description: "Forfait support", unitPrice: 250.00, unitCode: MON, vatRate: 10, quantity: 1, every: MONTH, from: 2023-01-01, discount: {percent: 10, reason: "Remise support"}}
                    discounts:
                      - {reason: "Remise fidélité", percent: 5, from: 2023-10-01}
                    """),
            contract("vat-reverse", "vat-acme", "vat-de", "700.00", "EUR", "REVERSE_CHARGE", "0", ""),
            contract("vat-usd", "vat-acme", "vat-us", "800.00", "USD", "EXPORT", "0", ""),
            contract("vat-usd-fr", "vat-acme", "vat-fr", "800.00", "USD", "STANDARD", "20.00", ""),
            contract("vat-franchise", "vat-solo", "vat-fr", "400.00", "EUR", "FRANCHISE", "0", ""),
            contract("vat-halfday", "vat-acme", "vat-fr", "620.00", "EUR", "STANDARD", "20.00",
                    "billing: {unit: HALF_DAY, rounding: HALF_DAY}\n"),
            contract("vat-ratechange", "vat-acme", "vat-fr", "600.00", "EUR", "STANDARD", "20.00", """
                    terms:
                      - {from: 2023-12-15, dailyRate: 700.00}
                    """),
            contract("vat-zero", "vat-acme", "vat-fr", "500.00", "EUR", "STANDARD", "20.00", ""),
            contract("vat-chf", "vat-acme", "vat-ch", "900.00", "CHF", "EXPORT", "0", ""));

    @Autowired
    JdbcClient jdbc;

    @Autowired
    XmlSchemaValidator schemas;

    @Autowired
    PhiveValidation phive;

    @Autowired
    FrenchRules frenchRules;

    /** Invoices of the table by contract code, as the month runs answered them. */
    final Map<String, Map<String, Object>> invoices = new HashMap<>();
    /** The first run of December: the CHF invoice failed there. */
    List<Map<String, Object>> december;
    LocalDate today;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void runTheThreeMonths() {
        HttpHeaders yaml = new HttpHeaders();
        yaml.setContentType(MediaType.parseMediaType("application/yaml"));
        ResponseEntity<String> loaded = admin().postForEntity("/api/referential",
                new HttpEntity<>(REFERENTIAL.formatted(CONTRACTS.stripTrailing()), yaml), String.class);
        assertThat(loaded.getStatusCode()).as(loaded.getBody()).isEqualTo(HttpStatus.OK);
        today = LocalDate.now(ZoneId.of("Europe/Paris"));

        push(
                // single: Jean 8 + 8 + 7.5 = 23.5 h
                e("s1", "vat-jd", "VAT-SINGLE", "2023-10-02", 8), e("s2", "vat-jd", "VAT-SINGLE", "2023-10-03", 8),
                e("s3", "vat-jd", "VAT-SINGLE", "2023-10-04", 7.5),
                // mixed: Alice 8 + 8 = 16 h
                e("m1", "vat-am", "VAT-MIXED", "2023-10-05", 8), e("m2", "vat-am", "VAT-MIXED", "2023-10-06", 8),
                // discount: Jean 8 + 8 + 4 = 20 h
                e("d1", "vat-jd", "VAT-DISCOUNT", "2023-10-09", 8), e("d2", "vat-jd", "VAT-DISCOUNT", "2023-10-10", 8),
                e("d3", "vat-jd", "VAT-DISCOUNT", "2023-10-11", 4),
                // reverse charge: Jean 24 h
                e("r1", "vat-jd", "VAT-REVERSE", "2023-11-06", 8), e("r2", "vat-jd", "VAT-REVERSE", "2023-11-07", 8),
                e("r3", "vat-jd", "VAT-REVERSE", "2023-11-08", 8),
                // USD export: Jean 30 h
                e("u1", "vat-jd", "VAT-USD", "2023-11-13", 8), e("u2", "vat-jd", "VAT-USD", "2023-11-14", 8),
                e("u3", "vat-jd", "VAT-USD", "2023-11-15", 8), e("u4", "vat-jd", "VAT-USD", "2023-11-16", 6),
                // USD to a French buyer: Alice 16 h
                e("f1", "vat-am", "VAT-USD-FR", "2023-11-13", 8), e("f2", "vat-am", "VAT-USD-FR", "2023-11-14", 8),
                // franchise: Jean 10 h
                e("fr1", "vat-jd", "VAT-FRANCHISE", "2023-11-20", 6), e("fr2", "vat-jd", "VAT-FRANCHISE", "2023-11-21", 4),
                // half-days: Jean 8 + 8 + 3 = 19 h, Alice 5 h
                e("h1", "vat-jd", "VAT-HALFDAY", "2023-12-04", 8), e("h2", "vat-jd", "VAT-HALFDAY", "2023-12-05", 8),
                e("h3", "vat-jd", "VAT-HALFDAY", "2023-12-06", 3), e("h4", "vat-am", "VAT-HALFDAY", "2023-12-06", 5),
                // rate change on the 15th: Jean 8 + 8 before, 8 + 4 from the 15th
                e("c1", "vat-jd", "VAT-RATECHANGE", "2023-12-04", 8), e("c2", "vat-jd", "VAT-RATECHANGE", "2023-12-11", 8),
                e("c3", "vat-jd", "VAT-RATECHANGE", "2023-12-15", 8), e("c4", "vat-jd", "VAT-RATECHANGE", "2023-12-18", 4),
                // zero-rated line beside time: Jean 8 h
                e("z1", "vat-jd", "VAT-ZERO", "2023-12-07", 8),
                // CHF: Jean 8 h
                e("x1", "vat-jd", "VAT-CHF", "2023-12-08", 8));

        // a re-billable expense by API (billing role), with its receipt: Alice's hotel night in Lyon, 120.00 excluding
        // VAT at 10 %; the contract re-bills it with a 10 % markup at the receipt's rate (120.00 x 1.10 = 132.00, 10 %)
        ResponseEntity<Map> hotel = rest.withBasicAuth("billing", BILLING_PASSWORD).postForEntity("/api/expenses",
                ExpenseApiIntegrationTests.multipart(new java.util.LinkedHashMap<>(Map.of("consultant", "vat-amoreau",
                        "contract", "vat-mixed", "date", "2023-10-12", "category", "LODGING",
                        "description", "Nuit d'hôtel Lyon", "amountExclVat", "120.00", "vatRate", 10)),
                        ReceiptSamples.image("png", 300, 200, "Hotel Lyon 12/10 - 132,00 EUR TTC"), "hotel-lyon.png"),
                Map.class);
        assertThat(hotel.getStatusCode()).as(String.valueOf(hotel.getBody())).isEqualTo(HttpStatus.CREATED);

        // lines added to the months by API (billing role)
        // a press subscription at 2.1 %
        addLine("vat-mixed", "2023-10", Map.of("kind", "PRODUCT", "description", "Abonnement presse spécialisée",
                "quantity", 1, "unit", "C62", "price", 15.00, "vatRate", 2.1));
        // a zero-rated line (category Z) under the STANDARD regime
        addLine("vat-zero", "2023-12", Map.of("kind", "PRODUCT", "description", "Fourniture à taux zéro",
                "quantity", 2, "unit", "C62", "price", 45.50, "vatRate", 0));

        // exchange rates: an older one and the latest before today (which the invoices must use)
        rate("USD", today.minusDays(5), "0.900000", HttpStatus.CREATED);
        rate("USD", today.minusDays(1), "0.923361", HttpStatus.CREATED);

        for (String month : List.of("2023-10", "2023-11", "2023-12")) {
            List<Map<String, Object>> built = (List<Map<String, Object>>) admin()
                    .postForEntity("/api/months/" + month + "/cras", null, Map.class).getBody().get("cras");
            assertThat(built).isNotEmpty().allSatisfy(c -> assertThat(c.get("contract").toString()).startsWith("vat-"));
            for (Map<String, Object> cra : built) {
                assertThat(approve(cra.get("id"), "signed CRA received")).containsEntry("status", "APPROVED");
            }
            List<Map<String, Object>> issued = (List<Map<String, Object>>) admin()
                    .postForEntity("/api/months/" + month + "/invoices", null, Map.class).getBody().get("invoices");
            if (month.equals("2023-12")) {
                december = issued;
            }
            issued.stream().filter(i -> i.get("id") != null).forEach(i -> invoices.put((String) i.get("contract"), i));
        }
    }

    // ------------------------------------------------------------------------------------------------ the table

    @Test
    void singleRate() throws Exception {
        // 23.5 h / 8 = 2.9375 days x 650.00 = 1 909.375 -> 1 909.38; VAT 20 % = 381.876 -> 381.88; 2 291.26
        Map<String, Object> i = amounts("vat-single", "1909.38", "381.88", "2291.26");
        String pdf = pdfText(i);
        assertThat(pdf).contains("1 909,38 €", "381,88 €", "2 291,26 €", "Taux normal", "20 %");
        // the seller did not opt for VAT on debits: the mention must not be there (a wrong one is fined)
        assertThat(pdf).doesNotContain("d'après les débits", "TVA non applicable", "Autoliquidation");
        String xml = xml(i);
        assertThat(xml).doesNotContain("exemptionReasonCode", "taxCurrency");
    }

    @Test
    void mixedRatesWithAMarkedUpExpenseAndVatOnDebits() throws Exception {
        // time: Alice 16 h = 2 days x 700.00 = 1 400.00 (20 %)
        // product (ONCE, from 2023-10-02): 3 x 29.90 = 89.70 (5.5 %)
        // re-billed hotel (EXPENSE, "Nuit d'hôtel Lyon – Alice Moreau"): 120.00 excl. VAT x 1.10 = 132.00, at the
        //   receipt's rate (vat: RECEIPT) 10 %; the receipt's own VAT (120.00 x 10 % = 12.00, paid and recovered by
        //   the seller) is only shown in the annex, never billed
        // press: 1 x 15.00 = 15.00 (2.1 %)
        // VAT per rate on its base: 280.00 + 13.20 + 4.9335 -> 4.93 + 0.315 -> 0.32 = 298.45
        // net 1 400.00 + 132.00 + 89.70 + 15.00 = 1 636.70; gross 1 935.15
        Map<String, Object> i = amounts("vat-mixed", "1636.70", "298.45", "1935.15");
        String xml = xml(i);
        assertThat(xml).contains("<operationCategory>MIXED</operationCategory>", "kind=\"PRODUCT\"", "kind=\"EXPENSE\"",
                "<vat category=\"S\" rate=\"5.50\">", "<taxAmount>4.93</taxAmount>", "<vat category=\"S\" rate=\"2.10\">",
                "<taxAmount>0.32</taxAmount>", "<vat category=\"S\" rate=\"10.00\">", "<taxAmount>13.20</taxAmount>");
        // the hotel is no fee any more: one EXPENSE line, detailed in the expenses annex with its receipt
        assertThat(xml).doesNotContain("kind=\"FEE\"");
        assertThat(count(xml, "//*[local-name()='line'][@kind='EXPENSE']"
                + "[*[local-name()='description']=\"Nuit d'hôtel Lyon – Alice Moreau\"][*[local-name()='periodStart']='2023-10-12']"
                + "[*[local-name()='unitPrice']='132.00'][*[local-name()='vatRate']='10.00'][*[local-name()='netAmount']='132.00']"))
                .isEqualTo(1);
        assertThat(count(xml, "/*/*[local-name()='annexes']/*[local-name()='expenses']")).isEqualTo(1);
        assertThat(count(xml, "/*/*[local-name()='annexes']/*[local-name()='expenses']/*[local-name()='expense']"
                + "[@consultant='vat-amoreau'][@date='2023-10-12'][@category='LODGING']")).isEqualTo(1);
        assertThat(xml).contains("<expenses rebill=\"MARKUP\" markupPercent=\"10.00\">", "<amountExclVat>120.00</amountExclVat>",
                "<vatAmount>12.00</vatAmount>", "<billedAmount>132.00</billedAmount>", "mediaType=\"image/png\"",
                "<document id=\"annex-expenses\">");
        String pdf = pdfText(i);
        // the VAT breakdown lists the rates from the highest down
        assertThat(pdf).contains("Taux normal 20 % 1 400,00 € 280,00 € Taux normal 10 % 132,00 € 13,20 € "
                + "Taux normal 5,5 % 89,70 € 4,93 € Taux normal 2,1 % 15,00 € 0,32 €");
        assertThat(pdf).contains("Option pour le paiement de la taxe d'après les débits.",
                "Livraison de biens et prestation de services", "Guide de migration (livre)", "Nuit d'hôtel Lyon",
                "5,5 %", "2,1 %", "10 %", "1 935,15 €");
        // the expenses annex (one lodging expense, 120.00 -> 132.00 with the 10 % markup), then its receipt, stamped
        assertThat(pdf).contains("Frais refacturés", "Hébergement", "Alice Moreau", "120,00 €", "132,00 €", "majorés de 10",
                "Total (1 frais)", "1 justificatif(s) joint(s)", "Facture " + i.get("number") + " – justificatif 1/1");
        // the added line and the expense are marked with the invoice, once
        List<Map<String, Object>> lines = admin().getForObject("/api/contracts/vat-mixed/months/2023-10/lines", List.class);
        assertThat(lines).hasSize(1).allSatisfy(l -> assertThat(((Number) l.get("invoiceId")).longValue())
                .isEqualTo(((Number) i.get("id")).longValue()));
        List<Map<String, Object>> expenses = rest.withBasicAuth("billing", BILLING_PASSWORD)
                .getForObject("/api/expenses?contract=vat-mixed&month=2023-10", List.class);
        assertThat(expenses).singleElement().satisfies(e -> assertThat(((Number) e.get("invoiceId")).longValue())
                .isEqualTo(((Number) i.get("id")).longValue()));
    }

    @Test
    void aLineDiscountAndADocumentDiscountSplitPerRate() throws Exception {
        // time: 20 h = 2.5 days x 600.00 = 1 500.00 (20 %)
        // support fee: 1 MON x 250.00 = 250.00, line discount 10 % = 25.00 -> net 225.00 (10 %)
        // lines 1 725.00; document discount 5 %, per rate: 1 500.00 x 5 % = 75.00 (20 %), 225.00 x 5 % = 11.25 (10 %)
        // bases 1 425.00 -> VAT 285.00; 213.75 -> 21.375 -> 21.38; VAT 306.38
        // net 1 725.00 - 86.25 = 1 638.75; gross 1 945.13
        Map<String, Object> i = amounts("vat-discount", "1638.75", "306.38", "1945.13");
        String xml = xml(i);
        assertThat(xml).contains("<lineTotal>1725.00</lineTotal>", "<allowanceTotal>86.25</allowanceTotal>",
                "<amount>25.00</amount>", "<amount>75.00</amount>", "<amount>11.25</amount>",
                "<taxableAmount>1425.00</taxableAmount>", "<taxableAmount>213.75</taxableAmount>");
        String pdf = pdfText(i);
        assertThat(pdf).contains("Remise support 10 % de 250,00 € : -25,00 €", "Total des lignes HT", "1 725,00 €",
                "Remise fidélité (5 %) – TVA 20 % -75,00 €", "Remise fidélité (5 %) – TVA 10 % -11,25 €",
                "1 638,75 €", "1 945,13 €");
    }

    @Test
    void reverseChargeToAGermanBuyer() throws Exception {
        // 24 h = 3 days x 700.00 = 2 100.00, category AE at 0 %: no VAT, 2 100.00 due
        Map<String, Object> i = amounts("vat-reverse", "2100.00", "0.00", "2100.00");
        String xml = xml(i);
        assertThat(xml).contains("<vat category=\"AE\" rate=\"0.00\">", "<exemptionReasonCode>VATEX-EU-AE</exemptionReasonCode>",
                "<exemptionReason>Reverse charge");
        String pdf = pdfText(i);
        assertThat(pdf).contains("DE123456789", "Reverse charge (autoliquidation)", "art. 283-2", "art. 196 of Council Directive 2006/112/EC",
                "€2,100.00");
        assertThat(pdf).doesNotContain("art. 259-1", "293 B");
    }

    @Test
    void aUsBuyerInUsd() throws Exception {
        // 30 h = 3.75 days x 800.00 = 3 000.00 USD, export (G, 0 %): VAT 0.00 USD, so 0.00 EUR (BT-111)
        Map<String, Object> i = amounts("vat-usd", "3000.00", "0.00", "3000.00");
        assertThat(i).containsEntry("currency", "USD");
        String xml = xml(i);
        assertThat(xml).contains("<currency>USD</currency>", "<taxCurrency>EUR</taxCurrency>",
                "<eurPerUnit>0.923361</eurPerUnit>", "<date>" + today.minusDays(1) + "</date>",
                "<taxInAccountingCurrency currency=\"EUR\">0.00</taxInAccountingCurrency>",
                "<exemptionReasonCode>VATEX-EU-G</exemptionReasonCode>");
        String pdf = pdfText(i);
        assertThat(pdf).contains("$3,000.00", "art. 259-1", "outside the European Union",
                "VAT in EUR: €0.00 (1 USD = 0.923361 EUR, rate of " + enDate(today.minusDays(1)) + ")");
    }

    @Test
    void aFrenchBuyerInUsdGetsItsVatInEuros() throws Exception {
        // 16 h = 2 days x 800.00 = 1 600.00 USD; VAT 20 % = 320.00 USD; 1 920.00 USD
        // in EUR at the latest rate on or before the issue date (yesterday's 0.923361, not the older 0.900000):
        // 320.00 x 0.923361 = 295.47552 -> 295.48 EUR, rounded once
        Map<String, Object> i = amounts("vat-usd-fr", "1600.00", "320.00", "1920.00");
        assertThat(xml(i)).contains("<taxInAccountingCurrency currency=\"EUR\">295.48</taxInAccountingCurrency>",
                "<source>MANUAL</source>");
        assertThat(pdfText(i)).contains("TVA en EUR : 295,48 € (1 USD = 0,923361 EUR, taux du " + frDate(today.minusDays(1)) + ")",
                "1 920,00 $");
    }

    @Test
    void franchiseEnBase() throws Exception {
        // 10 h = 1.25 days x 400.00 = 500.00, category E at 0 %: 500.00 due
        Map<String, Object> i = amounts("vat-franchise", "500.00", "0.00", "500.00");
        assertThat(xml(i)).contains("<vat category=\"E\" rate=\"0.00\">",
                "<exemptionReason>TVA non applicable, art. 293 B du CGI</exemptionReason>",
                "<exemptionReasonCode>VATEX-FR-FRANCHISE</exemptionReasonCode>");
        String pdf = pdfText(i);
        assertThat(pdf).contains("TVA non applicable, art. 293 B du CGI.", "500,00 €");
        assertThat(pdf).doesNotContain("d'après les débits", "Autoliquidation");
    }

    @Test
    void halfDayRounding() throws Exception {
        // HALF_DAY unit and rounding, per consultant: Jean 19 h = 2.375 days -> 2.5; Alice 5 h = 0.625 -> 0.5
        // 2.5 x 620.00 = 1 550.00; 0.5 x 620.00 = 310.00; net 1 860.00; VAT 372.00; 2 232.00
        Map<String, Object> i = amounts("vat-halfday", "1860.00", "372.00", "2232.00");
        assertThat(xml(i)).contains("<quantity unitCode=\"DAY\">2.5", "<quantity unitCode=\"DAY\">0.5");
        assertThat(pdfText(i)).contains("1 550,00 €", "310,00 €", "2 232,00 €");
    }

    @Test
    void aRateChangeOnThe15th() throws Exception {
        // 1-14: 16 h = 2 days x 600.00 = 1 200.00; from the 15th: 12 h = 1.5 days x 700.00 = 1 050.00
        // net 2 250.00; VAT 450.00; 2 700.00
        Map<String, Object> i = amounts("vat-ratechange", "2250.00", "450.00", "2700.00");
        assertThat(xml(i)).contains("<periodStart>2023-12-15</periodStart>", "<unitPrice>600.00", "<unitPrice>700.00");
        assertThat(pdfText(i)).contains("Du 15/12/2023 au 31/12/2023", "1 200,00 €", "1 050,00 €", "2 700,00 €");
    }

    @Test
    void aZeroRatedLine() throws Exception {
        // time 8 h = 1 day x 500.00 = 500.00 (S 20 %) -> VAT 100.00; 2 x 45.50 = 91.00 (Z 0 %) -> 0.00
        // net 591.00; VAT 100.00; 691.00
        Map<String, Object> i = amounts("vat-zero", "591.00", "100.00", "691.00");
        String xml = xml(i);
        assertThat(xml).contains("<vat category=\"Z\" rate=\"0.00\">", "<taxableAmount>91.00</taxableAmount>");
        assertThat(xml).doesNotContain("exemptionReasonCode");
        assertThat(pdfText(i)).contains("Taux zéro", "Fourniture à taux zéro", "691,00 €");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInvoiceWithoutAnExchangeRateFailsAloneThenIssuesOnceTheRateIsRecorded() {
        // first run of December: the CHF invoice failed alone, with what to do; the others were issued
        Map<String, Object> failed = december.stream().filter(i -> "FAILED".equals(i.get("status"))).findFirst().orElseThrow();
        assertThat(failed.get("error").toString()).contains("no exchange rate for CHF on or before " + today,
                "POST /api/exchange-rates");
        assertThat(december.stream().filter(i -> i.get("id") != null)).hasSize(3);

        // ops see it in the dead letters; once the rate is recorded, its replay issues it (and clears the letter)
        TestRestTemplateOps ops = new TestRestTemplateOps();
        Map<String, Object> letter = ops.pendingInvoiceLetters().stream()
                .filter(d -> String.valueOf(d.get("error")).contains("no exchange rate for CHF")).findFirst().orElseThrow();
        rate("CHF", today.minusDays(2), "1.061234", HttpStatus.CREATED);
        Map<String, Object> replay = rest.withBasicAuth("ops", OPS_PASSWORD)
                .postForObject("/api/dead-letters/" + letter.get("id") + "/replay", null, Map.class);
        assertThat(replay).as(String.valueOf(replay)).containsEntry("replayed", true);
        assertThat(ops.pendingInvoiceLetters()).noneMatch(d -> d.get("id").equals(letter.get("id")));
        List<Map<String, Object>> chf = ((List<Map<String, Object>>) admin().getForObject("/api/invoices?month=2023-12", List.class))
                .stream().filter(i -> "vat-chf".equals(i.get("contract"))).toList();
        // 8 h = 1 day x 900.00 = 900.00 CHF, export: VAT 0.00 (so 0.00 EUR at 1.061234)
        assertThat(chf).singleElement().satisfies(i -> {
            assertThat(i).containsEntry("currency", "CHF");
            assertThat(new BigDecimal(i.get("totalGross").toString())).isEqualByComparingTo("900.00");
        });
    }

    // ------------------------------------------------------------------------------------------------ attacks

    @Test
    void aRecordedRateNeverChanges() {
        rate("USD", today.minusDays(1), "0.923361", HttpStatus.OK); // the same again: a no-op
        rate("USD", today.minusDays(1), "0.95", HttpStatus.CONFLICT);
        rate("EUR", today, "1", HttpStatus.BAD_REQUEST);
        rate("XYZ", today, "1", HttpStatus.BAD_REQUEST);
        rate("USD", today, "0.1234567", HttpStatus.BAD_REQUEST);
        rate("USD", today, "-1", HttpStatus.BAD_REQUEST);
        assertThatThrownBy(() -> jdbc.sql("UPDATE exchange_rate SET eur_per_unit = 1 WHERE currency = 'USD'").update())
                .hasMessageContaining("never changed");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM exchange_rate WHERE currency = 'USD'").update())
                .hasMessageContaining("never changed");
        // ops may not record rates
        ResponseEntity<String> ops = rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/exchange-rates",
                json(Map.of("currency", "USD", "date", today.toString(), "eurPerUnit", 2)), String.class);
        assertThat(ops.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void monthLinesAreCheckedAndNeverEdited() {
        String url = "/api/contracts/vat-single/months/2023-10/lines";
        // the month is invoiced: a line added now would never be billed
        assertThat(post(url, Map.of("kind", "FEE", "description", "Frais", "quantity", 1, "price", 10, "vatRate", 20))
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        String open = "/api/contracts/vat-single/months/2023-09/lines";
        assertThat(post(open, Map.of("kind", "GIFT", "description", "x", "quantity", 1, "price", 10)).getBody())
                .contains("kind");
        assertThat(post(open, Map.of("kind", "FEE", "description", "x", "quantity", 1, "price", 10, "vatRate", 19.6))
                .getBody()).contains("not a French VAT rate");
        assertThat(post(open, Map.of("kind", "FEE", "description", "bad\u0001", "quantity", 1, "price", 10))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post(open, Map.of("kind", "FEE", "description", "x", "quantity", -1, "price", 10))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post(open, Map.of("kind", "FEE", "description", "x", "quantity", 1, "price", 10,
                "discount", Map.of("amount", 11))).getBody()).contains("more than the line's amount");
        assertThat(post("/api/contracts/nope/months/2023-09/lines", Map.of("kind", "FEE", "description", "x",
                "quantity", 1, "price", 10)).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(post("/api/contracts/vat-single/months/2023-13/lines", Map.of("kind", "FEE", "description", "x",
                "quantity", 1, "price", 10)).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<String> ops = rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity(open,
                json(Map.of("kind", "FEE", "description", "x", "quantity", 1, "price", 10)), String.class);
        assertThat(ops.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> billing = rest.withBasicAuth("billing", BILLING_PASSWORD).postForEntity(open,
                json(Map.of("kind", "FEE", "description", "Frais de dossier", "quantity", 1, "price", 10)), String.class);
        assertThat(billing.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        // invoiced lines keep their invoice; no line is edited or deleted, even in the database
        assertThatThrownBy(() -> jdbc.sql("UPDATE contract_month_line SET unit_price = 0 WHERE contract_code = 'vat-mixed'").update())
                .hasMessageContaining("never edited");
        assertThatThrownBy(() -> jdbc.sql("UPDATE contract_month_line SET invoice_id = NULL WHERE contract_code = 'vat-mixed'").update())
                .hasMessageContaining("never edited");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM contract_month_line WHERE contract_code = 'vat-single'").update())
                .hasMessageContaining("never edited");
    }

    @Test
    void inconsistentRegimesAreRefusedAtLoad() {
        HttpHeaders yaml = new HttpHeaders();
        yaml.setContentType(MediaType.parseMediaType("application/yaml"));
        String bad = REFERENTIAL.formatted(String.join("",
                contract("vat-bad1", "vat-acme", "vat-fr", "500.00", "EUR", "REVERSE_CHARGE", "0", ""),
                contract("vat-bad2", "vat-acme", "vat-de", "500.00", "EUR", "EXPORT", "0", ""),
                contract("vat-bad3", "vat-acme", "vat-us", "500.00", "EUR", "REVERSE_CHARGE", "0", ""),
                contract("vat-bad4", "vat-solo", "vat-fr", "500.00", "EUR", "STANDARD", "20", ""),
                contract("vat-bad5", "vat-acme", "vat-fr", "500.00", "EUR", "FRANCHISE", "0", ""),
                contract("vat-bad6", "vat-acme", "vat-fr", "500.00", "EUR", "STANDARD", "19.6", "")).stripTrailing());
        ResponseEntity<String> answer = admin().postForEntity("/api/referential", new HttpEntity<>(bad, yaml), String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody()).contains("contracts[0].vatRegime: REVERSE_CHARGE", "is in FR",
                "contracts[1].vatRegime: EXPORT", "contracts[2].vatRegime: REVERSE_CHARGE", "outside the EU",
                "needs the buyer's VAT number", "contracts[3].vatRegime: seller 'vat-solo' is under the franchise",
                "contracts[4].vatRegime: FRANCHISE", "contracts[5].vatRate: 19.6 is not a French VAT rate");
        // nothing of the document was stored
        assertThat(admin().getForEntity("/api/referential/contracts/vat-bad1", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    /**
     * Issue 9: every invoice of the table, as the hub's gate passed it, is a valid Factur-X (Mustang: PDF/A-3 part and
     * XML part), CII (Mustang, phive EN 16931, French rules) and UBL (phive EN 16931 and Peppol BIS, French rules),
     * checked here again by the validators themselves with zero errors. The mixed scenario's hotel receipt travels as
     * a file of its Factur-X.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyScenarioIsAValidFacturXCiiAndUbl() throws Exception {
        MustangValidation mustang = new MustangValidation();
        org.springframework.boot.test.web.client.TestRestTemplate billing = rest.withBasicAuth("billing", BILLING_PASSWORD);
        List<Map<String, Object>> issued = invoices.values().stream().filter(i -> i.get("number") != null).toList();
        assertThat(issued).hasSizeGreaterThanOrEqualTo(10);
        for (Map<String, Object> invoice : issued) {
            String id = invoice.get("id").toString();
            String number = (String) invoice.get("number");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                    .pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                            billing.getForObject("/api/invoices/" + id + "/einvoice", Map.class))
                            .as(number).containsEntry("status", "VALID"));
            byte[] facturx = billing.getForObject("/api/invoices/" + id + "/facturx", byte[].class);
            byte[] cii = billing.getForObject("/api/invoices/" + id + "/cii", byte[].class);
            byte[] ubl = billing.getForObject("/api/invoices/" + id + "/ubl", byte[].class);
            MustangValidation.Report full = mustang.facturX(facturx, number + ".pdf");
            assertThat(full.pdfValid()).as(number + " PDF/A-3").isTrue();
            assertThat(full.xmlValid()).as(number + " Factur-X XML").isTrue();
            assertThat(full.messages()).as(number + " Factur-X").filteredOn(ValidationMessage::isError).isEmpty();
            assertThat(mustang.cii(cii, number + "-cii.xml").messages()).as(number + " CII")
                    .filteredOn(ValidationMessage::isError).isEmpty();
            assertThat(phive.cii(cii)).as(number + " phive CII").filteredOn(ValidationMessage::isError).isEmpty();
            assertThat(phive.ubl(ubl)).as(number + " phive UBL").filteredOn(ValidationMessage::isError).isEmpty();
            List<ValidationMessage> peppol = phive.peppol(ubl).stream().filter(ValidationMessage::isError).toList();
            if ("vat-usd".equals(invoice.get("contract"))) {
                // a US buyer known by e-mail only has no Peppol address: the one Peppol finding (a warning at the gate)
                assertThat(peppol).extracting(ValidationMessage::rule).containsOnly("PEPPOL-EN16931-CL008");
            } else {
                assertThat(peppol).as(number + " Peppol").isEmpty();
            }
            assertThat(frenchRules.check(cii, EInvoiceFormat.CII)).as(number + " BR-FR CII").filteredOn(ValidationMessage::isError).isEmpty();
            assertThat(frenchRules.check(ubl, EInvoiceFormat.UBL)).as(number + " BR-FR UBL").filteredOn(ValidationMessage::isError).isEmpty();
            // the totals are the invoice's
            assertThat(new String(cii, StandardCharsets.UTF_8)).contains("<ram:DuePayableAmount>"
                    + new BigDecimal(invoice.get("totalGross").toString()).setScale(2) + "</ram:DuePayableAmount>");
            if ("vat-mixed".equals(invoice.get("contract"))) {
                try (PDDocument pdf = Loader.loadPDF(facturx)) {
                    assertThat(pdf.getDocumentCatalog().getNames().getEmbeddedFiles().getNames().keySet())
                            .anyMatch(name -> name.startsWith(number + "-receipt-") && name.endsWith(".png"));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The dead letters as ops sees them. */
    private final class TestRestTemplateOps {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> pendingInvoiceLetters() {
            List<Map<String, Object>> letters = rest.withBasicAuth("ops", OPS_PASSWORD).getForObject("/api/dead-letters", List.class);
            return letters.stream().filter(d -> "direct:invoice-issue-one".equals(d.get("endpointUri"))).toList();
        }
    }

    /** The invoice of a contract, its amounts as the API answered them, its stored XML valid against the schema. */
    private Map<String, Object> amounts(String contract, String net, String vat, String gross) {
        Map<String, Object> i = invoices.get(contract);
        assertThat(i).as("invoice of " + contract).isNotNull();
        assertThat(new BigDecimal(i.get("totalNet").toString())).as("net").isEqualByComparingTo(net);
        assertThat(new BigDecimal(i.get("totalVat").toString())).as("VAT").isEqualByComparingTo(vat);
        assertThat(new BigDecimal(i.get("totalGross").toString())).as("gross").isEqualByComparingTo(gross);
        schemas.validate(xml(i).getBytes(StandardCharsets.UTF_8), "invoice-1.xsd");
        return i;
    }

    private String xml(Map<String, Object> invoice) {
        String xml = admin().getForObject("/api/invoices/" + invoice.get("id") + "/xml", String.class);
        try { // kept for a look (target/scenario-invoices/<contract>.xml; rendered in both languages by hand)
            java.nio.file.Path dir = java.nio.file.Path.of("target", "scenario-invoices");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(invoice.get("contract") + ".xml"), xml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return xml;
    }

    private String pdfText(Map<String, Object> invoice) throws Exception {
        byte[] pdf = admin().getForObject("/api/invoices/" + invoice.get("id") + "/pdf", byte[].class);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // amounts are grouped with no-break spaces: read them as spaces
            return new PDFTextStripper().getText(doc).replace('\u00A0', ' ').replace('\u202F', ' ')
                    .replaceAll("[ \\t]*\\r?\\n[ \\t]*", " ");
        }
    }

    /** How many nodes of the XML an XPath selects. */
    private static int count(String xml, String xpath) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document doc = factory.newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return ((Number) javax.xml.xpath.XPathFactory.newInstance().newXPath()
                .evaluate("count(" + xpath + ")", doc, javax.xml.xpath.XPathConstants.NUMBER)).intValue();
    }

    private static String frDate(LocalDate d) {
        return String.format("%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
    }

    private static String enDate(LocalDate d) {
        return d.getDayOfMonth() + " " + d.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)
                + " " + d.getYear();
    }

    private void push(Map<?, ?>... entries) {
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries",
                Map.of("source", "vat", "entries", List.of(entries)), Map.class);
        assertThat(pushed.getStatusCode()).as(String.valueOf(pushed.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(pushed.getBody()).containsEntry("unmapped", 0);
    }

    private static Map<String, Object> e(String id, String user, String project, String date, double hours) {
        return Map.of("id", "vat-" + id, "user", Map.of("id", user), "project", project, "date", date, "hours", hours,
                "comment", "Travaux " + project.toLowerCase());
    }

    private void addLine(String contract, String month, Map<String, Object> line) {
        ResponseEntity<String> added = post("/api/contracts/" + contract + "/months/" + month + "/lines", line);
        assertThat(added.getStatusCode()).as(added.getBody()).isEqualTo(HttpStatus.CREATED);
    }

    private ResponseEntity<String> post(String url, Map<String, Object> body) {
        return admin().postForEntity(url, json(body), String.class);
    }

    private void rate(String currency, LocalDate date, String eurPerUnit, HttpStatus expected) {
        ResponseEntity<String> answer = rest.withBasicAuth("billing", BILLING_PASSWORD).postForEntity("/api/exchange-rates",
                json(Map.of("currency", currency, "date", date.toString(), "eurPerUnit", new BigDecimal(eurPerUnit))),
                String.class);
        assertThat(answer.getStatusCode()).as(currency + " " + date + " " + answer.getBody()).isEqualTo(expected);
    }
}
