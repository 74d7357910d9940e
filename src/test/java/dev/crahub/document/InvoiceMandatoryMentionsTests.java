package dev.crahub.document;

import static dev.crahub.document.TestDocuments.NBSP;
import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.node;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.serialize;
import static dev.crahub.document.TestDocuments.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every mandatory mention of a French invoice (CGI annexe II art. 242 nonies A, code de commerce L441-9, décret
 * 2022-1299; see docs/french-invoicing.md), one test each, read back from page 1 of a real PDF (the canonical sample
 * through xsl/invoice-fo.xsl with the shipped {@code default} template set, then FOP), in French and in English; and
 * the invoice number and "page n / N" on every page of a document whose annex runs over several pages.
 */
class InvoiceMandatoryMentionsTests {

    private static final String INVOICE = "/inv:invoice";

    private static XslTransformer transformer;
    private static PdfRenderer renderer;
    private static TemplateSet defaultSet;
    private static byte[] sample;
    private static final Map<String, List<String>> cache = new HashMap<>();

    @BeforeAll
    static void setUp() {
        transformer = new XslTransformer(XSL);
        renderer = new PdfRenderer(XSL);
        defaultSet = new TemplateSetParser().parse("default", Path.of("templates/default"));
        sample = sample("invoice-sample.xml");
    }

    /**
     * The invoice in a language: the text of each page in the order FOP wrote it (cell after cell of a row), every run
     * of white space (line breaks of wrapped text, no-break spaces) read as one space.
     */
    private static List<String> pages(String language, String variant, byte[] xml) {
        return cache.computeIfAbsent(language + "/" + variant, key -> {
            byte[] canonical = with(xml, INVOICE + "/@language", language);
            byte[] pdf = renderer.render(transformer.transform("invoice-fo.xsl", canonical,
                    defaultSet.stylesheetParameters(language)));
            try (PDDocument document = Loader.loadPDF(pdf)) {
                List<String> pages = new ArrayList<>();
                for (int i = 1; i <= document.getNumberOfPages(); i++) {
                    PDFTextStripper stripper = new PDFTextStripper();
                    stripper.setStartPage(i);
                    stripper.setEndPage(i);
                    pages.add(stripper.getText(document).replace(NBSP, " ").replace('\u202F', ' ').replaceAll("\\s+", " "));
                }
                return pages;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String page1(String language) {
        return pages(language, "sample", sample).get(0);
    }

    private static String fr(String language, String fr, String en) {
        return language.equals("fr") ? fr : en;
    }

    // ---------------------------------------------------------------- seller and buyer

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void sellerName(String language) {
        assertThat(page1(language)).contains("ACME Conseil SAS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void sellerAddress(String language) {
        assertThat(page1(language)).contains("12 rue de la Paix", "75002 Paris");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void sellerSiren(String language) {
        assertThat(page1(language)).contains(fr(language, "SIREN : 123456789", "SIREN: 123456789"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void sellerVatNumber(String language) {
        assertThat(page1(language)).contains(fr(language, "N° TVA intracommunautaire : FR32123456789",
                "VAT number: FR32123456789"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void buyerName(String language) {
        assertThat(page1(language)).contains("Globex France SA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void buyerAddress(String language) {
        assertThat(page1(language)).contains("Tour Horizon", "52 quai de Dion-Bouton", "92800 Puteaux");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void buyerSiren(String language) {
        assertThat(page1(language)).contains(fr(language, "SIREN : 987654321", "SIREN: 987654321"));
    }

    /** Reverse charge to a German buyer: its VAT number (the buyer is liable) and the legal ground. */
    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void buyerVatNumberUnderReverseCharge(String language) {
        Document xml = parse(with(sample, INVOICE + "/inv:vatRegime", "REVERSE_CHARGE"));
        Element buyer = (Element) node(xml, INVOICE + "/inv:buyer");
        buyer.removeChild(node(buyer, "inv:siren"));
        node(buyer, "inv:name").setTextContent("Initech GmbH");
        node(buyer, "inv:vatNumber").setTextContent("DE136695976");
        node(buyer, "inv:address/inv:country").setTextContent("DE");
        String page = pages(language, "reverse-charge", serialize(xml)).get(0);

        assertThat(page).contains(fr(language, "N° TVA intracommunautaire : DE136695976", "VAT number: DE136695976"))
                .contains(fr(language, "Autoliquidation", "Reverse charge (autoliquidation)"))
                .contains(fr(language, "art. 283-2 du CGI", "art. 283-2 of the French Tax Code"));
    }

    // ---------------------------------------------------------------- the document

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void issueDate(String language) {
        assertThat(page1(language)).contains(fr(language, "émise le 26/11/2026", "issued on 26 Nov 2026"))
                .contains(fr(language, "DATE D'ÉMISSION", "ISSUE DATE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void number(String language) {
        assertThat(page1(language)).contains(fr(language, "N° ACME-2026-000001", "No. ACME-2026-000001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void servicePeriod(String language) {
        assertThat(page1(language)).contains(fr(language, "du 01/10/2026 au 31/10/2026", "from 1 Oct 2026 to 31 Oct 2026"))
                .contains(fr(language, "PÉRIODE DE PRESTATION", "SERVICE PERIOD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void categoryOfOperation(String language) {
        assertThat(page1(language)).contains(fr(language, "Prestation de services", "Supply of services"))
                .contains(fr(language, "CATÉGORIE DE L'OPÉRATION", "TYPE OF TRANSACTION"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void debitsOptionOnlyWhenOpted(String language) {
        String mention = fr(language, "Option pour le paiement de la taxe d'après les débits",
                "Option for payment of VAT on debits");
        String opted = pages(language, "debits", with(sample, INVOICE + "/inv:seller/inv:vatOnDebits", "true")).get(0);

        assertThat(opted).contains(mention);
        assertThat(page1(language)).doesNotContain(mention).doesNotContainIgnoringCase("débits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void purchaseOrderWhenGiven(String language) {
        Document xml = parse(sample);
        Node po = node(xml, INVOICE + "/inv:purchaseOrder");
        po.getParentNode().removeChild(po);
        String without = pages(language, "no-po", serialize(xml)).get(0);

        assertThat(page1(language)).contains("PO-2026-0042").contains(fr(language, "BON DE COMMANDE", "PURCHASE ORDER"));
        assertThat(without).doesNotContain("PO-2026-0042");
    }

    // ---------------------------------------------------------------- lines and totals

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void lineDesignation(String language) {
        assertThat(page1(language)).contains("Prestation de conseil – Jean Dupont –", "Prestation de conseil – Alice Moreau –");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void lineQuantity(String language) {
        assertThat(page1(language)).containsPattern(fr(language, "1,94 jour ", "1\\.94 day "))
                .containsPattern(fr(language, "1,00 jour ", "1\\.00 day "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void lineUnitPriceExcludingVat(String language) {
        assertThat(page1(language)).containsPattern(fr(language, "jour 650,00 € ", "day €650\\.00 "))
                .contains(fr(language, "Prix unit. HT", "Unit price excl."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void lineVatRate(String language) {
        assertThat(page1(language)).containsPattern(fr(language, "650,00 € 20 % 1 261,00 €", "€650\\.00 20% €1,261\\.00"))
                .containsPattern(fr(language, "650,00 € 20 % 650,00 €", "€650\\.00 20% €650\\.00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void totalExcludingVat(String language) {
        assertThat(page1(language)).contains(fr(language, "Total HT 1 911,00 €", "Total excl. VAT €1,911.00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void vatPerRate(String language) {
        assertThat(page1(language)).contains(fr(language, "Taux normal 20 % 1 911,00 € 382,20 €",
                "Standard rate 20% €1,911.00 €382.20"));
        assertThat(page1(language)).contains(fr(language, "Total TVA 382,20 €", "Total VAT €382.20"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void totalIncludingVat(String language) {
        assertThat(page1(language)).contains(fr(language, "Total TTC 2 293,20 €", "Total incl. VAT €2,293.20"))
                .contains(fr(language, "Net à payer 2 293,20 €", "Amount due €2,293.20"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void currency(String language) {
        assertThat(page1(language)).contains(fr(language, "Montants exprimés en EUR", "Amounts in EUR"));
    }

    // ---------------------------------------------------------------- payment

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void dueDate(String language) {
        assertThat(page1(language)).contains(fr(language, "Échéance : 26/12/2026 (paiement à 30 jours",
                "Due date: 26 Dec 2026 (payment within 30 days"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void earlyPaymentDiscount(String language) {
        assertThat(page1(language)).contains(fr(language, "Pas d'escompte pour paiement anticipé.",
                "No discount for early payment."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void latePenaltyRate(String language) {
        assertThat(page1(language).replace("\n", " ")).contains(fr(language, "au taux annuel de 12,15 %",
                "at the annual rate of 12.15%"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void recoveryIndemnityOf40Euros(String language) {
        assertThat(page1(language).replace("\n", " ")).contains(fr(language,
                "indemnité forfaitaire pour frais de recouvrement de 40,00 €",
                "fixed indemnity for recovery costs of €40.00"));
    }

    // ---------------------------------------------------------------- every page

    /** An annex of 150 sessions runs over several pages: each page names the invoice and says "page n / N". */
    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void theNumberAndPageNOfNAreOnEveryPage(String language) {
        Document xml = parse(sample);
        Element detail = (Element) node(xml, INVOICE + "/inv:annexes/inv:timeDetail");
        Element entry = (Element) node(detail, "inv:entry");
        for (int i = 0; i < 150; i++) {
            Element copy = (Element) entry.cloneNode(true);
            copy.setAttribute("date", "2026-10-" + String.format("%02d", 1 + i % 28));
            detail.appendChild(copy);
        }
        List<String> pages = pages(language, "long", serialize(xml));

        int n = pages.size();
        assertThat(n).isGreaterThanOrEqualTo(4);
        for (int i = 1; i <= n; i++) {
            String page = pages.get(i - 1);
            assertThat(page).as("page %d", i).contains("ACME-2026-000001")
                    .containsPattern(Pattern.quote(fr(language, "Page " + i + " / " + n, "Page " + i + " of " + n)));
        }
    }
}
