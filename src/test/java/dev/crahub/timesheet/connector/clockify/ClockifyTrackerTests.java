package dev.crahub.timesheet.connector.clockify;

import java.time.LocalDate;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.connector.TrackerTestSupport;
import dev.crahub.timesheet.connector.ConnectorDatabase;
import dev.crahub.timesheet.connector.ConnectorPulls;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.FakeTime;
import dev.crahub.timesheet.connector.Stubs;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clockify against WireMock. No real Clockify answer was recorded: the pages are written from Clockify's official
 * OpenAPI (see src/test/resources/connectors/README.md), with ISO-8601 durations as real answers carry them.
 */
class ClockifyTrackerTests extends TrackerTestSupport {

    private final FakeTime time = new FakeTime();
    static final String PATH = "/v1/workspaces/64a687e29ae1f428e7ebe303/user/5a0ab5acb07987125438b60f/time-entries";

    private ConnectorPulls pulls(String name) {
        ConnectorSettings s = ConnectorSettings.of("clockify", wm.baseUrl(), Map.of("token-env", "CLOCKIFY_KEY",
                "workspace-id", "64a687e29ae1f428e7ebe303", "user-id", "5a0ab5acb07987125438b60f"));
        s = new ConnectorSettings(s.kind(), s.baseUrl(), null, true, null, s.tokenEnv(), null, s.workspaceId(), null,
                s.userId(), null, s.lookBack(), s.firstPull(), 2, 0, s.quotaWindow(), 4, s.timeout(), s.maxWait());
        return db.pulls(Map.of(name, s), time, Map.of("CLOCKIFY_KEY", "ck"));
    }

    @Test
    void pagesIsoDurationsAndTheRunningEntrySkipped() {
        Stubs.failingOnce(wm, () -> get(urlPathEqualTo(PATH)).withQueryParam("page", equalTo("1")),
                Stubs.tooManyRequests("1"), okJson(fixture("clockify/time_entries_page1.json")).withHeader("Last-Page", "false"));
        wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page", equalTo("2")).inScenario("p2")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page", equalTo("2")).inScenario("p2")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(fixture("clockify/time_entries_page2.json")).withHeader("Last-Page", "true")));
        IngestResult result = pulls("clockify-a").sync("clockify-a", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31));
        assertThat(result.created()).isEqualTo(3);
        assertThat(time.sleeps).as("429, then a 503 on page 2")
                .containsExactly(java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(500));
        assertThat(db.count("clockify-a", "external_id = '64c777ddd3fcab07cfbb2101' AND hours = 1.75"
                + " AND project = 'Software Development' AND tracker_client = 'Client X' AND tracker_task = 'Bugfixing'"
                + " AND billable AND tracker_user = '5a0ab5acb07987125438b60f'")).isEqualTo(1);
        assertThat(db.count("clockify-a", "external_id = '64c777ddd3fcab07cfbb2102' AND work_date = DATE '2024-03-05'"
                + " AND NOT billable")).as("23:30 UTC is the 5th in Paris").isEqualTo(1);
        assertThat(db.count("clockify-a", "external_id = '64c777ddd3fcab07cfbb2103' AND hours = 2.90")).isEqualTo(1);
        assertThat(db.count("clockify-a", "external_id = '64c777ddd3fcab07cfbb2104'")).as("running").isZero();
        wm.verify(getRequestedFor(urlPathEqualTo(PATH)).withHeader("X-Api-Key", equalTo("ck"))
                .withQueryParam("start", equalTo("2024-02-29T23:00:00Z")).withQueryParam("end", equalTo("2024-03-31T21:59:59Z"))
                .withQueryParam("hydrated", equalTo("true")).withQueryParam("page-size", equalTo("2")));
    }
}
