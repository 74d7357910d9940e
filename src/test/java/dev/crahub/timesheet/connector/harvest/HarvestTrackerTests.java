package dev.crahub.timesheet.connector.harvest;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.connector.TrackerTestSupport;
import dev.crahub.timesheet.connector.ConnectorDatabase;
import dev.crahub.timesheet.connector.ConnectorPulls;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.FakeTime;
import dev.crahub.timesheet.connector.TrackerException;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Harvest v2 against WireMock replaying the recorded answers (fastruby/harvesting cassettes, 2019 two-page paging and
 * a 2024 page of 2000): {@code links.next} followed on our base URL, {@code updated_since} watermark, 429 and 5xx.
 */
class HarvestTrackerTests extends TrackerTestSupport {

    private ConnectorPulls pulls(String name) {
        return db.pulls(Map.of(name, ConnectorSettings.of("harvest", wm.baseUrl(),
                Map.of("token-env", "HARVEST_TOKEN", "account-id", "123456"))), time, Map.of("HARVEST_TOKEN", "s3cret"));
    }

    private void twoRecordedPages() {
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).withQueryParam("page", absent())
                .willReturn(okJson(fixture("harvest/v2_time_entries_page1.json"))));
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(fixture("harvest/v2_time_entries_page2.json"))));
    }

    @Test
    void firstPullReadsEveryPageThenPullsWhatChangedSinceItsStart() {
        twoRecordedPages();
        IngestResult first = pulls("harvest-a").pull("harvest-a");
        assertThat(first.received()).isEqualTo(119);
        assertThat(db.count("harvest-a", "TRUE")).isEqualTo(119);
        assertThat(db.count("harvest-a", "external_id = '933384584' AND hours = 6.00 AND project = 'Castle Building'"
                + " AND tracker_client = 'Pepe' AND tracker_task = 'Coding' AND tracker_user_name = 'Alexander Hamilton'"
                + " AND work_date = DATE '2019-01-24' AND billable")).isEqualTo(1);
        wm.verify(getRequestedFor(urlPathEqualTo("/v2/time_entries")).withQueryParam("from", equalTo("2024-11-19"))
                .withQueryParam("to", equalTo("2024-12-20")).withQueryParam("per_page", equalTo("2000"))
                .withHeader("Authorization", equalTo("Bearer s3cret")).withHeader("Harvest-Account-Id", equalTo("123456"))
                .withHeader("User-Agent", equalTo("crahub timesheet hub (harvest-a)")));
        assertThat(db.state("harvest-a").watermark()).isEqualTo("2024-12-20T10:00:00Z");

        wm.resetAll();
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).willReturn(okJson(fixture("harvest/v2_time_entries_empty.json"))));
        time.advance(Duration.ofMinutes(15));
        assertThat(pulls("harvest-a").pull("harvest-a").received()).isZero();
        wm.verify(getRequestedFor(urlPathEqualTo("/v2/time_entries"))
                .withQueryParam("updated_since", equalTo("2024-12-20T10:00:00Z")).withQueryParam("from", absent()));
        assertThat(db.state("harvest-a").watermark()).isEqualTo("2024-12-20T10:15:00Z");
        assertThat(db.count("harvest-a", "NOT deleted")).isEqualTo(119);
    }

    @Test
    void aPageOf2000() {
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries"))
                .willReturn(okJson(fixture("harvest/v2_time_entries_2024_page1.json"))));
        assertThat(pulls("harvest-b").pull("harvest-b").created()).isEqualTo(123);
    }

    @Test
    void waitsOutA429ThenGoesOn() {
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "15")).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(okJson(fixture("harvest/v2_time_entries_2024_page1.json"))));
        assertThat(pulls("harvest-c").pull("harvest-c").created()).isEqualTo(123);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(15));
    }

    @Test
    void serverErrorsOnPage2StoreNothingAndKeepTheWatermark() {
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).withQueryParam("page", absent())
                .willReturn(okJson(fixture("harvest/v2_time_entries_page1.json"))));
        wm.stubFor(get(urlPathEqualTo("/v2/time_entries")).withQueryParam("page", equalTo("2"))
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
        ConnectorPulls pulls = pulls("harvest-d");
        assertThatThrownBy(() -> pulls.pull("harvest-d")).isInstanceOf(TrackerException.class)
                .hasMessageContaining("/v2/time_entries failed after 4 attempts: HTTP 502");
        assertThat(db.count("harvest-d", "TRUE")).isZero();
        assertThat(db.state("harvest-d").watermark()).isNull();
        assertThat(db.state("harvest-d").lastError()).contains("HTTP 502");
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        wm.verify(4, getRequestedFor(urlPathEqualTo("/v2/time_entries")).withQueryParam("page", equalTo("2")));
    }

    @Test
    void aMissingCredentialSaysWhichVariable() {
        ConnectorPulls pulls = db.pulls(Map.of("harvest-e", ConnectorSettings.of("harvest", wm.baseUrl(),
                Map.of("token-env", "HARVEST_E_TOKEN", "account-id", "1"))), time, Map.of());
        assertThatThrownBy(() -> pulls.pull("harvest-e")).hasMessageContaining("HARVEST_E_TOKEN");
        assertThat(db.state("harvest-e").lastError()).contains("HARVEST_E_TOKEN");
    }
}
