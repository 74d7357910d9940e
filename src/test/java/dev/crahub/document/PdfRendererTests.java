package dev.crahub.document;

import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.copyXsl;
import static dev.crahub.document.TestDocuments.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfRendererTests {

    private static final String MINIMAL_FO = """
            <fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format" font-family="DejaVu Sans">
              <fo:layout-master-set>
                <fo:simple-page-master master-name="a4" page-width="210mm" page-height="297mm">
                  <fo:region-body margin="20mm"/>
                </fo:simple-page-master>
              </fo:layout-master-set>
              <fo:page-sequence master-reference="a4">
                <fo:flow flow-name="xsl-region-body">%s</fo:flow>
              </fo:page-sequence>
            </fo:root>
            """;

    private static byte[] fo(String flowContent) {
        return MINIMAL_FO.formatted(flowContent).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rendersWithTheConfiguredEmbeddedFont() throws IOException {
        byte[] pdf = new PdfRenderer(XSL).render(fo("<fo:block>Total : 2\u00A0293,20\u00A0€</fo:block>"));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(InvoiceFoStylesheetTests.fonts(document)).singleElement()
                    .satisfies(font -> assertThat(font.isEmbedded()).isTrue())
                    .satisfies(font -> assertThat(font.getName()).contains("DejaVuSans"));
            assertThat(document.getDocumentInformation().getProducer()).isEqualTo("crahub");
        }
    }

    @Test
    void invalidFoIsReported() {
        assertThatThrownBy(() -> new PdfRenderer(XSL).render(fo("<fo:inline>not allowed here</fo:inline>")))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("fo:inline");
        assertThatThrownBy(() -> new PdfRenderer(XSL).render("<not-fo/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DocumentException.class);
    }

    @Test
    void refusesFoWithADoctype() {
        byte[] xxe = ("<!DOCTYPE root [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + MINIMAL_FO.formatted("<fo:block>&xxe;</fo:block>")).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new PdfRenderer(XSL).render(xxe))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void refusesImagesOutsideTheStylesheetFolder(@TempDir Path temp) throws IOException {
        Path outside = Files.copy(XSL.resolve("fonts/DejaVuSans.ttf"), temp.resolve("logo.png"));

        assertThatThrownBy(() -> new PdfRenderer(XSL).render(fo("<fo:block><fo:external-graphic src=\"url('"
                + outside.toUri() + "')\"/></fo:block>")))
                .isInstanceOf(DocumentException.class);
    }

    @Test
    void baseFourteenAndGenericFamiliesResolveToTheEmbeddedFont() throws IOException {
        byte[] pdf = new PdfRenderer(XSL).render(fo("""
                <fo:block font-family="Helvetica">a <fo:inline font-family="Times" font-weight="bold">b</fo:inline>
                <fo:inline font-family="Courier" font-style="italic">c</fo:inline> <fo:inline font-family="Symbol">d</fo:inline>
                <fo:inline font-family="sans-serif">e</fo:inline></fo:block>"""));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(InvoiceFoStylesheetTests.fonts(document)).hasSize(3)
                    .allSatisfy(font -> assertThat(font.isEmbedded()).as(font.getName()).isTrue())
                    .allSatisfy(font -> assertThat(font.getName()).contains("DejaVuSans"));
        }
    }

    @Test
    void failsRatherThanFallingBackToAnUnembeddedFont(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        Path config = xsl.resolve("fop.xconf");
        Files.writeString(config, Files.readString(config).replaceAll("\\s*<font-triplet name=\"any\"[^>]*/>", ""));

        assertThatThrownBy(() -> new PdfRenderer(xsl).render(fo("<fo:block font-family='No Such Font'>x</fo:block>")))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("font not embedded");
    }

    @Test
    void rebuildsTheFactoryWhenFopConfChanges(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        PdfRenderer renderer = new PdfRenderer(xsl);
        assertThat(fontNames(renderer.render(fo("<fo:block>regular</fo:block>")))).singleElement().asString()
                .endsWith("+DejaVuSans");

        Path config = xsl.resolve("fop.xconf");
        FileTime before = Files.getLastModifiedTime(config);
        Files.writeString(config, Files.readString(config).replace("\"fonts/DejaVuSans.ttf\"", "\"fonts/DejaVuSans-Oblique.ttf\""));
        Files.setLastModifiedTime(config, FileTime.fromMillis(before.toMillis() + 5_000));

        assertThat(fontNames(renderer.render(fo("<fo:block>regular</fo:block>")))).singleElement().asString()
                .endsWith("+DejaVuSans-Oblique");
    }

    @Test
    void readsImagesInsideTheStylesheetFolder(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        ImageIO.write(new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB), "png", xsl.resolve("logo.png").toFile());

        byte[] pdf = new PdfRenderer(xsl).render(fo("<fo:block><fo:external-graphic src=\"url('logo.png')\"/></fo:block>"));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getPage(0).getResources().getXObjectNames()).hasSize(1);
        }
    }

    private static List<String> fontNames(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return InvoiceFoStylesheetTests.fonts(document).stream().map(font -> font.getName()).toList();
        }
    }

    @Test
    void rendersTheStylesheetOutputOfBothDocuments() {
        XslTransformer transformer = new XslTransformer(XSL);
        PdfRenderer renderer = new PdfRenderer(XSL);

        assertThat(renderer.render(transformer.transform("cra-fo.xsl", sample("cra-sample.xml")))).startsWith("%PDF".getBytes());
        assertThat(renderer.render(transformer.transform("invoice-fo.xsl", sample("invoice-sample.xml")))).startsWith("%PDF".getBytes());
    }
}
