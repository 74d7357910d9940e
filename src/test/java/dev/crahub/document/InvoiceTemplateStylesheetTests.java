package dev.crahub.document;

import static dev.crahub.document.TestDocuments.NBSP;
import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.copyXsl;
import static dev.crahub.document.TestDocuments.nodes;
import static dev.crahub.document.TestDocuments.number;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorProcessor;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Each choice of a template set takes effect on the invoice's XSL-FO (XPath), passed as the stylesheet parameters
 * {@link TemplateSet#stylesheetParameters} gives: annexes chosen and ordered, logo on page 1, colours, notes (as text),
 * and one PDF read back with its logo image.
 */
class InvoiceTemplateStylesheetTests {

    private static final String STYLESHEET = "invoice-fo.xsl";
    private static final byte[] PNG = TemplateSetParserTests.image("png", 300, 100, new Color(0x7A, 0x1F, 0x3D));

    private static XslTransformer transformer;
    private static byte[] invoice;

    @BeforeAll
    static void setUp() {
        transformer = new XslTransformer(XSL);
        invoice = sample("invoice-sample.xml");
    }

    private static TemplateSet set(List<TemplateSet.Annex> annexes, TemplateSet.Logo logo, TemplateSet.Colours colours,
                                   Map<String, TemplateSet.Wording> wording) {
        return new TemplateSet("acme", null, annexes, logo, colours, wording);
    }

    private static TemplateSet plain() {
        return set(List.of(TemplateSet.Annex.values()), null, TemplateSet.Colours.HOUSE, Map.of());
    }

    private static Document fo(byte[] xml, TemplateSet set, String language) {
        return parse(transformer.transform(STYLESHEET, xml, set.stylesheetParameters(language)));
    }

    @Test
    void theHouseSetLooksLikeAnInvoiceWithoutTemplate() {
        Document without = parse(transformer.transform(STYLESHEET, invoice));
        Document house = fo(invoice, plain(), "fr");

        assertThat(string(house, "/")).isEqualTo(string(without, "/"));
        assertThat(nodes(house, "//fo:external-graphic").getLength()).isZero();
        assertThat(string(house, "(//fo:table-header//fo:table-cell)[1]/@background-color")).isEqualTo("#1F3A5F");
        assertThat(string(house, "(//fo:table-header//fo:table-cell)[1]/@color")).isEqualTo("#FFFFFF");
    }

    @Test
    void noAnnexWhenTheSetListsNoneAndThePagesCountTheInvoiceAlone() {
        Document fo = fo(invoice, set(List.of(), null, TemplateSet.Colours.HOUSE, Map.of()), "fr");

        assertThat(number(fo, "count(/fo:root/fo:page-sequence)")).isEqualTo(1);
        assertThat(string(fo, "/")).doesNotContain("Annexe 1", "Détail des temps");
        assertThat(nodes(fo, "//fo:page-number-citation-last[@ref-id = 'seq-invoice']").getLength()).isPositive();
        assertThat(nodes(fo, "//fo:page-number-citation-last[@ref-id != 'seq-invoice']").getLength()).isZero();
    }

    @Test
    void annexesComeInTheSetsOrderNumberedSoAndEmptyOnesAreSkipped(@TempDir Path dir) throws IOException {
        // two more annex modules, as the expenses and products ones will be written (fo/annex-*.xsl, imported after)
        Path xsl = copyXsl(dir);
        Files.writeString(xsl.resolve("fo/annex-test.xsl"), """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:fo="http://www.w3.org/1999/XSL/Format"
                    xmlns:f="urn:crahub:xsl:functions" xmlns:inv="urn:crahub:invoice:1" exclude-result-prefixes="xs f inv">
                  <xsl:template match="inv:annexes/inv:expenses | inv:annexes/inv:products" mode="f:annex-title" as="xs:string">
                    <xsl:sequence select="concat('Test ', local-name())"/>
                  </xsl:template>
                  <xsl:template match="inv:annexes/inv:expenses | inv:annexes/inv:products" mode="f:annex">
                    <fo:page-sequence master-reference="document" id="seq-annex-{f:annex-number(.)}">
                      <fo:flow flow-name="xsl-region-body"><fo:block>annex <xsl:value-of select="local-name()"/></fo:block></fo:flow>
                    </fo:page-sequence>
                  </xsl:template>
                </xsl:stylesheet>""");
        Files.writeString(xsl.resolve("invoice-test-fo.xsl"), """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:import href="invoice-fo.xsl"/>
                  <xsl:import href="fo/annex-test.xsl"/>
                </xsl:stylesheet>""");
        byte[] xml = new String(invoice, StandardCharsets.UTF_8).replace("</annexes>",
                "<products><item/></products><expenses/></annexes>").getBytes(StandardCharsets.UTF_8);
        XslTransformer test = new XslTransformer(xsl);

        Document fo = parse(test.transform("invoice-test-fo.xsl", xml, set(List.of(TemplateSet.Annex.PRODUCTS,
                TemplateSet.Annex.EXPENSES, TemplateSet.Annex.TIME_DETAIL), null, TemplateSet.Colours.HOUSE, Map.of())
                .stylesheetParameters("fr")));

        assertThat(ids(fo)).containsExactly("seq-invoice", "seq-annex-1", "seq-annex-2");
        assertThat(string(fo, "/fo:root/fo:page-sequence[2]")).isEqualTo("annex products");
        assertThat(string(fo, "/fo:root/fo:page-sequence[3]")).contains("Annexe 2 – Détail des temps");
        assertThat(string(fo, "/fo:root/fo:page-sequence[1]")).contains("Annexe 1 – Test products",
                "Annexe 2 – Détail des temps").doesNotContain("expenses");
        assertThat(nodes(fo, "//fo:page-number-citation-last[@ref-id != 'seq-annex-2']").getLength())
                .as("every page counts to the last annex printed").isZero();

        Document timeOnly = parse(test.transform("invoice-test-fo.xsl", xml, set(List.of(TemplateSet.Annex.TIME_DETAIL),
                null, TemplateSet.Colours.HOUSE, Map.of()).stylesheetParameters("fr")));
        assertThat(ids(timeOnly)).containsExactly("seq-invoice", "seq-annex-1");
        assertThat(string(timeOnly, "/fo:root/fo:page-sequence[2]")).contains("Annexe 1 – Détail des temps");

        Document all = parse(test.transform("invoice-test-fo.xsl", xml)); // no template: document order
        assertThat(ids(all)).containsExactly("seq-invoice", "seq-annex-1", "seq-annex-2");
        assertThat(string(all, "/fo:root/fo:page-sequence[3]")).isEqualTo("annex products");
    }

    private static List<String> ids(Document fo) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= number(fo, "count(/fo:root/fo:page-sequence)"); i++) {
            ids.add(string(fo, "/fo:root/fo:page-sequence[" + i + "]/@id"));
        }
        return ids;
    }

    @Test
    void theLogoIsAtTheTopOfPageOneOnly() {
        Document fo = fo(invoice, set(List.of(TemplateSet.Annex.TIME_DETAIL),
                new TemplateSet.Logo("logo.png", "image/png", PNG), TemplateSet.Colours.HOUSE, Map.of()), "fr");

        assertThat(nodes(fo, "//fo:external-graphic").getLength()).isEqualTo(1);
        String src = string(fo, "/fo:root/fo:page-sequence[1]/fo:flow/fo:table[1]/fo:table-body/fo:table-row/fo:table-cell[1]/fo:block[1]/fo:external-graphic/@src");
        assertThat(src).startsWith("url('data:image/png;base64,iVBORw0KGgo");
        assertThat(string(fo, "//fo:external-graphic/@height")).isEqualTo("18mm");
        assertThat(string(fo, "//fo:external-graphic/@scaling")).isEqualTo("uniform");
    }

    @Test
    void theColoursGoToTitlesHeadingsTableHeadersAndTheAmountDue() {
        Document fo = fo(invoice, set(List.of(TemplateSet.Annex.TIME_DETAIL), null,
                new TemplateSet.Colours("#7A1F3D", "#F2C14E"), Map.of()), "fr");

        assertThat(nodes(fo, "//fo:table-header//fo:table-cell[@background-color != '#F2C14E']").getLength()).isZero();
        assertThat(nodes(fo, "//fo:table-header//fo:table-cell[@color != '#1E2430']").getLength())
                .as("dark text on the light header").isZero();
        assertThat(string(fo, "//fo:table-cell[fo:block = concat('2', '" + NBSP + "', '293,20', '" + NBSP + "', '€')]"
                + "[@background-color]/@background-color")).as("amount due").isEqualTo("#F2C14E");
        assertThat(string(fo, "(//fo:block[@text-transform = 'uppercase'][@font-size = '20pt'])[1]/@color"))
                .as("the title").isEqualTo("#7A1F3D");
        assertThat(nodes(fo, "//fo:block[@border-bottom = '0.8pt solid #7A1F3D']").getLength()).as("headings").isPositive();
        assertThat(string(fo, "/")).doesNotContain("#1F3A5F");
        assertThat(new String(transformer.transform(STYLESHEET, invoice, set(List.of(), null,
                new TemplateSet.Colours("#7A1F3D", "#7A1F3D"), Map.of()).stylesheetParameters("fr")), StandardCharsets.UTF_8))
                .doesNotContain("#1F3A5F");
    }

    @Test
    void theWordingIsPrintedAsTextWhereItBelongs() {
        TemplateSet set = set(List.of(TemplateSet.Annex.TIME_DETAIL), null, TemplateSet.Colours.HOUSE, Map.of(
                "fr", new TemplateSet.Wording("Lot 3 du projet Apollo\n<fo:block color=\"red\">&amp;</fo:block>",
                        "Association agréée, règlement par chèque accepté",
                        "Merci d'indiquer le numéro de facture en référence du virement."),
                "en", new TemplateSet.Wording("Apollo, lot 3", "Registered office", "Quote the invoice number.")));
        Document fo = fo(invoice, set, "fr");

        assertThat(string(fo, "/fo:root/fo:page-sequence[1]/fo:flow/fo:block[@font-style = 'italic']/fo:block[1]"))
                .isEqualTo("Lot 3 du projet Apollo");
        assertThat(nodes(fo, "//fo:block[. = '<fo:block color=\"red\">&amp;</fo:block>']").getLength())
                .as("markup in the wording is text").isEqualTo(1);
        assertThat(nodes(fo, "//fo:block[@color = 'red']").getLength()).isZero();
        assertThat(string(fo, "/fo:root/fo:page-sequence[1]/fo:static-content[@flow-name = 'footer']"))
                .contains("Association agréée, règlement par chèque accepté");
        assertThat(string(fo, "/fo:root/fo:page-sequence[1]/fo:flow/fo:block[fo:block = 'Conditions de paiement']"))
                .contains("Merci d'indiquer le numéro de facture en référence du virement.");
        assertThat(string(fo, "/")).doesNotContain("Apollo, lot 3", "Registered office");
        assertThat(string(fo(invoice, set, "en"), "/")).contains("Apollo, lot 3", "Registered office",
                "Quote the invoice number.").doesNotContain("Association agréée");
    }

    @Test
    void aTemplatedPdfCarriesItsLogoAndWords() throws IOException {
        TemplateSet set = new TemplateSet("acme", "fr", List.of(TemplateSet.Annex.TIME_DETAIL),
                new TemplateSet.Logo("logo.png", "image/png", PNG), new TemplateSet.Colours("#7A1F3D", "#7A1F3D"),
                Map.of("fr", new TemplateSet.Wording("Lot 3 du projet Apollo", "Association agréée",
                        "Merci d'indiquer le numéro de facture.")));
        byte[] pdf = new PdfRenderer(XSL).render(transformer.transform(STYLESHEET, invoice, set.stylesheetParameters("fr")));
        preview("template-fr-logo", pdf);

        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(imagesDrawn(document.getPage(0))).singleElement()
                    .satisfies(image -> assertThat(image.getWidth()).isEqualTo(300));
            assertThat(document.getNumberOfPages()).isEqualTo(2);
            assertThat(imagesDrawn(document.getPage(1))).isEmpty();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setEndPage(1);
            assertThat(stripper.getText(document)).contains("Lot 3 du projet Apollo", "Association agréée",
                    "Merci d'indiquer le numéro de facture.");
        }
    }

    @Test
    void previewsInFrenchAndEnglishWithALogoKeepPageOneWhole() throws IOException {
        byte[] english = new String(invoice, StandardCharsets.UTF_8).replace("language=\"fr\"", "language=\"en\"")
                .getBytes(StandardCharsets.UTF_8);
        TemplateSet set = new TemplateSet("acme", null, List.of(TemplateSet.Annex.TIME_DETAIL),
                new TemplateSet.Logo("logo.png", "image/png", PNG), new TemplateSet.Colours("#7A1F3D", "#F2C14E"),
                Map.of("fr", new TemplateSet.Wording("Lot 3 du projet Apollo – bon de commande ouvert",
                                "Association agréée, le règlement par chèque est accepté",
                                "Merci d'indiquer le numéro de facture en référence du virement."),
                        "en", new TemplateSet.Wording("Apollo project, lot 3 – open purchase order",
                                "Approved association: payment by cheque accepted",
                                "Please quote the invoice number as the transfer's reference.")));
        PdfRenderer renderer = new PdfRenderer(XSL);
        for (var language : Map.of("fr", invoice, "en", english).entrySet()) {
            byte[] plain = renderer.render(transformer.transform(STYLESHEET, language.getValue()));
            byte[] styled = renderer.render(transformer.transform(STYLESHEET, language.getValue(),
                    set.stylesheetParameters(language.getKey())));
            preview("house-" + language.getKey(), plain);
            preview("logo-" + language.getKey(), styled);
            for (byte[] pdf : List.of(plain, styled)) {
                try (PDDocument document = Loader.loadPDF(pdf)) {
                    assertThat(document.getNumberOfPages()).as("page 1 and the time detail (" + language.getKey() + ")")
                            .isEqualTo(2);
                }
            }
        }
    }

    @Test
    void svgAndJpegLogosRenderToo() throws IOException {
        byte[] svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">
                  <rect x="5" y="5" width="90" height="90" rx="12" fill="#7A1F3D"/>
                  <text x="110" y="65" font-family="DejaVu Sans" font-size="40" fill="#7A1F3D">ACME</text>
                </svg>""".getBytes(StandardCharsets.UTF_8);
        PdfRenderer renderer = new PdfRenderer(XSL);
        for (TemplateSet.Logo logo : List.of(new TemplateSet.Logo("logo.svg", "image/svg+xml", svg),
                new TemplateSet.Logo("logo.jpg", "image/jpeg", TemplateSetParserTests.image("jpg", 200, 80, Color.BLUE)))) {
            TemplateSet set = new TemplateSet("acme", "fr", List.of(), logo, TemplateSet.Colours.HOUSE, Map.of());
            byte[] pdf = renderer.render(transformer.transform(STYLESHEET, invoice, set.stylesheetParameters("fr")));
            preview("logo-" + logo.file().replace('.', '-'), pdf);
            try (PDDocument document = Loader.loadPDF(pdf)) {
                assertThat(document.getNumberOfPages()).isEqualTo(1);
                PDFTextStripper stripper = new PDFTextStripper();
                assertThat(stripper.getText(document)).contains("ACME-2026-000001");
                if (logo.mediaType().equals("image/jpeg")) {
                    assertThat(imagesDrawn(document.getPage(0))).hasSize(1);
                }
            }
        }
    }

    /** The images a page draws (its content stream's Do operators on image XObjects). */
    static List<PDImageXObject> imagesDrawn(PDPage page) throws IOException {
        List<PDImageXObject> images = new ArrayList<>();
        PDFStreamEngine engine = new PDFStreamEngine() {
            {
                addOperator(new OperatorProcessor(this) {
                    @Override
                    public void process(Operator operator, List<COSBase> operands) throws IOException {
                        if (!(operands.get(0) instanceof COSName name)) {
                            return;
                        }
                        PDXObject object = getContext().getResources().getXObject(name);
                        if (object instanceof PDImageXObject image) {
                            images.add(image);
                        } else if (object instanceof PDFormXObject form) {
                            getContext().showForm(form);
                        }
                    }

                    @Override
                    public String getName() {
                        return "Do";
                    }
                });
            }
        };
        engine.processPage(page);
        return images;
    }

    /** Keeps the PDF under target/template-previews/ to look at (pdftoppm -png -r 60). */
    static void preview(String name, byte[] pdf) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "template-previews"));
        Files.write(dir.resolve(name + ".pdf"), pdf);
    }
}
