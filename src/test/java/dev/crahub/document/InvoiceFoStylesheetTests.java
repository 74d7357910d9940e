package dev.crahub.document;

import static dev.crahub.document.TestDocuments.NBSP;
import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.nodes;
import static dev.crahub.document.TestDocuments.number;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.serialize;
import static dev.crahub.document.TestDocuments.string;
import static dev.crahub.document.TestDocuments.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class InvoiceFoStylesheetTests {

    private static final String STYLESHEET = "invoice-fo.xsl";
    private static final String INVOICE = "/inv:invoice";
    private static final String NS = "urn:crahub:invoice:1";

    private static XslTransformer transformer;
    private static byte[] invoice;

    @BeforeAll
    static void setUp() {
        transformer = new XslTransformer(XSL);
        invoice = sample("invoice-sample.xml");
    }

    private static Document fo(byte[] canonical) {
        return parse(transformer.transform(STYLESHEET, canonical));
    }

    /** All text of the first page-sequence (the invoice proper), static content included. */
    private static String invoicePage(Document fo) {
        return string(fo, "/fo:root/fo:page-sequence[1]");
    }

    private static String annex(Document fo) {
        return string(fo, "/fo:root/fo:page-sequence[2]");
    }

    @Test
    void producesTheInvoiceThenTheTimeDetailAnnex() {
        Document fo = fo(invoice);

        assertThat(number(fo, "count(/fo:root/fo:page-sequence)")).isEqualTo(2);
        assertThat(string(fo, "/fo:root/fo:page-sequence[1]/@id")).isEqualTo("seq-invoice");
        assertThat(string(fo, "/fo:root/fo:page-sequence[2]/@id")).isEqualTo("seq-annex-1");
        // one numbering for the whole document: only the invoice starts at 1, every "Page X / Y" counts to the end of
        // the last annex
        assertThat(nodes(fo, "/fo:root/fo:page-sequence[@initial-page-number]").getLength()).isEqualTo(1);
        assertThat(string(fo, "/fo:root/fo:page-sequence[1]/@initial-page-number")).isEqualTo("1");
        assertThat(nodes(fo, "//fo:page-number-citation-last[@ref-id = 'seq-invoice']").getLength()).isZero();
        assertThat(nodes(fo, "//fo:page-number-citation-last").getLength())
                .isEqualTo(nodes(fo, "//fo:page-number-citation-last[@ref-id = 'seq-annex-1']").getLength()).isPositive();
    }

    @Test
    void firstPageCarriesTheMandatoryMentions() {
        String page = invoicePage(fo(invoice));

        assertThat(page)
                .contains("Facture", "ACME-2026-000001", "26/11/2026")
                .contains("ACME Conseil SAS", "12 rue de la Paix", "75002 Paris")
                .contains("Globex France SA", "52 quai de Dion-Bouton", "92800 Puteaux")
                .contains("123456789", "987654321")
                .contains("FR32123456789", "FR58987654321")
                .contains("SAS au capital de 10" + NBSP + "000,00" + NBSP + "€", "RCS Paris 123 456 789")
                .contains("du 01/10/2026 au 31/10/2026", "Prestation de services")
                .contains("PO-2026-0042")
                .contains("Prestation de conseil – Jean Dupont – octobre 2026", "1,94", "jour", "650,00" + NBSP + "€", "20" + NBSP + "%")
                .contains("1" + NBSP + "261,00" + NBSP + "€", "382,20" + NBSP + "€")
                .contains("1" + NBSP + "911,00" + NBSP + "€", "2" + NBSP + "293,20" + NBSP + "€", "Montants exprimés en EUR")
                .contains("Échéance" + NBSP + ": 26/12/2026", "paiement à 30 jours")
                .contains("Pas d'escompte pour paiement anticipé")
                .contains("12,15" + NBSP + "%")
                .contains("indemnité forfaitaire pour frais de recouvrement de 40,00" + NBSP + "€")
                .contains("FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP")
                .contains("Annexe 1 – Détail des temps")
                .contains("Compte rendu d'activité n° 42 (version 1)", "claire.martin@globex.example", "05/11/2026 14:02");
    }

    @Test
    void totalsUseNoBreakSpaceGroupingAndDecimalComma() {
        Document fo = fo(invoice);

        assertThat(nodes(fo, "/fo:root/fo:page-sequence[1]//fo:block[. = '2" + NBSP + "293,20" + NBSP + "€']").getLength())
                .as("total incl. VAT and amount due").isEqualTo(2);
        assertThat(invoicePage(fo)).doesNotContain("2 293,20", "2293,20", "2,293.20");
    }

    @Test
    void annexListsEverySessionWithSubtotalsAndTheSourceCra() {
        Document canonical = parse(invoice);
        Document fo = fo(invoice);
        String annex = annex(fo);

        for (Node comment : iterable(nodes(canonical, "//inv:timeDetail/inv:entry/inv:comment[normalize-space()]"))) {
            assertThat(annex).contains(comment.getTextContent().trim());
        }
        assertThat(annex)
                .contains("Annexe 1 – Détail des temps", "ACME-2026-000001")
                .contains("Sous-total Jean Dupont", "15,50", "Sous-total Alice Moreau", "8,00")
                .contains("Total des heures", "23,50")
                .contains("compte rendu d'activité n° 42 (version 1)", "Validé par", "claire.martin@globex.example", "05/11/2026 14:02");
        assertThat(nodes(fo, "/fo:root/fo:page-sequence[2]/fo:static-content[@flow-name = 'header'][contains(., 'ACME-2026-000001')]")
                .getLength()).as("annex header repeats the invoice number").isEqualTo(1);
        assertThat(nodes(fo, "/fo:root/fo:page-sequence[2]//fo:table-body/fo:table-row").getLength())
                .as("4 sessions + 2 subtotals + 1 total").isEqualTo(7);
    }

    @Test
    void standardRegimePrintsNoSpecialVatMention() {
        String page = invoicePage(fo(invoice));

        assertThat(page).doesNotContain("Autoliquidation", "293 B", "259-1", "débits");
    }

    @Test
    void reverseChargePrintsTheAutoliquidationMention() {
        String page = invoicePage(fo(with(invoice, INVOICE + "/inv:vatRegime", "REVERSE_CHARGE")));

        assertThat(page).contains("Autoliquidation", "art. 283-2 du CGI", "art. 196 de la directive 2006/112/CE")
                .doesNotContain("293 B", "259-1");
    }

    @Test
    void franchisePrintsTheArticle293BMention() {
        String page = invoicePage(fo(with(invoice, INVOICE + "/inv:vatRegime", "FRANCHISE")));

        assertThat(page).contains("TVA non applicable, art. 293 B du CGI").doesNotContain("Autoliquidation", "259-1");
    }

    @Test
    void exportPrintsTheArticle259Mention() {
        String page = invoicePage(fo(with(invoice, INVOICE + "/inv:vatRegime", "EXPORT")));

        assertThat(page).contains("art. 259-1 du CGI").doesNotContain("Autoliquidation", "293 B");
    }

    @Test
    void vatOnDebitsOptionOnlyWhenTheSellerOpted() {
        String opted = invoicePage(fo(with(invoice, INVOICE + "/inv:seller/inv:vatOnDebits", "true")));
        String notOpted = invoicePage(fo(invoice));

        assertThat(opted).contains("Option pour le paiement de la taxe d'après les débits");
        assertThat(notOpted).doesNotContain("Option pour le paiement", "débits");
    }

    @Test
    void englishInvoiceUsesEnglishLabelsAndFormats() {
        Document fo = fo(with(invoice, INVOICE + "/@language", "en"));
        String page = invoicePage(fo);

        assertThat(page)
                .contains("Invoice", "Amount due", "Payment terms", "Total excl. VAT", "Due date")
                .contains("€2,293.20", "€382.20", "12.15%", "€40.00")
                .contains("26 Nov 2026", "from 1 Oct 2026 to 31 Oct 2026")
                .doesNotContain("Facture", "Conditions de paiement", "Net à payer");
        assertThat(annex(fo)).contains("Annex 1 – Time detail", "Subtotal Jean Dupont", "Total hours");
        assertThat(string(fo, "/fo:root/@language")).isEqualTo("en");
    }

    @Test
    void creditNoteHasTheCreditNoteTitle() {
        String page = invoicePage(fo(with(invoice, INVOICE + "/inv:typeCode", "381")));

        assertThat(page).contains("Avoir").doesNotContain("Facture ACME");
    }

    @Test
    void creditNoteCitesTheInvoiceItCorrects() {
        Document canonical = parse(with(invoice, INVOICE + "/inv:typeCode", "381"));
        Node contract = TestDocuments.node(canonical, INVOICE + "/inv:contractReference");
        Element preceding = canonical.createElementNS(NS, "precedingInvoice");
        Element number = canonical.createElementNS(NS, "number");
        number.setTextContent("ACME-2026-000000");
        Element issueDate = canonical.createElementNS(NS, "issueDate");
        issueDate.setTextContent("2026-10-30");
        preceding.appendChild(number);
        preceding.appendChild(issueDate);
        contract.getParentNode().insertBefore(preceding, contract.getNextSibling());
        byte[] creditNote = serialize(canonical);
        new XmlSchemaValidator().validate(creditNote, "invoice-1.xsd");

        assertThat(invoicePage(fo(creditNote))).contains("Avoir n° ACME-2026-000001 – annule la facture n° ACME-2026-000000 du 30/10/2026");
    }

    @Test
    void everyBlockUsesTheEmbeddedFontFamily() {
        Document fo = fo(invoice);

        assertThat(string(fo, "/fo:root/@font-family")).isEqualTo("DejaVu Sans");
        assertThat(nodes(fo, "//*[@font-family and @font-family != 'DejaVu Sans']").getLength()).isZero();
    }

    @Test
    void rendersAPdfWithEmbeddedFontsAndTheAnnex() throws IOException {
        byte[] pdf = new PdfRenderer(XSL).render(transformer.transform(STYLESHEET, invoice));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replace(NBSP, " ");
            assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            assertThat(text).contains("ACME-2026-000001", "2 293,20 €", "Annexe 1 – Détail des temps",
                    "Atelier de cadrage avec l'équipe comptable « clôture »");
            assertThat(document.getDocumentInformation().getProducer()).isEqualTo("crahub");
            // the whole document is numbered: the invoice's page and its annex pages count together
            int pages = document.getNumberOfPages();
            for (int page = 1; page <= pages; page++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                assertThat(stripper.getText(document)).as("page %d", page).contains("Page " + page + " / " + pages);
            }
            assertThat(document.getDocumentInformation().getCreator()).isEqualTo("crahub");
            List<PDFont> fonts = fonts(document);
            assertThat(fonts).isNotEmpty();
            assertThat(fonts).allSatisfy(font -> {
                assertThat(font.isEmbedded()).as(font.getName() + " embedded").isTrue();
                assertThat(font.getName()).contains("DejaVuSans");
            });
        }
    }

    static List<PDFont> fonts(PDDocument document) throws IOException {
        List<PDFont> fonts = new ArrayList<>();
        for (PDPage page : document.getPages()) {
            PDResources resources = page.getResources();
            for (COSName name : resources.getFontNames()) {
                fonts.add(resources.getFont(name));
            }
        }
        return fonts;
    }

    static Iterable<Node> iterable(org.w3c.dom.NodeList list) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            nodes.add(list.item(i));
        }
        return nodes;
    }
}
