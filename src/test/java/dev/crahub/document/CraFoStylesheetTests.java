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

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class CraFoStylesheetTests {

    private static final String STYLESHEET = "cra-fo.xsl";
    private static final String CRA_NS = "urn:crahub:cra:1";

    private static XslTransformer transformer;
    private static byte[] cra;

    @BeforeAll
    static void setUp() {
        transformer = new XslTransformer(XSL);
        cra = sample("cra-sample.xml");
    }

    private static Document fo(byte[] canonical) {
        return parse(transformer.transform(STYLESHEET, canonical));
    }

    private static String text(Document fo) {
        return string(fo, "/fo:root");
    }

    @Test
    void oneA4PortraitSequenceNumberedPageXOfY() {
        Document fo = fo(cra);

        assertThat(number(fo, "count(/fo:root/fo:page-sequence)")).isEqualTo(1);
        assertThat(string(fo, "//fo:simple-page-master[@master-name = 'document']/@page-width")).isEqualTo("210mm");
        assertThat(string(fo, "//fo:simple-page-master[@master-name = 'document']/@page-height")).isEqualTo("297mm");
        assertThat(nodes(fo, "//fo:static-content[@flow-name = 'footer']//fo:page-number").getLength()).isEqualTo(1);
        assertThat(nodes(fo, "//fo:static-content[@flow-name = 'footer']//fo:page-number-citation-last[@ref-id = 'seq-cra']")
                .getLength()).isEqualTo(1);
        assertThat(string(fo, "/fo:root/@font-family")).isEqualTo("DejaVu Sans");
    }

    @Test
    void headerShowsPartiesContractMonthStatusAndDeadline() {
        String text = text(fo(cra));

        assertThat(text)
                .contains("Compte rendu d'activité", "octobre 2026", "Brouillon")
                .contains("ACME Conseil SAS", "123456789", "Globex France SA", "987654321")
                .contains("Refonte de la plateforme de facturation", "PO-2026-0042")
                .contains("du 01/10/2026 au 31/10/2026")
                .contains("À valider avant le", "09/11/2026")
                .contains("650,00" + NBSP + "€");
    }

    @Test
    void summaryCalendarSessionsAndTotals() {
        Document fo = fo(cra);
        String text = text(fo);

        assertThat(text).contains("Jean Dupont", "Alice Moreau", "15,50", "1,94", "1,00");
        // sessions: the day and month (the heading gives the year); calendar: a row per consultant, a column per day
        assertThat(text).contains("01/10", "02/10", "3,50", "4,00");
        assertThat(string(fo, "//fo:table-row[fo:table-cell[1] = 'Jean Dupont'][count(fo:table-cell) = 17]/fo:table-cell[2]"))
                .isEqualTo("7,5");
        assertThat(string(fo, "//fo:table-row[fo:table-cell[1] = 'Jean Dupont'][count(fo:table-cell) = 17]/fo:table-cell[3]"))
                .isEqualTo("8");
        assertThat(string(fo, "//fo:table-row[fo:table-cell[1] = 'Alice Moreau'][count(fo:table-cell) = 17]/fo:table-cell[2]"))
                .isEmpty();
        assertThat(string(fo, "normalize-space((//fo:table-header)[2]/fo:table-row/fo:table-cell[2])")).isEqualTo("J 1");
        assertThat(number(fo, "count(//fo:table-header/fo:table-row/fo:table-cell[normalize-space() = 'S 3' or normalize-space() = 'D 4'][@background-color])"))
                .isEqualTo(2);
        for (String comment : new String[] { "Atelier de cadrage avec l'équipe comptable « clôture »",
                "Analyse des flux Factur-X & UBL", "Développement du connecteur" }) {
            assertThat(text).contains(comment);
        }
        assertThat(text).contains("23,50", "2,94", "1" + NBSP + "911,00" + NBSP + "€", "Montant indicatif HT");
    }

    @Test
    void approvalBoxIsEmptyWhileDraft() {
        String text = text(fo(cra));

        assertThat(text).contains("Pour le client").doesNotContain("Validé par", "Refusé par", "En attente de validation");
    }

    @Test
    void approvedCraSaysWhoValidatedAndWhen() {
        Document canonical = parse(with(cra, "/cra:cra/cra:status", "APPROVED"));
        Element deadline = (Element) TestDocuments.node(canonical, "/cra:cra/cra:validationDeadline");
        Node next = deadline.getNextSibling();
        Element approvedAt = canonical.createElementNS(CRA_NS, "approvedAt");
        approvedAt.setTextContent("2026-11-05T14:02:00+01:00");
        Element approvedBy = canonical.createElementNS(CRA_NS, "approvedBy");
        approvedBy.setTextContent("Claire Martin");
        deadline.getParentNode().insertBefore(approvedAt, next);
        deadline.getParentNode().insertBefore(approvedBy, next);
        byte[] approved = serialize(canonical);
        new XmlSchemaValidator().validate(approved, "cra-1.xsd");

        String text = text(fo(approved));

        assertThat(text).contains("Validé", "Validé par Claire Martin le 05/11/2026 14:02");
    }

    @Test
    void sentCraAwaitsValidationBeforeTheDeadline() {
        String text = text(fo(with(cra, "/cra:cra/cra:status", "SENT")));

        assertThat(text).contains("Envoyé pour validation", "Claire Martin", "En attente de validation, au plus tard le 09/11/2026");
    }

    @Test
    void englishCraUsesEnglishWeekdaysAndMonths() {
        String text = text(fo(with(cra, "/cra:cra/@language", "en")));

        assertThat(text).contains("Activity report", "October 2026", "1 Oct", "2 Oct", "Draft", "€1,911.00", "Page")
                .doesNotContain("jeudi", "octobre");
    }

    @Test
    void rendersAOnePagePdfWithEmbeddedFonts() throws IOException {
        byte[] pdf = new PdfRenderer(XSL).render(transformer.transform(STYLESHEET, cra));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replace(NBSP, " ");
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(text).contains("Compte rendu d'activité", "Jean Dupont", "Alice Moreau", "23,50", "1 911,00 €",
                    "09/11/2026", "Page 1 / 1", "Développement du connecteur");
            assertThat(InvoiceFoStylesheetTests.fonts(document)).isNotEmpty()
                    .allSatisfy(font -> assertThat(font.isEmbedded()).as(font.getName()).isTrue());
        }
    }
}
