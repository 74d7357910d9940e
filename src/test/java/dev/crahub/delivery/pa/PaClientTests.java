package dev.crahub.delivery.pa;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.crahub.delivery.ChannelOutcome;
import dev.crahub.einvoice.EInvoiceDocument;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.system.Hashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

/**
 * The AFNOR XP Z12-013 client against WireMock replaying the Flow Service's published payloads
 * ({@code src/test/resources/platforms/afnor}): 202 with a flowId; 400 with the platform's messages; 401 then a new
 * token; the token kept across calls; 429 honouring Retry-After; 5xx then success; 5xx forever and a dropped
 * connection answered RETRY after the bounded attempts; the lifecycle search and a flow's original. The waits between
 * attempts are recorded, not slept.
 */
class PaClientTests {

    @RegisterExtension
    static WireMockExtension pa = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] FACTURX = "%PDF-1.7 fixture standing for a Factur-X".getBytes(StandardCharsets.UTF_8);
    static final EInvoiceDocument DOCUMENT = new EInvoiceDocument(7, "PF-2022-000007", "pf-acme", "pf-globex",
            EInvoiceFormat.FACTURX, FACTURX, Hashing.sha256(FACTURX));

    final List<Duration> waits = new ArrayList<>();
    PaClient client;

    @BeforeEach
    void client() {
        PlatformSettings.Platform platform = new PlatformSettings.Platform(URI.create(pa.baseUrl()),
                URI.create(pa.baseUrl() + "/oauth/token"), "hub", "s3cret", "flows", null, null, 3,
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2));
        PaClients clients = new PaClients(new PlatformSettings(Map.of("pf-pa", platform)),
                Clock.fixed(Instant.parse("2022-05-02T08:00:00Z"), ZoneOffset.UTC), JSON, waits::add);
        client = clients.client("pf-pa").orElseThrow();
        token("tok-1");
    }

    void token(String token) {
        pa.stubFor(post(urlEqualTo("/oauth/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(payload("afnor/token.json", Map.of("token", token)))));
    }

    static String accepted(String flowId) {
        return payload("afnor/flow-accepted-202.json", Map.of("trackingId", DOCUMENT.invoiceNumber(), "name",
                "PF-2022-000007.pdf", "sha256", DOCUMENT.sha256(), "flowId", flowId));
    }

    @Test
    void a202IsDeliveredWithItsFlowIdAfterAMultipartOfFlowInfoAndTheFile() throws Exception {
        pa.stubFor(post(urlEqualTo("/v1/flows")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(accepted("flow-0001"))));

        ChannelOutcome outcome = client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.DELIVERED);
        assertThat(outcome.remoteId()).isEqualTo("flow-0001");
        pa.verify(postRequestedFor(urlEqualTo("/oauth/token"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=hub")).withRequestBody(containing("scope=flows")));
        pa.verify(postRequestedFor(urlEqualTo("/v1/flows"))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBody(containing("name=\"flowInfo\""))
                .withRequestBody(containing("\"trackingId\":\"PF-2022-000007\""))
                .withRequestBody(containing("\"flowSyntax\":\"Factur-X\""))
                .withRequestBody(containing("\"sha256\":\"" + DOCUMENT.sha256() + "\""))
                .withRequestBody(containing("name=\"file\"; filename=\"" + EInvoiceFormat.FACTURX.fileName("PF-2022-000007") + "\""))
                .withRequestBody(containing("%PDF-1.7 fixture standing for a Factur-X")));
        assertThat(waits).isEmpty();
    }

    @Test
    void a400FailsForGoodWithThePlatformsMessages() throws Exception {
        pa.stubFor(post(urlEqualTo("/v1/flows")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(payload("afnor/flow-error-400.json", Map.of()))));

        ChannelOutcome outcome = client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(outcome.message()).contains("(400)", "BR-FR-05: the buyer's SIREN is missing",
                "BT-47 (buyer legal registration identifier) is required");
        pa.verify(1, postRequestedFor(urlEqualTo("/v1/flows")));
    }

    @Test
    void a401DropsTheTokenAndTheCallIsMadeAgainWithANewOne() throws Exception {
        pa.stubFor(post(urlEqualTo("/oauth/token")).inScenario("token").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(payload("afnor/token.json", Map.of("token", "tok-old")))).willSetStateTo("renewed"));
        pa.stubFor(post(urlEqualTo("/oauth/token")).inScenario("token").whenScenarioStateIs("renewed")
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(payload("afnor/token.json", Map.of("token", "tok-new")))));
        pa.stubFor(post(urlEqualTo("/v1/flows")).withHeader("Authorization", equalTo("Bearer tok-old"))
                .willReturn(aResponse().withStatus(401)));
        pa.stubFor(post(urlEqualTo("/v1/flows")).withHeader("Authorization", equalTo("Bearer tok-new"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody(accepted("flow-0002"))));

        ChannelOutcome outcome = client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.DELIVERED);
        assertThat(outcome.remoteId()).isEqualTo("flow-0002");
        pa.verify(2, postRequestedFor(urlEqualTo("/oauth/token")));
        pa.verify(2, postRequestedFor(urlEqualTo("/v1/flows")));
        assertThat(waits).isEmpty();
    }

    @Test
    void theTokenIsKeptAcrossCallsUntilItExpires() throws Exception {
        pa.stubFor(post(urlEqualTo("/v1/flows")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(accepted("flow-0003"))));

        client.submit(DOCUMENT, DOCUMENT.invoiceNumber());
        client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        pa.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
        pa.verify(2, postRequestedFor(urlEqualTo("/v1/flows")));
    }

    @Test
    void a429WaitsWhatRetryAfterAsksThenDelivers() throws Exception {
        pa.stubFor(post(urlEqualTo("/v1/flows")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("free"));
        pa.stubFor(post(urlEqualTo("/v1/flows")).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody(accepted("flow-0004"))));

        ChannelOutcome outcome = client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.DELIVERED);
        assertThat(outcome.remoteId()).isEqualTo("flow-0004");
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aRetryAfterLongerThanTheBoundWaitsTheBound() throws Exception {
        pa.stubFor(post(urlEqualTo("/v1/flows")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "86400")).willSetStateTo("free"));
        pa.stubFor(post(urlEqualTo("/v1/flows")).inScenario("slow").whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody(accepted("flow-0005"))));

        assertThat(client.submit(DOCUMENT, DOCUMENT.invoiceNumber()).result()).isEqualTo(ChannelOutcome.Result.DELIVERED);
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void a5xxIsRetriedWithBackoffThenDelivers() throws Exception {
        pa.stubFor(post(urlEqualTo("/v1/flows")).inScenario("down").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("half"));
        pa.stubFor(post(urlEqualTo("/v1/flows")).inScenario("down").whenScenarioStateIs("half")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        pa.stubFor(post(urlEqualTo("/v1/flows")).inScenario("down").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody(accepted("flow-0006"))));

        ChannelOutcome outcome = client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.DELIVERED);
        assertThat(outcome.remoteId()).isEqualTo("flow-0006");
        // back-off 2 s, doubled
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        pa.verify(3, postRequestedFor(urlEqualTo("/v1/flows")));
    }

    @Test
    void a5xxForeverIsARetryAfterTheBoundedAttempts() throws Exception {
        pa.stubFor(post(urlEqualTo("/v1/flows")).willReturn(aResponse().withStatus(502)));

        ChannelOutcome outcome = client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.RETRY);
        assertThat(outcome.message()).contains("502", "3 attempts");
        pa.verify(3, postRequestedFor(urlEqualTo("/v1/flows")));
        assertThat(waits).hasSize(2);
    }

    @Test
    void aDroppedConnectionIsARetry() throws Exception {
        pa.stubFor(post(urlEqualTo("/v1/flows")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ChannelOutcome outcome = client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.RETRY);
        pa.verify(3, postRequestedFor(urlEqualTo("/v1/flows")));
    }

    @Test
    void refusedClientCredentialsFailWithoutCallingTheFlowService() throws Exception {
        pa.stubFor(post(urlEqualTo("/oauth/token")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_client\"}")));

        ChannelOutcome outcome = client.submit(DOCUMENT, DOCUMENT.invoiceNumber());

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(outcome.message()).contains("refused the hub's client credentials").doesNotContain("s3cret");
        pa.verify(0, postRequestedFor(urlEqualTo("/v1/flows")));
    }

    @Test
    void lifecycleFlowsAreSearchedSinceATimeAndReadOneByOne() throws Exception {
        String result = payload("afnor/search-result.json", Map.of("flowId", "lc-1", "at", "2022-05-03T10:00:00Z"));
        pa.stubFor(post(urlEqualTo("/v1/flows/search")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(payload("afnor/search-lifecycle.json", Map.of("results", result)))));
        pa.stubFor(get(urlPathEqualTo("/v1/flows/lc-1")).willReturn(aResponse().withBody("<cdar/>")));

        List<JsonNode> flows = client.lifecycleFlowsSince(Instant.parse("2022-05-01T00:00:00Z"));

        assertThat(flows).singleElement().satisfies(f -> assertThat(f.path("flowId").asText()).isEqualTo("lc-1"));
        pa.verify(postRequestedFor(urlEqualTo("/v1/flows/search"))
                .withRequestBody(matchingJsonPath("$.where.updatedAfter", equalTo("2022-05-01T00:00:00Z")))
                .withRequestBody(matchingJsonPath("$.where.flowType[0]", equalTo("CustomerInvoiceLC"))));
        assertThat(new String(client.original("lc-1"), StandardCharsets.UTF_8)).isEqualTo("<cdar/>");
        pa.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/v1/flows/lc-1?docType=Original"))
                .withHeader("Authorization", equalTo("Bearer tok-1")));
    }
}
