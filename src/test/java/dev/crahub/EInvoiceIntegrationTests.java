package dev.crahub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.crahub.einvoice.EInvoiceStore;
import dev.crahub.einvoice.MustangValidation;
import dev.crahub.einvoice.ValidationMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * E-invoices through the running hub (ADR 0020): an issued invoice gets, after its commit, a Factur-X (PDF/A-3b with
 * its CII and its time-detail annex attached), a CII and a UBL that pass the validation gate and are downloaded by
 * the billing role only; a refused e-invoice (a stylesheet that writes a wrong total) is stored INVALID with the
 * validators' messages, shown in the invoice, served nowhere, recorded in the dead letters and counted, then passes
 * once the stylesheet is fixed and it is rebuilt; a valid one is final. Months 2021-10..11, codes ei-*.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EInvoiceIntegrationTests extends HubTestSupport {

    static final String REFERENTIAL = """
            sellers:
              - code: ei-acme
                name: ACME E-factures SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@ei-acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: EIACME
            clients:
              - code: ei-globex
                name: Globex E-factures SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["Tour Horizon", "52 quai de Dion-Bouton"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approver: {name: Claire Martin, email: claire.martin@ei-globex.example}
                billing: {name: Comptabilité fournisseurs, email: factures@ei-globex.example}
            consultants:
              - code: ei-jdupont
                name: Jean Dupont
                trackers: [{source: ei, user: ei-jd}]
            contracts:
              - code: ei-main
                seller: ei-acme
                client: ei-globex
                label: Plateforme e-factures
                consultants: [ei-jdupont]
                dailyRate: 650.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                poNumber: PO-EI-1
                trackers: [{source: ei, project: EI-MAIN}]
            """;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EInvoiceStore einvoices;

    @Autowired
    org.apache.camel.CamelContext camel;

    final MustangValidation mustang = new MustangValidation();

    @BeforeAll
    void referential() {
        HttpHeaders yaml = new HttpHeaders();
        yaml.setContentType(MediaType.parseMediaType("application/yaml"));
        ResponseEntity<String> loaded = admin().postForEntity("/api/referential", new HttpEntity<>(REFERENTIAL, yaml), String.class);
        assertThat(loaded.getStatusCode()).as(loaded.getBody()).isEqualTo(HttpStatus.OK);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anIssuedInvoiceGetsAValidEInvoiceInThreeFormatsForTheBillingRoleOnly() throws Exception {
        // 8 + 8 + 4 = 20 h = 2.5 days x 650.00 = 1625.00; VAT 20 % 325.00; 1950.00
        long id = issue("2021-10", List.of(entry("a1", "2021-10-04", 8), entry("a2", "2021-10-05", 8), entry("a3", "2021-10-06", 4)));
        Map<String, Object> einvoice = awaitGate(id, "VALID");
        assertThat((List<Map<String, Object>>) einvoice.get("messages")).noneMatch(m -> "ERROR".equals(m.get("severity")));

        String number = (String) billing().getForObject("/api/invoices/" + id, Map.class).get("number");
        assertThat(number).matches("EIACME-\\d{4}-\\d{6}");
        ResponseEntity<byte[]> facturx = billing().getForEntity("/api/invoices/" + id + "/facturx", byte[].class);
        assertThat(facturx.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(facturx.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(facturx.getHeaders().getContentDisposition().getFilename()).isEqualTo(number + ".pdf");
        MustangValidation.Report report = mustang.facturX(facturx.getBody(), number + ".pdf");
        assertThat(report.messages()).filteredOn(ValidationMessage::isError).isEmpty();
        assertThat(report.pdfValid()).isTrue();
        assertThat(report.xmlValid()).isTrue();
        try (PDDocument pdf = Loader.loadPDF(facturx.getBody())) {
            assertThat(pdf.getDocumentCatalog().getNames().getEmbeddedFiles().getNames())
                    .containsKeys("factur-x.xml", number + "-annex-time-detail.pdf");
        }

        ResponseEntity<String> cii = billing().getForEntity("/api/invoices/" + id + "/cii", String.class);
        assertThat(cii.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(cii.getBody()).contains("<ram:DuePayableAmount>1950.00</ram:DuePayableAmount>")
                .contains("<ram:IssuerAssignedID>annex-time-detail</ram:IssuerAssignedID>")
                .contains("filename=\"" + number + "-annex-time-detail.pdf\"");
        ResponseEntity<String> ubl = billing().getForEntity("/api/invoices/" + id + "/ubl", String.class);
        assertThat(ubl.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ubl.getBody()).contains("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2")
                .contains("1950.00");

        // the invoice shows its e-invoice
        Map<String, Object> invoice = billing().getForObject("/api/invoices/" + id, Map.class);
        assertThat(invoice).containsEntry("number", number);
        assertThat((Map<String, Object>) invoice.get("einvoice")).containsEntry("status", "VALID");
        assertThat((Map<String, Object>) invoice.get("lifecycle")).containsEntry("paid", false);

        // its template version went through the full PDF/A check once
        String version = jdbc.sql("SELECT template_version FROM invoice WHERE id = :id").param("id", id).query(String.class).single();
        assertThat(einvoices.templateCheck(version)).hasValueSatisfying(c -> assertThat(c.status().name()).isEqualTo("VALID"));

        // a valid e-invoice is final
        assertThat(billing().postForEntity("/api/invoices/" + id + "/einvoice/rebuild", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        // ops and strangers get nothing
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/invoices/" + id + "/facturx", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.getForEntity("/api/invoices/" + id + "/cii", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(billing().getForEntity("/api/invoices/999999/ubl", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theSweepLeavesAFreshIssueToTheQueueAndTakesWhatAStopOrTheGraceLeftUnbuilt() throws Exception {
        // the queue's consumers held: the invoice is issued and waits, unbuilt, as it does behind a long month end
        camel.getRouteController().suspendRoute("einvoice-build-queue");
        long id;
        try {
            id = issue("2021-09", List.of(entry("s1", "2021-09-01", 8)));
            OffsetDateTime issuedAt = jdbc.sql("SELECT issued_at FROM invoice WHERE id = :id").param("id", id)
                    .query(OffsetDateTime.class).single();
            assertThat(einvoices.toBuild()).contains(id);
            // issued by this hub a moment ago: on the queue, not swept (under load most were built twice)
            assertThat(einvoices.toBuild(issuedAt.minusHours(1), Duration.ofMinutes(10))).doesNotContain(id);
            // issued before the hub started: the queue that held it is gone
            assertThat(einvoices.toBuild(issuedAt.plusSeconds(1), Duration.ofMinutes(10))).contains(id);
            // still unbuilt after the grace: swept
            assertThat(einvoices.toBuild(issuedAt.minusHours(1), Duration.ZERO)).contains(id);
        } finally {
            camel.getRouteController().resumeRoute("einvoice-build-queue");
        }
        awaitGate(id, "VALID");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRefusedEInvoiceIsStoppedShownCountedAndPassesOnceFixedAndRebuilt() throws Exception {
        // no other build in flight: the broken stylesheet below must only meet this test's invoice
        await().atMost(Duration.ofSeconds(120)).until(() -> einvoices.toBuild().isEmpty());
        Path settlement = home.xsl().resolve("einvoice/cii/settlement.xsl");
        String original = Files.readString(settlement, StandardCharsets.UTF_8);
        String broken = original.replace("<xsl:value-of select=\"e:amount($totals/inv:taxInclusive)\"/>",
                "<xsl:value-of select=\"e:amount(xs:decimal($totals/inv:taxInclusive) + 1)\"/>");
        assertThat(broken).isNotEqualTo(original);
        double refusedBefore = gateCount("invalid");
        long id;
        try {
            Files.writeString(settlement, broken, StandardCharsets.UTF_8);
            Thread.sleep(1500); // the stylesheet folder is checked for changes once a second
            // 8 h = 1 day x 650.00; VAT 130.00; 780.00 (the broken stylesheet writes 781.00 as the grand total)
            id = issue("2021-11", List.of(entry("b1", "2021-11-02", 8)));
            Map<String, Object> einvoice = awaitGate(id, "INVALID");
            assertThat((List<Map<String, Object>>) einvoice.get("messages"))
                    .anyMatch(m -> "ERROR".equals(m.get("severity")) && String.valueOf(m.get("rule")).startsWith("BR-CO-15"));
        } finally {
            Files.writeString(settlement, original, StandardCharsets.UTF_8);
        }
        // sent nowhere, downloadable nowhere: 409 with the validators' errors
        ResponseEntity<Map> refused = billing().getForEntity("/api/invoices/" + id + "/facturx", Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((List<Map<String, Object>>) refused.getBody().get("errors"))
                .anyMatch(e -> String.valueOf(e.get("rule")).startsWith("BR-CO-15"));
        Map<String, Object> invoice = billing().getForObject("/api/invoices/" + id, Map.class);
        assertThat((Map<String, Object>) invoice.get("einvoice")).containsEntry("status", "INVALID");
        // in the dead letters, replayable on the build; counted
        List<Map<String, Object>> letters = rest.withBasicAuth("ops", OPS_PASSWORD).getForObject("/api/dead-letters", List.class);
        assertThat(letters).anyMatch(d -> "direct:einvoice-build".equals(d.get("endpointUri"))
                && String.valueOf(id).equals(String.valueOf(d.get("body")))
                && String.valueOf(d.get("error")).contains("BR-CO-15"));
        assertThat(gateCount("invalid")).isGreaterThan(refusedBefore);

        // the stylesheet fixed, a rebuild passes the gate
        Thread.sleep(1500);
        ResponseEntity<Map> rebuilt = billing().postForEntity("/api/invoices/" + id + "/einvoice/rebuild", null, Map.class);
        assertThat(rebuilt.getStatusCode()).as(String.valueOf(rebuilt.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(rebuilt.getBody()).containsEntry("status", "VALID");
        assertThat(billing().getForEntity("/api/invoices/" + id + "/cii", String.class).getBody())
                .contains("<ram:GrandTotalAmount>780.00</ram:GrandTotalAmount>");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private org.springframework.boot.test.web.client.TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    private static Map<String, Object> entry(String id, String date, double hours) {
        return Map.of("id", "ei-" + id, "user", Map.of("id", "ei-jd"), "project", "EI-MAIN", "date", date, "hours", hours,
                "comment", "Atelier e-facturation " + id);
    }

    /** Pushes the month's entries, builds and approves its CRA, issues its invoice: the invoice id. */
    @SuppressWarnings("unchecked")
    private long issue(String month, List<Map<String, Object>> entries) {
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries", Map.of("source", "ei", "entries", entries), Map.class);
        assertThat(pushed.getStatusCode()).as(String.valueOf(pushed.getBody())).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/" + month + "/cras", null, Map.class).getBody().get("cras");
        Map<String, Object> cra = cras.stream().filter(c -> "ei-main".equals(c.get("contract"))).findFirst().orElseThrow();
        assertThat(approve(cra.get("id"), "signed CRA received")).containsEntry("status", "APPROVED");
        List<Map<String, Object>> issued = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/" + month + "/invoices", null, Map.class).getBody().get("invoices");
        Map<String, Object> invoice = issued.stream().filter(i -> "ei-main".equals(i.get("contract"))).findFirst().orElseThrow();
        return ((Number) invoice.get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitGate(long id, String status) {
        Map<String, Object>[] einvoice = new Map[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            einvoice[0] = billing().getForObject("/api/invoices/" + id + "/einvoice", Map.class);
            return status.equals(einvoice[0].get("status"));
        });
        return einvoice[0];
    }

    private double gateCount(String outcome) {
        String metrics = rest.withBasicAuth("ops", OPS_PASSWORD).getForObject("/actuator/prometheus", String.class);
        return metrics.lines().filter(l -> l.startsWith("crahub_einvoice_gate_total{") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
