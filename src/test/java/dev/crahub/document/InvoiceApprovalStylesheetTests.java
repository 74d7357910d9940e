package dev.crahub.document;

import static dev.crahub.document.TestDocuments.NBSP;
import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.string;
import static dev.crahub.document.TestDocuments.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The invoice and its time-detail annex name the client's approver of the CRA, never a hub account: explicit
 * approval (name and e-mail), tacit approval, an approval a hub user recorded on the approver's behalf.
 */
class InvoiceApprovalStylesheetTests {

    private static final String STYLESHEET = "invoice-fo.xsl";
    private static final String XML_SHA = "0123456789abcdef".repeat(4);
    private static final String PDF_SHA = "fedcba9876543210".repeat(4);

    private static XslTransformer transformer;

    @BeforeAll
    static void setUp() {
        transformer = new XslTransformer(XSL);
    }

    /** The sample invoice whose source CRA was approved by Claire Martin in the given way. */
    private static byte[] invoice(String kind, String approvedBy, String email, String recordedBy) {
        String cra = "<cra id=\"42\" version=\"1\">\n    <approvedAt>2026-11-05T14:02:00+01:00</approvedAt>\n"
                + (approvedBy == null ? "" : "    <approvedBy>" + approvedBy + "</approvedBy>\n")
                + (email == null ? "" : "    <approverEmail>" + email + "</approverEmail>\n")
                + "    <approvalKind>" + kind + "</approvalKind>\n"
                + (recordedBy == null ? "" : "    <recordedBy>" + recordedBy + "</recordedBy>\n")
                + "    <xmlSha256>" + XML_SHA + "</xmlSha256>\n    <pdfSha256>" + PDF_SHA + "</pdfSha256>\n  </cra>";
        String xml = new String(sample("invoice-sample.xml"), StandardCharsets.UTF_8)
                .replaceAll("(?s)<cra id=\"42\".*?</cra>", cra);
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        new XmlSchemaValidator().validate(bytes, "invoice-1.xsd");
        return bytes;
    }

    private static Document fo(byte[] canonical) {
        return parse(transformer.transform(STYLESHEET, canonical));
    }

    private static String page(Document fo) {
        return string(fo, "/fo:root/fo:page-sequence[1]").replace(NBSP, " ");
    }

    private static String annex(Document fo) {
        return string(fo, "/fo:root/fo:page-sequence[2]").replace(NBSP, " ");
    }

    @Test
    void explicitApprovalNamesTheApproverAndTheirEmailOnThePageAndInTheAnnex() {
        Document fo = fo(invoice("EXPLICIT", "Claire Martin", "claire.martin@globex.example", null));

        assertThat(page(fo)).contains("n° 42 (version 1), validé par Claire Martin (claire.martin@globex.example) le 05/11/2026 14:02");
        assertThat(annex(fo)).contains("Validé par Claire Martin (claire.martin@globex.example) le 05/11/2026 14:02",
                "Empreinte SHA-256 du CRA validé : XML 0123456789abcdef…, PDF fedcba9876543210…");
    }

    @Test
    void tacitApprovalIsWordedAsSuch() {
        Document fo = fo(invoice("TACIT", null, null, null));

        assertThat(annex(fo)).contains("Validé tacitement le 05/11/2026 14:02, faute de réponse du client").doesNotContain("Validé par");
        assertThat(page(fo)).contains("validé tacitement le 05/11/2026 14:02");
    }

    @Test
    void aRecordedApprovalSaysRecordedByOnBehalfOfTheApproverNeverValidatedByTheHubUser() {
        Document fo = fo(invoice("RECORDED", "Claire Martin", "claire.martin@globex.example", "admin"));

        assertThat(annex(fo)).contains("Validé le 05/11/2026 14:02, validation enregistrée par admin pour le compte de "
                + "Claire Martin (claire.martin@globex.example)").doesNotContain("par admin le", "Validé par admin");
        assertThat(annex(fo(with(invoice("RECORDED", "Claire Martin", "claire.martin@globex.example", "admin"),
                "/inv:invoice/@language", "en")))).contains("Approved on 5 Nov 2026, 14:02, approval recorded by admin on behalf of Claire Martin");
    }

    @Test
    void theAnnexPdfNamesTheApprover() throws IOException {
        byte[] pdf = new PdfRenderer(XSL).render(transformer.transform(STYLESHEET,
                invoice("EXPLICIT", "Claire Martin", "claire.martin@globex.example", null)));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replace(NBSP, " ");
            assertThat(text).contains("Validé par Claire Martin (claire.martin@globex.example) le 05/11/2026 14:02")
                    .doesNotContain("admin");
        }
    }
}
