package dev.crahub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.crahub.cra.CraDecisions;
import dev.crahub.cra.CraDecisions.DayVerdict;
import dev.crahub.cra.CraDecisions.Kind;
import dev.crahub.cra.CraDecisions.Outcome;
import dev.crahub.system.Hashing;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The decided CRA, end to end: a decision recorded on a sent CRA gets its decided rendering within seconds (route
 * cra-render-decided-poll), {@code GET /api/cras/{id}/pdf} answers it while {@code ?seen=true} answers, byte for byte,
 * the PDF the approver saw; the invoice names the client's approver; a rejected version's correction shows what
 * changed; a rendering that fails waits in the dead letters and is replayed. Months 2024-09..11, codes docs-*.
 */
class CraDocumentsIntegrationTests extends HubTestSupport {

    private static final String REFERENTIAL = """
            sellers:
              - code: docs-acme
                name: ACME Documents SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: DOCS
            clients:
              - code: docs-globex
                name: Globex Documents SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["Tour Horizon"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approver: {name: Claire Martin, email: claire.martin@globex.example}
                billing: {name: Comptabilité, email: factures@globex.example}
            consultants:
              - code: docs-jdupont
                name: Jean Dupont
                trackers: [{source: docs, user: docs-jd}]
              - code: docs-amoreau
                name: Alice Moreau
                trackers: [{source: docs, user: docs-am}]
            contracts:
              - code: docs-platform
                seller: docs-acme
                client: docs-globex
                label: Documents de la plateforme
                consultants: [docs-jdupont, docs-amoreau]
                dailyRate: 650.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers:
                  - source: docs
                    project: DOCS-PLATFORM
            """;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CraDecisions decisions;

    @Autowired
    PlatformTransactionManager transactionManager;

    private static boolean referentialLoaded;

    @BeforeEach
    void referential() {
        synchronized (CraDocumentsIntegrationTests.class) {
            if (!referentialLoaded) {
                HttpHeaders yaml = new HttpHeaders();
                yaml.setContentType(MediaType.parseMediaType("application/yaml"));
                ResponseEntity<Map> loaded = admin().postForEntity("/api/referential", new HttpEntity<>(REFERENTIAL, yaml), Map.class);
                assertThat(loaded.getStatusCode()).as(String.valueOf(loaded.getBody())).isEqualTo(HttpStatus.OK);
                referentialLoaded = true;
            }
        }
    }

    @Test
    void anApprovedCraGetsItsDecidedRenderingAndTheInvoiceNamesTheApprover() throws Exception {
        long id = sentCra("2024-09");
        byte[] seen = admin().getForObject("/api/cras/" + id + "/pdf", byte[].class);

        CraDecisions.Recorded decision = decide(id, Outcome.APPROVED, Kind.LINK, null, List.of());

        byte[] decided = awaitDecidedPdf(id, seen);
        assertThat(text(decided)).contains("Validé par Claire Martin (claire.martin@globex.example) le",
                decision.pdfSha256().substring(0, 16), "Validation en ligne");
        assertThat(text(decided)).contains(decision.decidedAt().atZoneSameInstant(java.time.ZoneId.of("Europe/Paris"))
                .format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")));
        ResponseEntity<byte[]> original = admin().getForEntity("/api/cras/" + id + "/pdf?seen=true", byte[].class);
        assertThat(original.getBody()).isEqualTo(seen);
        assertThat(Hashing.sha256(original.getBody())).isEqualTo(decision.pdfSha256());
        assertThat(admin().getForEntity("/api/cras/" + id + "/pdf", byte[].class).getHeaders().getContentDisposition()
                .getFilename()).endsWith("-decided.pdf");

        String decidedXml = admin().getForObject("/api/cras/" + id + "/xml", String.class);
        String seenXml = admin().getForObject("/api/cras/" + id + "/xml?seen=true", String.class);
        assertThat(decidedXml).contains("<status>APPROVED</status>", "<approvedBy>Claire Martin</approvedBy>",
                "<kind>LINK</kind>", "<xmlSha256>" + decision.xmlSha256() + "</xmlSha256>");
        assertThat(seenXml).doesNotContain("<approval>");
        assertThat(Hashing.sha256(seenXml.getBytes(StandardCharsets.UTF_8))).isEqualTo(decision.xmlSha256());

        // the invoice and its annex name the client's approver
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2024-09/invoices", null, Map.class).getBody().get("invoices");
        assertThat(invoices).singleElement().satisfies(i -> assertThat(i).containsEntry("status", "ISSUED"));
        long invoice = ((Number) invoices.get(0).get("id")).longValue();
        String invoiceXml = admin().getForObject("/api/invoices/" + invoice + "/xml", String.class);
        assertThat(invoiceXml).contains("<approvedBy>Claire Martin</approvedBy>",
                "<approverEmail>claire.martin@globex.example</approverEmail>", "<approvalKind>EXPLICIT</approvalKind>",
                "<pdfSha256>" + decision.pdfSha256() + "</pdfSha256>");
        String invoiceText = text(admin().getForObject("/api/invoices/" + invoice + "/pdf", byte[].class));
        assertThat(invoiceText).contains("Validé par Claire Martin (claire.martin@globex.example) le")
                .doesNotContain("admin");

        // the documents are for hub users only
        assertThat(rest.getForEntity("/api/cras/" + id + "/pdf?seen=true", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(admin().getForEntity("/api/cras/" + id + "/pdf?seen=maybe", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aRejectedVersionShowsItsDisputedDaysAndTheCorrectionShowsWhatChanged() throws Exception {
        long id = sentCra("2024-10");
        byte[] seen = admin().getForObject("/api/cras/" + id + "/pdf", byte[].class);

        decide(id, Outcome.REJECTED, Kind.LINK, "Le 2 octobre est faux", List.of(
                new DayVerdict(LocalDate.parse("2024-10-02"), Outcome.REJECTED, "Alice était en congé")));

        String decided = text(awaitDecidedPdf(id, seen));
        assertThat(decided).contains("Refusé par Claire Martin", "Le 2 octobre est faux", "Jours contestés",
                "mercredi 02/10/2024 – Alice était en congé");

        // the corrected timesheet gives version 2, which says what changed since version 1
        push(List.of(entry("docs-2024-10-3", "docs-am", "2024-10-02", 7, "Recette", true),
                entry("docs-2024-10-4", "docs-jd", "2024-10-04", 6, "Recette", false)));
        Map<String, Object> rebuilt = ((List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2024-10/cras", null, Map.class).getBody().get("cras")).get(0);
        assertThat(rebuilt).containsEntry("version", 2).containsEntry("outcome", "CREATED");
        String v2 = admin().getForObject("/api/cras/" + rebuilt.get("id") + "/xml", String.class);
        assertThat(v2).contains("<changes sinceVersion=\"1\">",
                "<day date=\"2024-10-02\" consultant=\"docs-amoreau\" change=\"REMOVED\" hoursBefore=\"7.00\">",
                "<day date=\"2024-10-04\" consultant=\"docs-jdupont\" change=\"ADDED\" hoursAfter=\"6.00\">",
                "<approver>");
        assertThat(text(admin().getForObject("/api/cras/" + rebuilt.get("id") + "/pdf", byte[].class)))
                .contains("Modifications depuis la version 1", "Jour retiré", "Jour ajouté");
        // version 1 keeps its rejected rendering
        assertThat(text(admin().getForObject("/api/cras/" + id + "/pdf", byte[].class))).contains("Refusé par Claire Martin");
    }

    @Test
    void aRenderingThatFailsWaitsInTheDeadLettersOnceAndItsReplayStoresIt() throws Exception {
        long id = sentCra("2024-11");
        String xml = jdbc.sql("SELECT xml FROM cra WHERE id = :id").param("id", id).query(String.class).single();
        // a stored document the decided rendering cannot read (as a hand edit of the database would leave it)
        jdbc.sql("UPDATE cra SET xml = :broken WHERE id = :id").param("id", id).param("broken", "<cra>broken").update();

        decide(id, Outcome.APPROVED, Kind.RECORDED, null, List.of());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> letters(id).size() == 1);
        Thread.sleep(6_000); // more polls: the failure is not retried and not recorded again
        assertThat(letters(id)).hasSize(1);
        assertThat(jdbc.sql("SELECT approved_pdf IS NULL FROM cra WHERE id = :id").param("id", id).query(Boolean.class).single())
                .isTrue();

        jdbc.sql("UPDATE cra SET xml = :xml WHERE id = :id").param("id", id).param("xml", xml).update();
        long letter = ((Number) letters(id).get(0).get("id")).longValue();
        Map<String, Object> replay = rest.withBasicAuth("ops", OPS_PASSWORD)
                .postForObject("/api/dead-letters/" + letter + "/replay", null, Map.class);
        assertThat(replay).containsEntry("replayed", true);

        String decided = text(admin().getForObject("/api/cras/" + id + "/pdf", byte[].class));
        assertThat(decided).contains("Validé par Claire Martin", "Validation enregistrée par admin pour le compte de Claire Martin",
                "Motif : accord reçu par téléphone");
        String invoiceText = text(admin().getForObject("/api/invoices/" + ((Number) ((List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2024-11/invoices", null, Map.class).getBody().get("invoices")).get(0).get("id"))
                .longValue() + "/pdf", byte[].class));
        assertThat(invoiceText).contains("validation enregistrée par admin pour le compte de Claire Martin")
                .doesNotContain("Validé par admin", "validé par admin");
    }

    private List<Map<String, Object>> letters(long craId) {
        List<Map<String, Object>> all = rest.withBasicAuth("ops", OPS_PASSWORD).getForObject("/api/dead-letters", List.class);
        return all.stream().filter(d -> "direct:cra-render-decided".equals(d.get("endpointUri"))
                && String.valueOf(craId).equals(d.get("body"))).toList();
    }

    private static Map<String, Object> entry(String id, String user, String date, double hours, String comment,
                                             boolean deleted) {
        return Map.of("id", id, "user", Map.of("id", user), "project", "DOCS-PLATFORM", "date", date, "hours", hours,
                "comment", comment, "deleted", deleted);
    }

    private void push(List<Map<String, Object>> entries) {
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries", Map.of("source", "docs", "entries", entries),
                Map.class);
        assertThat(pushed.getStatusCode()).as(String.valueOf(pushed.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(pushed.getBody()).containsEntry("unmapped", 0);
    }

    /** Builds the month's CRA from pushed time entries and marks it SENT, as the workflow's sending would. */
    private long sentCra(String month) throws Exception {
        push(List.of(entry("docs-" + month + "-1", "docs-jd", month + "-01", 8, "Atelier de cadrage", false),
                entry("docs-" + month + "-2", "docs-jd", month + "-02", 7.5, "Développement du connecteur", false),
                entry("docs-" + month + "-3", "docs-am", month + "-02", 7, "Recette", false)));
        List<Map<String, Object>> built = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/" + month + "/cras", null, Map.class).getBody().get("cras");
        assertThat(built).singleElement().satisfies(c -> assertThat(c).containsEntry("contract", "docs-platform"));
        long id = ((Number) built.get(0).get("id")).longValue();
        jdbc.sql("UPDATE cra SET status = 'SENT', sent_at = now() WHERE id = :id AND status IN ('DRAFT', 'SENT')")
                .param("id", id).update();
        return id;
    }

    private CraDecisions.Recorded decide(long id, Outcome outcome, Kind kind, String comment, List<DayVerdict> days) {
        Optional<CraDecisions.Recorded> recorded = new TransactionTemplate(transactionManager).execute(status -> decisions.record(new CraDecisions.Decision(
                id, outcome, kind, "Claire Martin", "claire.martin@globex.example", null,
                kind == Kind.RECORDED ? "admin" : null, kind == Kind.RECORDED ? "accord reçu par téléphone" : null,
                comment, days, OffsetDateTime.now(), "203.0.113.7", "Mozilla/5.0 (test)")));
        assertThat(recorded).isPresent();
        return recorded.get();
    }

    /** Waits until {@code GET /api/cras/{id}/pdf} answers another PDF than the one the approver saw. */
    private byte[] awaitDecidedPdf(long id, byte[] seen) {
        byte[][] decided = new byte[1][];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            decided[0] = admin().getForObject("/api/cras/" + id + "/pdf", byte[].class);
            return !java.util.Arrays.equals(decided[0], seen);
        });
        return decided[0];
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            // one line of text, as a line break in a narrow box is no change of wording
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replaceAll("\\s+", " ");
        }
    }
}
