package dev.crahub.timesheet.connector.toggl;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.connector.TrackerTestSupport;
import dev.crahub.timesheet.connector.ConnectorDatabase;
import dev.crahub.timesheet.connector.ConnectorPulls;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.FakeTime;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Toggl Track v9 against WireMock replaying the recorded answers (go-api-libs/toggl cassettes, 2024-12): names from
 * {@code meta=true}, the running entry skipped, {@code since} returning deletions, 429 and 5xx retried.
 */
class TogglTrackerTests extends TrackerTestSupport {

    private ConnectorPulls pulls(String name) {
        return db.pulls(Map.of(name, ConnectorSettings.of("toggl", wm.baseUrl(), Map.of("token-env", "TOGGL_TOKEN"))),
                time, Map.of("TOGGL_TOKEN", "tok"));
    }

    @Test
    void firstPullTakesStoppedEntriesWithTheirNamesAndSkipsTheRunningOne() {
        wm.stubFor(get(urlPathEqualTo("/api/v9/me/time_entries"))
                .willReturn(okJson(fixture("toggl/v9_me_time_entries_with_running.json"))));
        IngestResult result = pulls("toggl-a").pull("toggl-a");
        assertThat(result.received()).isEqualTo(3);
        assertThat(db.count("toggl-a", "external_id = '3731531776' AND project = 'AGL Social Media'"
                + " AND tracker_client = 'AGL' AND tracker_user = '2166261' AND tracker_user_name = 'Marco'"
                + " AND hours = 1.03 AND comment = 'Inbox Zero' AND NOT billable AND work_date = DATE '2024-12-16'"
                + " AND start_at = TIMESTAMPTZ '2024-12-16T17:05:25Z' AND end_at = TIMESTAMPTZ '2024-12-16T18:07:05Z'"))
                .isEqualTo(1);
        assertThat(db.count("toggl-a", "external_id = '3727977106'")).as("running").isZero();
        wm.verify(getRequestedFor(urlPathEqualTo("/api/v9/me/time_entries"))
                .withQueryParam("start_date", equalTo("2024-11-19")).withQueryParam("end_date", equalTo("2024-12-21"))
                .withQueryParam("meta", equalTo("true"))
                .withHeader("Authorization", equalTo("Basic dG9rOmFwaV90b2tlbg=="))); // tok:api_token
        assertThat(db.state("toggl-a").watermark()).isEqualTo(String.valueOf(time.instant().getEpochSecond() - 1));
    }

    @Test
    void sinceMarksDeletedEntries() {
        String name = "toggl-b";
        wm.stubFor(get(urlPathEqualTo("/api/v9/me/time_entries")).withQueryParam("since", absent())
                .willReturn(okJson(fixture("toggl/v9_me_time_entries_since_incl_deleted.json")
                        .replace("\"server_deleted_at\": \"2024-12-16T02:24:56+00:00\"", "\"server_deleted_at\": null"))));
        pulls(name).pull(name);
        assertThat(db.count(name, "NOT deleted")).isEqualTo(2);

        wm.stubFor(get(urlPathEqualTo("/api/v9/me/time_entries")).withQueryParam("since", equalTo("1734688799"))
                .willReturn(okJson(fixture("toggl/v9_me_time_entries_since_incl_deleted.json"))));
        time.advance(Duration.ofHours(1));
        IngestResult since = pulls(name).pull(name);
        assertThat(since.updated()).isEqualTo(1);
        assertThat(db.count(name, "deleted")).as("the 0-second one is skipped").isEqualTo(3);
        assertThat(db.count(name, "external_id = '3730303299' AND deleted")).isEqualTo(1);
        assertThat(db.count(name, "external_id = '3730256173' AND NOT deleted")).isEqualTo(1);
    }

    @Test
    void aWatermarkOlderThanTogglAcceptsReadsTheFirstPullRangeInstead() {
        wm.stubFor(get(urlPathEqualTo("/api/v9/me/time_entries"))
                .willReturn(okJson(fixture("toggl/v9_me_time_entries_start_end_meta.json"))));
        db.watermarks.lock("toggl-d");
        db.jdbc.sql("UPDATE connector_watermark SET value = '1700000000' WHERE connector = 'toggl-d'").update(); // 2023-11
        assertThat(pulls("toggl-d").pull("toggl-d").created()).isEqualTo(3);
        wm.verify(getRequestedFor(urlPathEqualTo("/api/v9/me/time_entries")).withQueryParam("since", absent())
                .withQueryParam("start_date", equalTo("2024-11-19")));
    }

    @Test
    void retriesA429AndServerErrors() {
        wm.stubFor(get(urlPathEqualTo("/api/v9/me/time_entries")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")).willSetStateTo("500"));
        wm.stubFor(get(urlPathEqualTo("/api/v9/me/time_entries")).inScenario("flaky").whenScenarioStateIs("500")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/api/v9/me/time_entries")).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(okJson(fixture("toggl/v9_me_time_entries_start_end_meta.json"))));
        assertThat(pulls("toggl-c").pull("toggl-c").created()).isEqualTo(3);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(1));
    }
}
