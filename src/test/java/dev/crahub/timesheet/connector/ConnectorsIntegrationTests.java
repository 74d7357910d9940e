package dev.crahub.timesheet.connector;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.crahub.HubTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole hub with two connectors bound from configuration: a Harvest one (recorded pages on WireMock, credential
 * in {@code crahub.connectors.hv.token} as the environment would set it) resynced through the endpoint, and a
 * Toggl one whose server always fails, pulled by the {@code timesheet-pull} route into the dead letters.
 */
class ConnectorsIntegrationTests extends HubTestSupport {

    static final WireMockServer wm = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        wm.start();
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).withQueryParam("page", absent())
                .willReturn(okJson(fixture("harvest/v2_time_entries_page1.json"))));
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(fixture("harvest/v2_time_entries_page2.json"))));
        wm.stubFor(get(urlPathEqualTo("/broken/api/v9/me/time_entries"))
                .willReturn(aResponse().withStatus(500).withBody("oops")));
    }

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        registry.add("crahub.connectors.hv.kind", () -> "harvest");
        registry.add("crahub.connectors.hv.base-url", wm::baseUrl);
        registry.add("crahub.connectors.hv.account-id", () -> "42");
        registry.add("crahub.connectors.hv.token", () -> "test-token");
        registry.add("crahub.connectors.broken.kind", () -> "toggl");
        registry.add("crahub.connectors.broken.base-url", () -> wm.baseUrl() + "/broken");
        registry.add("crahub.connectors.broken.token", () -> "t");
        registry.add("crahub.connectors.broken.schedule", () -> "1h");
        registry.add("crahub.connectors.broken.max-attempts", () -> "1");
        registry.add("crahub.connector-poll", () -> "300");
        registry.add("crahub.connector-poll-delay", () -> "0");
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    private final ObjectMapper json = new ObjectMapper();

    private TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    private Map<String, JsonNode> connectors() throws Exception {
        JsonNode list = json.readTree(billing().getForObject("/api/connectors", String.class));
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        list.forEach(c -> byName.put(c.path("name").asText(), c));
        return byName;
    }

    @Test
    void aResyncStoresEveryPageAndShowsOnTheConnector() throws Exception {
        ResponseEntity<String> sync = billing().postForEntity("/api/connectors/hv/sync?from=2019-01-01&to=2019-02-28",
                null, String.class);
        assertThat(sync.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(sync.getBody()).path("received").asLong()).isEqualTo(119);
        JsonNode entries = json.readTree(billing().getForObject("/api/time-entries?from=2019-01-24&to=2019-01-24",
                String.class));
        assertThat(entries.findValuesAsText("source")).contains("hv");
        JsonNode hv = connectors().get("hv");
        assertThat(hv.path("kind").asText()).isEqualTo("harvest");
        assertThat(hv.path("lastResult").asText()).startsWith("119 received");
        assertThat(hv.has("lastError")).isFalse();

        // its request budget (Harvest: 100 per 15 s) in /actuator/metrics, per connector
        JsonNode budget = json.readTree(rest.withBasicAuth("ops", OPS_PASSWORD).getForObject(
                "/actuator/metrics/crahub.connector.budget.available?tag=connector:hv", String.class));
        assertThat(budget.path("availableTags").findValuesAsText("tag")).contains("kind");
        assertThat(budget.path("measurements").get(0).path("value").asDouble()).isBetween(0.0, 100.0);
        JsonNode waiting = json.readTree(rest.withBasicAuth("ops", OPS_PASSWORD).getForObject(
                "/actuator/metrics/crahub.connector.budget.waiting?tag=connector:hv", String.class));
        assertThat(waiting.path("measurements").get(0).path("value").asDouble()).isZero();
    }

    @Test
    void aDueConnectorThatFailsLandsInTheDeadLettersAndShowsItsError() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                connectors().get("broken").path("lastError").asText("").contains("HTTP 500"));
        JsonNode letters = json.readTree(admin().getForObject("/api/dead-letters", String.class));
        List<JsonNode> fromPull = new java.util.ArrayList<>();
        letters.forEach(l -> {
            if (l.path("routeId").asText().equals("timesheet-pull")) {
                fromPull.add(l);
            }
        });
        assertThat(fromPull).isNotEmpty();
        assertThat(fromPull.get(0).path("endpointUri").asText()).isEqualTo("direct:timesheet-pull-one");
        assertThat(fromPull.get(0).path("body").asText()).isEqualTo("broken");
        assertThat(fromPull.get(0).path("error").asText()).contains("HTTP 500");
        assertThat(fromPull).as("no schedule: hv is pulled on demand only")
                .allMatch(l -> l.path("body").asText().equals("broken"));
    }

    @Test
    void anUnknownConnectorIs404AndAFailingSyncIs502() {
        assertThat(billing().postForEntity("/api/connectors/nope/sync?from=2024-01-01", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> failed = billing().postForEntity("/api/connectors/broken/sync?from=2024-01-01&to=2024-01-31",
                null, String.class);
        assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(failed.getBody()).contains("Nothing stored").contains("HTTP 500");
    }
}
