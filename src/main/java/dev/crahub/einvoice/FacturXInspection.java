package dev.crahub.einvoice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.crahub.einvoice.ValidationMessage.Severity;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.springframework.stereotype.Component;

/**
 * The checks of a Factur-X made on EVERY invoice, in a few milliseconds, while the full PDF/A-3 validation (veraPDF,
 * about 0.1 s a document) runs once per template version (ADR 0020): what could differ from one invoice to the next
 * with the same template. The embedded {@code factur-x.xml} is exactly the CII the gate validated, attached with
 * {@code /AFRelationship /Alternative}, MIME {@code text/xml} and listed in the catalog's {@code /AF}; the XMP says
 * PDF/A-3 and Factur-X EN 16931; there is an output intent; every font of every page is embedded.
 */
@Component
public class FacturXInspection {

    static final String VALIDATOR = "crahub-facturx";
    static final String XML_NAME = "factur-x.xml";

    public List<ValidationMessage> inspect(byte[] facturx, byte[] expectedCii) {
        List<ValidationMessage> problems = new ArrayList<>();
        try (PDDocument pdf = Loader.loadPDF(facturx)) {
            xmp(pdf, problems);
            if (pdf.getDocumentCatalog().getOutputIntents().isEmpty()) {
                problems.add(error("PDF/A output intent", "the PDF has no output intent (sRGB expected)"));
            }
            attachment(pdf, expectedCii, problems);
            fonts(pdf, problems);
        } catch (IOException | RuntimeException e) {
            problems.add(error("PDF", "the Factur-X cannot be read: " + e.getMessage()));
        }
        return problems;
    }

    private static void xmp(PDDocument pdf, List<ValidationMessage> problems) throws IOException {
        PDMetadata metadata = pdf.getDocumentCatalog().getMetadata();
        if (metadata == null) {
            problems.add(error("XMP", "the PDF has no XMP metadata"));
            return;
        }
        String xmp = new String(metadata.toByteArray(), StandardCharsets.UTF_8);
        Map<String, String> expected = Map.of(
                "pdfaid:part", "3",
                "fx:ConformanceLevel", "EN 16931",
                "fx:DocumentFileName", XML_NAME,
                "fx:DocumentType", "INVOICE");
        expected.forEach((property, value) -> {
            if (!xmp.matches("(?s).*" + property + "(=\"|>)" + java.util.regex.Pattern.quote(value) + "[\"<].*")) {
                problems.add(error("XMP " + property, "the XMP metadata does not say " + property + " = " + value));
            }
        });
    }

    private static void attachment(PDDocument pdf, byte[] expectedCii, List<ValidationMessage> problems) throws IOException {
        PDDocumentNameDictionary names = pdf.getDocumentCatalog().getNames();
        PDEmbeddedFilesNameTreeNode files = names == null ? null : names.getEmbeddedFiles();
        Map<String, PDComplexFileSpecification> byName = files == null ? null : files.getNames();
        PDComplexFileSpecification spec = byName == null ? null : byName.get(XML_NAME);
        if (spec == null) {
            problems.add(error("factur-x.xml", "the PDF carries no factur-x.xml"));
            return;
        }
        COSDictionary dictionary = spec.getCOSObject();
        if (!COSName.getPDFName("Alternative").equals(dictionary.getCOSName(COSName.getPDFName("AFRelationship")))) {
            problems.add(error("AFRelationship", "factur-x.xml is not attached with /AFRelationship /Alternative (EN 16931)"));
        }
        PDEmbeddedFile file = spec.getEmbeddedFileUnicode() != null ? spec.getEmbeddedFileUnicode() : spec.getEmbeddedFile();
        if (file == null) {
            problems.add(error("factur-x.xml", "factur-x.xml has no content"));
            return;
        }
        if (!"text/xml".equals(file.getSubtype())) {
            problems.add(error("factur-x.xml MIME", "factur-x.xml has MIME type " + file.getSubtype() + ", not text/xml"));
        }
        if (!Arrays.equals(file.toByteArray(), expectedCii)) {
            problems.add(error("factur-x.xml content", "the embedded factur-x.xml is not the CII that was validated"));
        }
        COSBase af = pdf.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.getPDFName("AF"));
        boolean listed = false;
        if (af instanceof COSArray array) {
            for (COSBase entry : array) {
                COSBase target = entry instanceof COSObject o ? o.getObject() : entry;
                listed |= target == dictionary;
            }
        }
        if (!listed) {
            problems.add(error("AF", "factur-x.xml is not listed in the catalog's /AF array"));
        }
    }

    private static void fonts(PDDocument pdf, List<ValidationMessage> problems) throws IOException {
        for (PDPage page : pdf.getPages()) {
            PDResources resources = page.getResources();
            if (resources == null) {
                continue;
            }
            for (COSName name : resources.getFontNames()) {
                PDFont font = resources.getFont(name);
                if (font != null && !font.isEmbedded()) {
                    problems.add(error("PDF/A fonts", "font " + font.getName() + " is not embedded"));
                    return;
                }
            }
        }
    }

    private static ValidationMessage error(String rule, String text) {
        return new ValidationMessage(VALIDATOR, Severity.ERROR, rule, null, text);
    }
}
