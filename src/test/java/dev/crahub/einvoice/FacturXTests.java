package dev.crahub.einvoice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.crahub.einvoice.EInvoiceTestSupport.FORMATS;
import static dev.crahub.einvoice.EInvoiceTestSupport.pdfA;
import static dev.crahub.einvoice.EInvoiceTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Factur-X of the e-invoice sample: FOP's PDF/A-3b and the CII put together by Mustang, then checked by Mustang's
 * validator (veraPDF for PDF/A-3, the XML part) part by part, and by the per-invoice structural checks; and the gate's
 * negative cases: a PDF/A defect, a wrong total, a missing mandatory field.
 */
class FacturXTests {

    static final byte[] SAMPLE = resource("/canonical/einvoice-sample.xml");
    static final MustangValidation MUSTANG = new MustangValidation();
    static final FacturXInspection INSPECTION = new FacturXInspection();
    static byte[] cii;
    static byte[] annex;
    static byte[] facturx;

    @BeforeAll
    static void assemble() {
        cii = FORMATS.cii(SAMPLE, List.of());
        byte[] pdf = pdfA(SAMPLE);
        annex = "%PDF-1.4 stand-in annex".getBytes(StandardCharsets.US_ASCII);
        facturx = new FacturX().assemble(pdf, cii, List.of(
                new Attachment("annex-time-detail", "ACME-2026-000001-annex-time-detail.pdf", "application/pdf", annex)));
    }

    @Test
    void isAValidFacturXInBothPartsOfMustangsReport() {
        MustangValidation.Report report = MUSTANG.facturX(facturx, "ACME-2026-000001.pdf");
        assertThat(report.pdfValid()).as("PDF/A-3 part").isTrue();
        assertThat(report.xmlValid()).as("XML part").isTrue();
        assertThat(report.messages()).filteredOn(ValidationMessage::isError).isEmpty();
        assertThat(report.valid()).isTrue();
    }

    @Test
    void carriesTheCiiAsAlternativeAndTheAnnexAsSupplement() throws Exception {
        assertThat(INSPECTION.inspect(facturx, cii)).isEmpty();
        try (PDDocument pdf = Loader.loadPDF(facturx)) {
            var files = pdf.getDocumentCatalog().getNames().getEmbeddedFiles().getNames();
            assertThat(files).containsKeys("factur-x.xml", "ACME-2026-000001-annex-time-detail.pdf");
            PDComplexFileSpecification xml = files.get("factur-x.xml");
            assertThat(xml.getCOSObject().getCOSName(COSName.getPDFName("AFRelationship")).getName()).isEqualTo("Alternative");
            assertThat(xml.getEmbeddedFile().getSubtype()).isEqualTo("text/xml");
            assertThat(xml.getEmbeddedFile().toByteArray()).isEqualTo(cii);
            PDComplexFileSpecification annexFile = files.get("ACME-2026-000001-annex-time-detail.pdf");
            assertThat(annexFile.getCOSObject().getCOSName(COSName.getPDFName("AFRelationship")).getName()).isEqualTo("Supplement");
            assertThat(annexFile.getEmbeddedFile().toByteArray()).isEqualTo(annex);
            String xmp = new String(pdf.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertThat(xmp).contains("urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#").contains("EN 16931");
            assertThat(pdf.getDocumentCatalog().getOutputIntents()).isNotEmpty();
        }
    }

    @Test
    void refusesAPdfThatIsNotPdfA() {
        byte[] plain = EInvoiceTestSupport.RENDERER.render(EInvoiceTestSupport.TRANSFORMER.transform("invoice-fo.xsl", SAMPLE));
        assertThatThrownBy(() -> new FacturX().assemble(plain, cii, List.of())).hasMessageContaining("Factur-X");
    }

    @Test
    void aPdfADefectIsCaughtByTheFullCheckAndByTheStructuralOne() throws Exception {
        // a page drawn with Helvetica, not embedded (forbidden by PDF/A), added to a valid Factur-X
        byte[] defective;
        try (PDDocument pdf = Loader.loadPDF(facturx)) {
            PDPage page = new PDPage();
            pdf.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 720);
                content.showText("not embedded");
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            defective = out.toByteArray();
        }
        MustangValidation.Report report = MUSTANG.facturX(defective, "defective.pdf");
        assertThat(report.pdfValid()).isFalse();
        assertThat(report.valid()).isFalse();
        assertThat(report.messages()).anyMatch(m -> m.isError() && m.validator().equals(MustangValidation.PDF));
        assertThat(INSPECTION.inspect(defective, cii)).anyMatch(m -> m.rule().equals("PDF/A fonts"));
    }

    @Test
    void aWrongTotalIsAnError() {
        byte[] wrong = new String(cii, StandardCharsets.UTF_8)
                .replace("<ram:GrandTotalAmount>2247.85</ram:GrandTotalAmount>", "<ram:GrandTotalAmount>2247.86</ram:GrandTotalAmount>")
                .getBytes(StandardCharsets.UTF_8);
        MustangValidation.Report report = MUSTANG.cii(wrong, "wrong-total.xml");
        assertThat(report.valid()).isFalse();
        assertThat(report.messages()).anyMatch(m -> m.isError() && m.rule().startsWith("BR-CO-15"));
    }

    @Test
    void aMissingMandatoryFieldIsAnError() {
        // the buyer's name (BT-44) is mandatory (BR-07)
        byte[] missing = new String(cii, StandardCharsets.UTF_8).replace("<ram:Name>Globex France SA</ram:Name>", "")
                .getBytes(StandardCharsets.UTF_8);
        MustangValidation.Report report = MUSTANG.cii(missing, "missing.xml");
        assertThat(report.valid()).isFalse();
        assertThat(report.messages()).filteredOn(ValidationMessage::isError).extracting(ValidationMessage::rule).contains("BR-07");
    }

    @Test
    void aFrenchRuleBrokenIsAnError() {
        // BR-FR-08: BT-23 must be a billing framework code of the French list; Mustang says it as a warning
        byte[] wrong = new String(cii, StandardCharsets.UTF_8).replace("<ram:ID>S1</ram:ID>", "<ram:ID>X9</ram:ID>")
                .getBytes(StandardCharsets.UTF_8);
        MustangValidation.Report report = MUSTANG.cii(wrong, "wrong-framework.xml");
        assertThat(report.valid()).isFalse();
        assertThat(report.messages()).filteredOn(ValidationMessage::isError).extracting(ValidationMessage::rule)
                .anyMatch(r -> r.startsWith("BR-FR-08"));
    }

    @Test
    void theTimeDetailAnnexRendersAloneAsPdfANumberedOnItsOwnPages() throws Exception {
        byte[] annexOnly = EInvoiceTestSupport.RENDERER.renderPdfA(EInvoiceTestSupport.TRANSFORMER.transform("invoice-fo.xsl",
                SAMPLE, java.util.Map.of("{urn:crahub:xsl:functions}part", "annex-time-detail")));
        try (PDDocument pdf = Loader.loadPDF(annexOnly)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
            assertThat(text).contains("Détail des temps").contains("Atelier de cadrage").contains("Page 1 / " + pdf.getNumberOfPages())
                    .doesNotContain("Net à payer");
        }
        assertThat(new String(annexOnly, StandardCharsets.ISO_8859_1)).contains("<pdfaid:part>3</pdfaid:part>");
    }
}
