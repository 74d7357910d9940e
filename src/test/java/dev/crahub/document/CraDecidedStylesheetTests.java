package dev.crahub.document;

import static dev.crahub.document.TestDocuments.NBSP;
import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.nodes;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.string;
import static dev.crahub.document.TestDocuments.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import dev.crahub.cra.CraApprovalDocument;
import dev.crahub.cra.CraDecisions.DayVerdict;
import dev.crahub.cra.CraDecisions.Kind;
import dev.crahub.cra.CraDecisions.Outcome;
import dev.crahub.cra.CraDecisions.Recorded;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The CRA as the client and their accountant keep it: the approval block of a decided CRA for each kind of
 * decision, the rejected days, the changes since the previous version, the keeps that hold the approval block with
 * the totals, and a normal month (2 consultants, about 55 sessions) on two pages with the project column on one line.
 */
class CraDecidedStylesheetTests {

    private static final String STYLESHEET = "cra-fo.xsl";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final String XML_SHA = "0123456789abcdef".repeat(4);
    private static final String PDF_SHA = "fedcba9876543210".repeat(4);

    private static XslTransformer transformer;
    private static PdfRenderer renderer;

    @BeforeAll
    static void setUp() {
        transformer = new XslTransformer(XSL);
        renderer = new PdfRenderer(XSL);
    }

    static Recorded decision(Outcome outcome, Kind kind, String comment, List<DayVerdict> days) {
        return new Recorded(1, 42, outcome, kind, kind == Kind.TACIT ? null : "Claire Martin",
                kind == Kind.TACIT ? null : "claire.martin@globex.example", kind == Kind.RECORDED ? "admin" : null,
                kind == Kind.RECORDED ? "accord reçu par courrier" : null, comment,
                OffsetDateTime.parse("2026-11-05T13:02:00Z"), null, null, XML_SHA, PDF_SHA, days);
    }

    static byte[] decided(byte[] seen, Recorded decision) {
        return CraApprovalDocument.decided(new String(seen, StandardCharsets.UTF_8), decision, PARIS, new XmlSchemaValidator());
    }

    private static Document fo(byte[] canonical) {
        return parse(transformer.transform(STYLESHEET, canonical));
    }

    /** The text of the approval block (heading, the two boxes, the details). */
    private static String approval(Document fo) {
        return string(fo, "//fo:flow/fo:block[last()][fo:block/fo:block[. = 'Validation' or . = 'Approval']]")
                .replace(NBSP, " ");
    }

    private static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replace(NBSP, " ");
        }
    }

    private static int pages(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        }
    }

    @Test
    void approvedThroughTheLinkNamesTheApproverTheirEmailTheTimeAndTheFingerprint() {
        String text = approval(fo(decided(sample("cra-sample.xml"), decision(Outcome.APPROVED, Kind.LINK, "RAS", List.of()))));

        assertThat(text).contains("Validé par Claire Martin (claire.martin@globex.example) le 05/11/2026 14:02",
                "Validation en ligne, par le lien personnel du valideur", "Commentaire du valideur : RAS",
                "XML 0123456789abcdef…", "PDF fedcba9876543210…", "élément « approval » du fichier XML")
                .doesNotContain(XML_SHA, "admin");
    }

    @Test
    void tacitApprovalIsWordedAsSuch() {
        String text = approval(fo(decided(sample("cra-sample.xml"), decision(Outcome.APPROVED, Kind.TACIT, null, List.of()))));

        assertThat(text).contains("Validé tacitement le 05/11/2026 14:02",
                "Aucune réponse du client à l'échéance de validation : validation tacite prévue au contrat")
                .doesNotContain("Validé par");
    }

    @Test
    void recordedApprovalSaysWhoRecordedItOnBehalfOfWhom() {
        String text = approval(fo(decided(sample("cra-sample.xml"), decision(Outcome.APPROVED, Kind.RECORDED, null, List.of()))));

        assertThat(text).contains("Validé par Claire Martin (claire.martin@globex.example) le 05/11/2026 14:02",
                "Validation enregistrée par admin pour le compte de Claire Martin (claire.martin@globex.example)",
                "Motif : accord reçu par courrier");
    }

    @Test
    void recordedApprovalInEnglish() {
        byte[] english = with(sample("cra-sample.xml"), "/cra:cra/@language", "en");
        String text = approval(fo(decided(english, decision(Outcome.APPROVED, Kind.RECORDED, null, List.of()))));

        assertThat(text).contains("Approved by Claire Martin (claire.martin@globex.example) on 5 Nov 2026, 14:02",
                "Approval recorded by admin on behalf of Claire Martin", "SHA-256 fingerprint of the version the approver saw");
    }

    @Test
    void rejectedSaysWhoWhenTheCommentAndEveryDisputedDayWithItsComment() {
        Document fo = fo(decided(sample("cra-sample.xml"), decision(Outcome.REJECTED, Kind.LINK, "Deux jours à revoir", List.of(
                new DayVerdict(LocalDate.parse("2026-10-01"), Outcome.REJECTED, "Jean était en formation"),
                new DayVerdict(LocalDate.parse("2026-10-02"), Outcome.APPROVED, null)))));
        String text = approval(fo);

        assertThat(text).contains("Refusé par Claire Martin (claire.martin@globex.example) le 05/11/2026 14:02",
                "Commentaire du valideur : Deux jours à revoir", "Jours contestés",
                "jeudi 01/10/2026 – Jean était en formation")
                .doesNotContain("vendredi 02/10/2026");
        assertThat(string(fo, "//fo:block[contains(., 'Statut')]/following-sibling::fo:block[1]")).isEqualTo("Refusé");
    }

    @Test
    void aVersionThatSupersedesAnotherShowsWhatChanged() {
        String changed = new String(sample("cra-sample.xml"), StandardCharsets.UTF_8).replace("  <totals>", """
                  <changes sinceVersion="1">
                    <day date="2026-10-01" consultant="jdupont" change="CHANGED" hoursBefore="8.00" hoursAfter="7.50"/>
                    <day date="2026-10-02" consultant="amoreau" change="ADDED" hoursAfter="8.00"/>
                    <day date="2026-10-05" consultant="jdupont" change="REMOVED" hoursBefore="8.00"/>
                  </changes>
                  <totals>""");
        byte[] xml = changed.getBytes(StandardCharsets.UTF_8);
        new XmlSchemaValidator().validate(xml, "cra-1.xsd");
        Document fo = fo(xml);
        String block = string(fo, "//fo:block[fo:block[starts-with(., 'Modifications depuis la version 1')]]").replace(NBSP, " ");

        assertThat(block).contains("Heures modifiées", "Jour ajouté", "Jour retiré", "01/10/2026", "Jean Dupont", "Alice Moreau",
                "8,00", "7,50");
        assertThat(nodes(fo, "//fo:block[fo:block[starts-with(., 'Modifications depuis')]]//fo:table-body/fo:table-row").getLength())
                .isEqualTo(3);
        assertThat(string(fo("cra-sample.xml"), "/")).doesNotContain("Modifications depuis");
    }

    private static Document fo(String sampleName) {
        return fo(sample(sampleName));
    }

    @Test
    void theApprovalBlockStaysWholeAndWithTheSessionsTotalRow() {
        Document fo = fo(sample("cra-sample.xml"));

        // the block goes with the total row; its heading and the two boxes stay on one page
        assertThat(nodes(fo, "//fo:flow/fo:block[last()][@keep-with-previous.within-page = 'always']"
                + "/fo:block[1][@keep-together.within-page = 'always'][fo:block = 'Validation'][fo:table]").getLength()).isEqualTo(1);
        // a decided CRA's details (comment, disputed days, fingerprint) go with the boxes, whole when they fit a page
        Document decided = fo(decided(sample("cra-sample.xml"), decision(Outcome.REJECTED, Kind.LINK, "non", List.of(
                new DayVerdict(LocalDate.parse("2026-10-01"), Outcome.REJECTED, "absent")))));
        assertThat(nodes(decided, "//fo:flow/fo:block[last()]/fo:block[2][@keep-together.within-page = 'always']"
                + "[@keep-with-previous.within-page = 'always'][contains(., 'Jours contestés')]").getLength()).isEqualTo(1);
        assertThat(string(fo, "(//fo:table-body)[last() - 1]/fo:table-row[last()]/@keep-with-previous.within-page"))
                .isEqualTo("always");
        assertThat(nodes(fo, "//fo:table-row[fo:table-cell[1] = 'Total'][@keep-with-previous.within-page = 'always']").getLength())
                .isEqualTo(1);
    }

    @Test
    void theApprovedCraPdfHoldsTheApproverAndTheDate() throws IOException {
        byte[] pdf = renderer.render(transformer.transform(STYLESHEET,
                decided(sample("cra-sample.xml"), decision(Outcome.APPROVED, Kind.LINK, null, List.of()))));

        assertThat(pdfText(pdf)).contains("Validé par Claire Martin", "claire.martin@globex.example", "05/11/2026 14:02",
                "0123456789abcdef");
    }

    @Test
    void aNormalMonthFitsInTwoPagesSentOrApprovedInFrenchAndEnglish() throws IOException {
        byte[] month = CraMonthSamples.normalMonth();
        assertThat(CraMonthSamples.sessions(month)).isBetween(50, 60);
        byte[] english = with(month, "/cra:cra/@language", "en");
        byte[] sent = with(month, "/cra:cra/cra:status", "SENT");

        for (byte[] cra : List.of(month, sent, english,
                decided(month, decision(Outcome.APPROVED, Kind.LINK, "RAS", List.of())),
                decided(english, decision(Outcome.APPROVED, Kind.RECORDED, null, List.of())),
                decided(month, decision(Outcome.APPROVED, Kind.TACIT, null, List.of())),
                decided(month, decision(Outcome.REJECTED, Kind.LINK, "Deux jours à revoir", List.of(
                        new DayVerdict(LocalDate.parse("2026-10-12"), Outcome.REJECTED, "Jean était en congé"),
                        new DayVerdict(LocalDate.parse("2026-10-13"), Outcome.REJECTED, "Une demi-journée seulement")))))) {
            byte[] pdf = renderer.render(transformer.transform(STYLESHEET, cra));
            String text = pdfText(pdf);
            assertThat(pages(pdf)).as(text.substring(0, 200)).isEqualTo(2);
            assertThat(text).containsAnyOf("Page 2 / 2", "Page 2 of 2");
        }
    }

    @Test
    void theProjectColumnHoldsEachCodeOnOneLine() throws IOException {
        byte[] month = CraMonthSamples.normalMonth();
        int migration = nodes(parse(month), "//cra:entry[@project = 'GLOBEX-PLATFORM-MIGRATION']").getLength();
        String text = pdfText(renderer.render(transformer.transform(STYLESHEET, month)));

        // a wrapped code would be cut in two lines of the extracted text
        assertThat(text.split("GLOBEX-PLATFORM-MIGRATION", -1).length - 1).isEqualTo(migration);
        assertThat(text).doesNotContain("GLOBEX-\n", "PLATFORM-\n");
    }

    @Test
    void aVeryLongProjectCodeIsShortenedWithAnEllipsisRatherThanWrapped() {
        byte[] cra = with(sample("cra-sample.xml"), "(//cra:entry)[1]/@project", "GLOBEX-PLATFORM-MIGRATION-PHASE-2-LOT-B-RECETTE");
        Document fo = fo(cra);

        assertThat(string(fo, "//fo:table-cell/fo:block[@wrap-option = 'no-wrap'][starts-with(., 'GLOBEX-PLATFORM-MIGRATION-PH')]"))
                .endsWith("…").hasSize(30);
        assertThat(string(fo, "//fo:table-cell/fo:block[@wrap-option = 'no-wrap'][starts-with(., 'GLOBEX-PLATFORM-MIGRATION-PH')]/@font-size"))
                .isEqualTo("6.5pt");
    }

    @Test
    void aLongRejectionFlowsOverThePagesInsteadOfOverflowingOne() throws IOException {
        List<DayVerdict> days = new java.util.ArrayList<>();
        for (int day = 1; day <= 31; day++) {
            days.add(new DayVerdict(LocalDate.of(2026, 10, day), Outcome.REJECTED, "Commentaire détaillé du jour " + day + " ".repeat(1)
                    + "à revoir avec le consultant ".repeat(8)));
        }
        String comment = "Refus global motivé. ".repeat(300) + "Fin du commentaire.";
        byte[] cra = decided(CraMonthSamples.normalMonth(), decision(Outcome.REJECTED, Kind.LINK, comment, days));
        Document fo = fo(cra);

        assertThat(nodes(fo, "//fo:block[@keep-together.within-page = 'always'][contains(., 'Jours contestés')]").getLength())
                .isZero();
        String text = pdfText(renderer.render(transformer.transform(STYLESHEET, cra))).replaceAll("\\s+", " ");
        assertThat(text).contains("Fin du commentaire.", "samedi 31/10/2026 – Commentaire détaillé du jour 31",
                "XML 0123456789abcdef…");
    }
}
