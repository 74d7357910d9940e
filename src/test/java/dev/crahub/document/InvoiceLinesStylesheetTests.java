package dev.crahub.document;

import static dev.crahub.document.TestDocuments.NBSP;
import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.string;
import static dev.crahub.document.TestDocuments.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.invoice.AllowanceCharge;
import dev.crahub.invoice.InvoiceCalculator;
import dev.crahub.invoice.InvoiceLine;
import dev.crahub.invoice.InvoiceTotals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The line model on page 1 (ADR 0015): a line's own period, a price per base quantity, line and document
 * allowances, prices with more than two decimals; and the sample's figures are what the calculator computes.
 */
class InvoiceLinesStylesheetTests {

    private static XslTransformer transformer;
    private static byte[] invoice;

    @BeforeAll
    static void setUp() {
        transformer = new XslTransformer(XSL);
        invoice = sample("invoice-lines-sample.xml");
    }

    private static String page(byte[] canonical) {
        Document fo = parse(transformer.transform("invoice-fo.xsl", canonical));
        return string(fo, "/fo:root/fo:page-sequence[1]").replace(NBSP, " ").replace('\u202f', ' ');
    }

    @Test
    void theSampleIsValidAndItsFiguresAreTheCalculatorsToTheCent() {
        new XmlSchemaValidator().validate(invoice, "invoice-1.xsd");
        // by hand: 1.9375 d x 650.00 = 1 259.375 -> 1 259.38
        //          7.5 HUR x 650.00 / 7 = 696.428... -> 696.43; 10 % of it = 69.643 -> 69.64; net 626.79
        //          3 x 12.345 = 37.035 -> 37.04
        //          lines 1 923.21; document discount 50.00; net 1 873.21; VAT 20 % = 374.642 -> 374.64; 2 247.85
        List<InvoiceLine> lines = new ArrayList<>();
        lines.add(new InvoiceLine(1, InvoiceLine.Kind.TIME, "t", "jdupont", null, null, null, new BigDecimal("1.9375"), "DAY",
                new BigDecimal("650.00"), BigDecimal.ONE, List.of(), "S", new BigDecimal("20.00"), null).priced());
        InvoiceLine hours = new InvoiceLine(2, InvoiceLine.Kind.TIME, "t", "amoreau", null, null, null, new BigDecimal("7.5"),
                "HUR", new BigDecimal("650.00"), new BigDecimal("7"), List.of(), "S", new BigDecimal("20.00"), null);
        lines.add(new InvoiceLine(2, InvoiceLine.Kind.TIME, "t", "amoreau", null, null, null, new BigDecimal("7.5"), "HUR",
                new BigDecimal("650.00"), new BigDecimal("7"),
                List.of(AllowanceCharge.discount(BigDecimal.TEN, hours.grossAmount(), "Remise fidélité")), "S",
                new BigDecimal("20.00"), null).priced());
        lines.add(new InvoiceLine(3, InvoiceLine.Kind.PRODUCT, "p", null, "lic-test", null, null, new BigDecimal("3"), "C62",
                new BigDecimal("12.345"), null, List.of(), "S", new BigDecimal("20.00"), null).priced());
        InvoiceTotals totals = InvoiceCalculator.totals(lines, List.of(
                AllowanceCharge.discount(new BigDecimal("50.00"), "Geste commercial").withVat("S", new BigDecimal("20.00"))));
        assertThat(lines).extracting(InvoiceLine::netAmount).containsExactly(new BigDecimal("1259.38"),
                new BigDecimal("626.79"), new BigDecimal("37.04"));
        assertThat(totals.lineTotal()).isEqualByComparingTo("1923.21");
        assertThat(totals.allowanceTotal()).isEqualByComparingTo("50.00");
        assertThat(totals.taxExclusive()).isEqualByComparingTo("1873.21");
        assertThat(totals.tax()).isEqualByComparingTo("374.64");
        assertThat(totals.payable()).isEqualByComparingTo("2247.85");
        String xml = new String(invoice, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(xml).contains("<netAmount>1259.38</netAmount>", "<netAmount>626.79</netAmount>",
                "<netAmount>37.04</netAmount>", "<taxExclusive>1873.21</taxExclusive>", "<tax>374.64</tax>",
                "<payable>2247.85</payable>");
    }

    @Test
    void pageOneShowsPeriodsPricesPerBaseQuantityAndDiscountsInFrench() {
        assertThat(page(invoice)).contains("1,9375", "Du 01/10/2026 au 14/10/2026",
                "7,50", "650,00 €", "pour 7 h",
                "Remise fidélité 10 % de 696,43 € : -69,64 €", "626,79 €",
                "12,345 €", "37,04 €",
                "Total des lignes HT", "1 923,21 €", "Geste commercial", "-50,00 €", "1 873,21 €", "374,64 €", "2 247,85 €");
    }

    @Test
    void pageOneShowsPeriodsPricesPerBaseQuantityAndDiscountsInEnglish() {
        assertThat(page(with(invoice, "/inv:invoice/@language", "en"))).contains("1.9375", "From 1 Oct 2026 to 14 Oct 2026",
                "7.50", "€650.00", "per 7 h", "Remise fidélité 10% of €696.43: -€69.64", "€12.345",
                "Lines total excl. VAT", "€1,923.21", "-€50.00", "€1,873.21", "€374.64", "€2,247.85");
    }

    @Test
    void aPriceWithTwoDecimalsKeepsTwo() {
        assertThat(page(with(invoice, "/inv:invoice/inv:lines/inv:line[3]/inv:unitPrice", "12.300000")))
                .contains("12,30 €").doesNotContain("12,3000");
    }

    @Test
    void theProductsAnnexDetailsTheProductAndFeeLinesAfterTheTimeDetail() {
        Document fo = parse(transformer.transform("invoice-fo.xsl", invoice));
        assertThat(string(fo, "count(/fo:root/fo:page-sequence)")).isEqualTo("3");
        String annex = string(fo, "/fo:root/fo:page-sequence[3]").replace(NBSP, " ").replace('\u202f', ' ');
        // line 3: 3 x 12.345 = 37.035 -> 37.04
        assertThat(annex).contains("Annexe 2 – Produits et forfaits", "Produit", "lic-test",
                "Licence outil de test – octobre 2026", "3,00 u.", "12,345 €", "20 %", "37,04 €", "Total des produits et forfaits")
                .doesNotContain("Prestation de conseil");
        String english = string(parse(transformer.transform("invoice-fo.xsl", with(invoice, "/inv:invoice/@language", "en"))),
                "/fo:root/fo:page-sequence[3]");
        assertThat(english).contains("Annex 2", "Products and fees", "Product", "€37.04");
    }
}
