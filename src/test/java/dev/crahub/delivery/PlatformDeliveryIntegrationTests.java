package dev.crahub.delivery;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.crahub.HubTestSupport;
import dev.crahub.delivery.pa.PaStatusPoller;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.EInvoiceStatus;
import dev.crahub.einvoice.EInvoiceStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.crahub.delivery.PlatformPayloads.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pa and chorus-pro channels and the lifecycle statuses through the whole hub (routes from YAML, embedded
 * PostgreSQL, a platform and PISTE replayed by WireMock from their published payloads): invoices issued through the
 * API, the Chorus Pro references in the canonical invoice (BT-10 service code, BT-13 engagement number), routes
 * {@code delivery-send-pa} and {@code delivery-send-chorus-pro} called as the orchestrator will; a missing service code
 * failing before anything is sent; statuses by the poll (Déposée stored, Rejetée alerting and preparing a credit-note
 * draft once, Encaissée marking the invoice paid) and by the signed webhook (a bad or missing signature: 401, nothing
 * stored; the same status twice stored once); {@code GET /api/invoices/{id}/statuses} for billing only.
 * The e-invoices are FIXTURES put in place with {@code EInvoiceStore.built} (the invoice's own PDF standing for the
 * Factur-X) until the lead's build exists. Month 2022-04, codes pf-*.
 */
class PlatformDeliveryIntegrationTests extends HubTestSupport {

    static final WireMockServer wm = new WireMockServer(wireMockConfig().dynamicPort());
    static final String WEBHOOK_SECRET = "pf-webhook-secret-0123456789";

    static {
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("crahub.platforms.pf-pa.base-url", wm::baseUrl);
        registry.add("crahub.platforms.pf-pa.token-url", () -> wm.baseUrl() + "/oauth/token");
        registry.add("crahub.platforms.pf-pa.client-id", () -> "hub");
        registry.add("crahub.platforms.pf-pa.client-secret", () -> "pa-secret");
        registry.add("crahub.platforms.pf-pa.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("crahub.platforms.pf-pa.backoff", () -> "10ms");
        registry.add("crahub.chorus-pro.base-url", () -> wm.baseUrl() + "/piste");
        registry.add("crahub.chorus-pro.token-url", () -> wm.baseUrl() + "/piste/oauth/token");
        registry.add("crahub.chorus-pro.client-id", () -> "piste-app");
        registry.add("crahub.chorus-pro.client-secret", () -> "piste-secret");
        registry.add("crahub.chorus-pro.login", () -> "TECH_1_pf@cpro.fr");
        registry.add("crahub.chorus-pro.password", () -> "tech-password");
        registry.add("crahub.chorus-pro.backoff", () -> "10ms");
        // the poll is driven by the test, not the timer
        registry.add("crahub.delivery.pa-status-poll", () -> "3600000");
        registry.add("crahub.delivery.pa-status-poll-delay", () -> "3600000");
    }

    static final String REFERENTIAL = """
            sellers:
              - code: pf-acme
                name: ACME Plateformes SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: PF
            clients:
              - code: pf-globex
                name: Globex Plateformes SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["Tour Horizon"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approver: {name: Claire Martin, email: claire.martin@globex.example}
                billing: {name: Comptabilité, email: factures@globex.example}
              - code: pf-etat
                name: Direction des achats de l'État
                siren: "552100554"
                address: {lines: ["1 avenue de France"], postcode: "75013", city: Paris, country: FR}
                language: fr
                approver: {name: Paul Durand, email: paul.durand@etat.example}
                billing: {name: Service facturier, email: sfact@etat.example}
            consultants:
              - code: pf-jdupont
                name: Jean Dupont
                trackers: [{source: pf, user: pf-jd}]
            contracts:
            %s
            """;

    static String contract(String code, String client, String extra) {
        return """
                  - code: %s
                    seller: pf-acme
                    client: %s
                    label: Projet %s
                    consultants: [pf-jdupont]
                    dailyRate: 600.00
                    currency: EUR
                    hoursPerDay: 8
                    vatRegime: STANDARD
                    vatRate: 20.00
                    paymentTermsDays: 30
                    validationDeadlineDays: 5
                    trackers: [{source: pf, project: %s}]
                %s
                """.formatted(code, client, code, code.toUpperCase(), extra == null ? "" : extra);
    }

    static boolean loaded;
    static Map<String, Long> invoices;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    EInvoiceStore einvoices;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    PaStatusPoller poller;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void invoicesIssued() {
        if (loaded) {
            return;
        }
        String contracts = contract("pf-b2b", "pf-globex", "    poNumber: PO-PF-1")
                + contract("pf-b2b-paid", "pf-globex", null)
                + contract("pf-state", "pf-etat", "    invoicing: {serviceCode: SERVICE-42, engagementNumber: EJ-2022-0042}")
                + contract("pf-state-nocode", "pf-etat", null);
        HttpHeaders yaml = new HttpHeaders();
        yaml.setContentType(MediaType.parseMediaType("application/yaml"));
        ResponseEntity<String> loadedRef = admin().postForEntity("/api/referential",
                new HttpEntity<>(REFERENTIAL.formatted(contracts.stripTrailing()), yaml), String.class);
        assertThat(loadedRef.getStatusCode()).as(loadedRef.getBody()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> entries = List.of(
                entry("pf-b2b", "2022-04-04", 8), entry("pf-b2b-paid", "2022-04-05", 8),
                entry("pf-state", "2022-04-06", 8), entry("pf-state-nocode", "2022-04-07", 4));
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries", Map.of("source", "pf", "entries", entries),
                Map.class);
        assertThat(pushed.getStatusCode()).as(String.valueOf(pushed.getBody())).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2022-04/cras", null, Map.class).getBody().get("cras");
        cras.stream().filter(c -> String.valueOf(c.get("contract")).startsWith("pf-"))
                .filter(c -> !"APPROVED".equals(c.get("status")))
                .forEach(c -> assertThat(approve(c.get("id"), "signed CRA received")).containsEntry("status", "APPROVED"));
        ResponseEntity<Map> run = billing().postForEntity("/api/months/2022-04/invoices", null, Map.class);
        assertThat(run.getStatusCode()).as(String.valueOf(run.getBody())).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> issued = billing().getForObject("/api/invoices?month=2022-04", List.class);
        invoices = new java.util.HashMap<>();
        issued.stream().filter(i -> String.valueOf(i.get("contract")).startsWith("pf-"))
                .forEach(i -> invoices.put((String) i.get("contract"), ((Number) i.get("id")).longValue()));
        assertThat(invoices).containsOnlyKeys("pf-b2b", "pf-b2b-paid", "pf-state", "pf-state-nocode");
        for (long id : invoices.values()) {
            awaitValidEInvoice(id); // the hub's own e-invoice, built after the issue (ADR 0020)
        }
        loaded = true;
    }

    static Map<String, Object> entry(String contract, String date, double hours) {
        return Map.of("id", contract + "-" + date, "user", Map.of("id", "pf-jd"), "project", contract.toUpperCase(),
                "date", date, "hours", hours, "comment", "Travail sur " + contract);
    }

    TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    String number(String contract) {
        return jdbc.sql("SELECT number FROM invoice WHERE id = :id").param("id", invoices.get(contract))
                .query(String.class).single();
    }

    ChannelDelivery delivery(String contract, String channel, Map<String, String> settings) {
        long id = invoices.get(contract);
        return new ChannelDelivery(1000 + id, id, number(contract), "pf-acme",
                contract.startsWith("pf-state") ? "pf-etat" : "pf-globex", channel, EInvoiceFormat.FACTURX, settings, 1);
    }

    void token(String path, String token) {
        wm.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(payload("afnor/token.json", Map.of("token", token)))));
    }

    // ------------------------------------------------------------------------------------------------ channels

    @Test
    void theChorusProReferencesAreInTheCanonicalInvoice() {
        String xml = billing().getForObject("/api/invoices/" + invoices.get("pf-state") + "/xml", String.class);
        // BT-10 = the service code; BT-13 = the engagement number (the contract has no PO)
        assertThat(xml).contains("<buyerReference>SERVICE-42</buyerReference>", "<purchaseOrder>EJ-2022-0042</purchaseOrder>");
        String b2b = billing().getForObject("/api/invoices/" + invoices.get("pf-b2b") + "/xml", String.class);
        assertThat(b2b).contains("<buyerReference>PO-PF-1</buyerReference>", "<purchaseOrder>PO-PF-1</purchaseOrder>");
    }

    @Test
    void thePaRouteSubmitsTheFacturXAndKeepsTheFlowId() {
        token("/oauth/token", "pa-token");
        wm.stubFor(post(urlEqualTo("/v1/flows")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(payload("afnor/flow-accepted-202.json",
                        Map.of("trackingId", number("pf-b2b"), "name", "x.pdf", "sha256", "x", "flowId", "pf-flow-1")))));

        ChannelOutcome outcome = camel.requestBody("direct:delivery-send-pa",
                delivery("pf-b2b", "pa", Map.of("platform", "pf-pa")), ChannelOutcome.class);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(ChannelOutcome.Result.DELIVERED);
        assertThat(outcome.remoteId()).isEqualTo("pf-flow-1");
        byte[] facturx = einvoices.document(invoices.get("pf-b2b"), EInvoiceFormat.FACTURX).orElseThrow().content();
        wm.verify(postRequestedFor(urlEqualTo("/v1/flows")).withHeader("Authorization", equalTo("Bearer pa-token"))
                .withRequestBody(containing("\"trackingId\":\"" + number("pf-b2b") + "\""))
                .withRequestBody(containing("\"flowSyntax\":\"Factur-X\""))
                .withRequestBody(containing("\"sha256\":\"" + dev.crahub.system.Hashing.sha256(facturx) + "\"")));
    }

    @Test
    void aPaChannelNamingAnUnknownPlatformFailsClearly() {
        ChannelOutcome outcome = camel.requestBody("direct:delivery-send-pa",
                delivery("pf-b2b", "pa", Map.of("platform", "nowhere")), ChannelOutcome.class);
        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(outcome.message()).contains("platform 'nowhere' is not configured");
    }

    @Test
    void theChorusProRouteDepositsAndKeepsTheFlowNumber() {
        token("/piste/oauth/token", "piste-token");
        wm.stubFor(post(urlEqualTo("/piste/cpro/factures/v1/deposer/flux")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(payload("chorus/deposer-flux-200.json", Map.of("numero", "CPP-PF-0001")))));

        ChannelOutcome outcome = camel.requestBody("direct:delivery-send-chorus-pro",
                delivery("pf-state", "chorus-pro", Map.of("engagement-required", "true")), ChannelOutcome.class);

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(ChannelOutcome.Result.DELIVERED);
        assertThat(outcome.remoteId()).isEqualTo("CPP-PF-0001");
        byte[] facturx = einvoices.document(invoices.get("pf-state"), EInvoiceFormat.FACTURX).orElseThrow().content();
        wm.verify(postRequestedFor(urlEqualTo("/piste/cpro/factures/v1/deposer/flux"))
                .withHeader("cpro-account", equalTo(java.util.Base64.getEncoder()
                        .encodeToString("TECH_1_pf@cpro.fr:tech-password".getBytes(StandardCharsets.UTF_8))))
                .withRequestBody(matchingJsonPath("$.syntaxeFlux", equalTo("IN_DP_E2_CII_FACTURX")))
                .withRequestBody(matchingJsonPath("$.fichierFlux", equalTo(java.util.Base64.getEncoder().encodeToString(facturx)))));
    }

    @Test
    void aChorusProDeliveryWithoutTheServiceCodeFailsBeforeAnythingIsSent() {
        int before = wm.findAll(postRequestedFor(urlEqualTo("/piste/cpro/factures/v1/deposer/flux"))).size();

        ChannelOutcome outcome = camel.requestBody("direct:delivery-send-chorus-pro",
                delivery("pf-state-nocode", "chorus-pro", Map.of()), ChannelOutcome.class);

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(outcome.message()).contains("service code", "pf-state-nocode", "invoicing.serviceCode");
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/piste/cpro/factures/v1/deposer/flux")))).hasSize(before);
    }

    // ------------------------------------------------------------------------------------------------ statuses

    void lifecycleFlow(String flowId, String contract, String code, String at, String amount) {
        wm.stubFor(get(urlPathEqualTo("/v1/flows/" + flowId)).willReturn(aResponse().withHeader("Content-Type", "application/xml")
                .withBody(payload("afnor/cdar.xml", Map.of("number", number(contract), "code", code, "at", at,
                        "reason", code.equals("213") ? "BR-FR-12 : adresse électronique inconnue" : "", "amount", amount)))));
    }

    @Test
    void polledStatusesDriveTheInvoicesState() throws Exception {
        token("/oauth/token", "pa-token");
        lifecycleFlow("pf-lc-1", "pf-b2b", "200", "20220502090000", "");
        lifecycleFlow("pf-lc-2", "pf-b2b", "213", "20220502100000", "");
        lifecycleFlow("pf-lc-3", "pf-b2b-paid", "212", "20220520150000", "");
        String results = String.join(",\n",
                payload("afnor/search-result.json", Map.of("flowId", "pf-lc-1", "at", "2022-05-02T07:00:00Z")),
                payload("afnor/search-result.json", Map.of("flowId", "pf-lc-2", "at", "2022-05-02T08:00:00Z")),
                payload("afnor/search-result.json", Map.of("flowId", "pf-lc-3", "at", "2022-05-20T13:00:00Z")));
        wm.stubFor(post(urlEqualTo("/v1/flows/search")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(payload("afnor/search-lifecycle.json", Map.of("results", results)))));
        double rejectedBefore = meters.counter("crahub.einvoice.status", "code", "213").count();

        List<String> first = poller.poll();
        List<String> second = poller.poll();

        assertThat(first).containsExactly("pf-pa: 3 stored, 0 known, 0 ignored");
        assertThat(second).containsExactly("pf-pa: 0 stored, 3 known, 0 ignored");
        long rejected = invoices.get("pf-b2b");
        Map<String, Object> lifecycle = billing().getForObject("/api/invoices/" + rejected + "/statuses", Map.class);
        assertThat((List<Map<String, Object>>) lifecycle.get("statuses")).extracting(s -> s.get("code"))
                .containsExactly("200", "213");
        assertThat((Map<String, Object>) lifecycle.get("latest")).containsEntry("label", "Rejetée")
                .containsEntry("source", "POLL").containsEntry("flowId", "pf-lc-2");
        assertThat(lifecycle).containsEntry("paid", false);
        assertThat((List<Map<String, Object>>) lifecycle.get("alerts")).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("kind", "REJECTED");
            assertThat((String) a.get("message")).contains(number("pf-b2b"), "Rejetée (213)", "pf-pa",
                    "BR-FR-12", "credit note of the whole invoice is prepared");
        });
        Map<String, Object> draft = (Map<String, Object>) lifecycle.get("creditNoteDraft");
        assertThat(draft).containsEntry("issueWith", "POST /api/invoices/" + rejected + "/credit-note");
        assertThat(String.valueOf(draft.get("totalGross"))).isEqualTo("720.0"); // 1 day x 600.00 + 20 % VAT
        assertThat(jdbc.sql("SELECT count(*) FROM credit_note_draft WHERE invoice_id = :id").param("id", rejected)
                .query(Integer.class).single()).isEqualTo(1);
        // never issued by the hub: no credit note exists
        assertThat(jdbc.sql("SELECT count(*) FROM invoice WHERE preceding_invoice_id = :id").param("id", rejected)
                .query(Integer.class).single()).isZero();
        assertThat(meters.counter("crahub.einvoice.status", "code", "213").count()).isEqualTo(rejectedBefore + 1);
        assertThat(meters.get("crahub.einvoice.alerts").tag("kind", "REJECTED").counter().count()).isGreaterThanOrEqualTo(1);
        // the gauge of invoices per latest status (cached 15 s: read after the statuses are in)
        await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(meters.get("crahub.einvoice.latest.status").tag("code", "213").gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("crahub.einvoice.latest.status").tag("code", "212").gauge().value()).isGreaterThanOrEqualTo(1);
        });

        Map<String, Object> paid = billing().getForObject("/api/invoices/" + invoices.get("pf-b2b-paid") + "/statuses", Map.class);
        assertThat(paid).containsEntry("paid", true);
        assertThat((List<Map<String, Object>>) paid.get("payments")).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("paidOn", "2022-05-20").containsEntry("source", "pf-pa")
                    .containsEntry("reference", "pf-lc-3");
            assertThat(String.valueOf(p.get("amount"))).isEqualTo("720.0");
        });
        wm.verify(postRequestedFor(urlEqualTo("/v1/flows/search"))
                .withRequestBody(matchingJsonPath("$.where.flowType[0]", equalTo("CustomerInvoiceLC"))));
    }

    static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    ResponseEntity<Map> webhook(String platform, String body, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            headers.set("X-Signature-SHA256", signature);
        }
        return rest.postForEntity("/api/webhooks/pa/" + platform, new HttpEntity<>(body, headers), Map.class);
    }

    int events(String contract) {
        return jdbc.sql("SELECT count(*) FROM invoice_status_event WHERE invoice_id = :id")
                .param("id", invoices.get(contract)).query(Integer.class).single();
    }

    @Test
    void aSignedWebhookIsTakenOnceAndAnUnsignedOneNever() throws Exception {
        token("/oauth/token", "pa-token");
        lifecycleFlow("pf-lc-9", "pf-state", "210", "20220615110000", "");
        String body = payload("afnor/webhook-callback.json", Map.of("flowId", "pf-lc-9", "at", "2022-06-15T09:00:00Z"));
        int before = events("pf-state");

        assertThat(webhook("pf-pa", body, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(webhook("pf-pa", body, sign(body, "not-the-secret")).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(webhook("pf-pa", body.replace("pf-lc-9", "pf-lc-8"), sign(body, WEBHOOK_SECRET)).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(webhook("other-platform", body, sign(body, WEBHOOK_SECRET)).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        // a logged-in user is no platform either
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(billing().postForEntity("/api/webhooks/pa/pf-pa", new HttpEntity<>(body, headers), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(events("pf-state")).isEqualTo(before);
        wm.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v1/flows/pf-lc-9")));

        ResponseEntity<Map> taken = webhook("pf-pa", body, "sha256=" + sign(body, WEBHOOK_SECRET));
        ResponseEntity<Map> again = webhook("pf-pa", body, sign(body, WEBHOOK_SECRET));

        assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(taken.getBody()).containsEntry("result", "STORED");
        assertThat(again.getBody()).containsEntry("result", "ALREADY_KNOWN");
        assertThat(events("pf-state")).isEqualTo(before + 1);
        Map<String, Object> lifecycle = billing().getForObject("/api/invoices/" + invoices.get("pf-state") + "/statuses", Map.class);
        assertThat((Map<String, Object>) lifecycle.get("latest")).containsEntry("code", "210")
                .containsEntry("label", "Refusée").containsEntry("source", "WEBHOOK");
        assertThat((List<?>) lifecycle.get("alerts")).hasSize(1);
        assertThat(lifecycle.get("creditNoteDraft")).isNotNull();
    }

    @Test
    void statusesAreForBillingOnly() {
        long id = invoices.get("pf-b2b");
        assertThat(rest.getForEntity("/api/invoices/" + id + "/statuses", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/invoices/" + id + "/statuses", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(billing().getForEntity("/api/invoices/" + id + "/statuses", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(billing().getForEntity("/api/invoices/987654321/statuses", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
