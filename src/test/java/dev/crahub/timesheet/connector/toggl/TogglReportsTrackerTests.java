package dev.crahub.timesheet.connector.toggl;

import java.time.LocalDate;
import java.util.Map;

import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.connector.TrackerTestSupport;
import dev.crahub.timesheet.connector.ConnectorDatabase;
import dev.crahub.timesheet.connector.ConnectorPulls;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.FakeTime;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Toggl Reports v3 (a whole workspace) against WireMock: the samples' report row (evrone/toggl-python fixture), and a
 * second page derived from it, chained by {@code X-Next-Row-Number}.
 */
class TogglReportsTrackerTests extends TrackerTestSupport {

    static final String PATH = "/reports/api/v3/workspace/2230580/search/time_entries";

    @Test
    void rowsArePagedByNextRowNumberAndDatedInTheUsersOffset() {
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.first_row_number", equalTo("1")))
                .willReturn(okJson(fixture("toggl/reports_v3_search_time_entries_fixture.json"))
                        .withHeader("X-Next-Row-Number", "2")));
        wm.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(matchingJsonPath("$.first_row_number", equalTo("2")))
                .willReturn(okJson(fixture("toggl/reports_v3_search_time_entries_page2.json"))));
        ConnectorPulls pulls = db.pulls(Map.of("toggl-ws", ConnectorSettings.of("toggl-reports", wm.baseUrl(),
                Map.of("token-env", "TOGGL_TOKEN", "workspace-id", "2230580"))), new FakeTime(), Map.of("TOGGL_TOKEN", "tok"));
        IngestResult result = pulls.sync("toggl-ws", LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 31));
        assertThat(result.created()).isEqualTo(3);
        assertThat(db.count("toggl-ws", "external_id = '3545645770' AND tracker_user_name = 'test user'"
                + " AND project = '202793182' AND hours = 0.01 AND comment = 'sample description' AND NOT billable"
                + " AND start_at = TIMESTAMPTZ '2024-07-30T08:13:46Z'")).isEqualTo(1);
        assertThat(db.count("toggl-ws", "external_id = '3545645771' AND work_date = DATE '2024-07-31' AND hours = 2.50"
                + " AND billable AND tracker_user = '30809357'")).as("local date of 23:00+02:00").isEqualTo(1);
        wm.verify(postRequestedFor(urlPathEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.start_date", equalTo("2024-07-01")))
                .withRequestBody(matchingJsonPath("$.end_date", equalTo("2024-07-31"))));
    }

    @Test
    void serverErrorsOnPage2StoreNothing() {
        String path = "/reports/api/v3/workspace/9/search/time_entries";
        wm.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.first_row_number", equalTo("1")))
                .willReturn(okJson(fixture("toggl/reports_v3_search_time_entries_fixture.json"))
                        .withHeader("X-Next-Row-Number", "2")));
        wm.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.first_row_number", equalTo("2")))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(502)));
        ConnectorPulls pulls = db.pulls(Map.of("toggl-ws2", ConnectorSettings.of("toggl-reports", wm.baseUrl(),
                Map.of("token-env", "TOGGL_TOKEN", "workspace-id", "9"))), new FakeTime(), Map.of("TOGGL_TOKEN", "tok"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pulls.pull("toggl-ws2"))
                .hasMessageContaining("failed after 4 attempts: HTTP 502");
        assertThat(db.count("toggl-ws2", "TRUE")).isZero();
    }
}
