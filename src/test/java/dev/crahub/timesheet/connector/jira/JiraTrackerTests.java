package dev.crahub.timesheet.connector.jira;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.TrackedEntry;
import dev.crahub.timesheet.connector.TrackerTestSupport;
import dev.crahub.timesheet.connector.ConnectorDatabase;
import dev.crahub.timesheet.connector.ConnectorPulls;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.FakeTime;
import dev.crahub.timesheet.connector.Stubs;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jira Cloud worklogs against WireMock. No recording of these calls exists: the answers are Atlassian's documented
 * examples (the {@code /issue/{key}/worklog} one copied as is, the others from the platform OpenAPI's examples, split
 * into pages).
 */
class JiraTrackerTests extends TrackerTestSupport {

    private ConnectorPulls pulls(String name) {
        return db.pulls(Map.of(name, ConnectorSettings.of("jira", wm.baseUrl(),
                Map.of("token-env", "JIRA_TOKEN", "email", "ops@acme.example"))), time, Map.of("JIRA_TOKEN", "jt"));
    }

    private void issues() {
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/issue/10002")).willReturn(okJson(fixture("jira/issue_10002.json"))));
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/issue/10003")).willReturn(okJson(fixture("jira/issue_10003.json"))));
    }

    /** An entry stored by an earlier pull, that Jira no longer has. */
    private static void stored(String name, String id) {
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(db.dataSource))
                .executeWithoutResult(s -> db.ingestor.ingest(name, "earlier", java.util.List.of(new TrackedEntry(name,
                        id, "x", null, null, null, "GLOB-1", null, LocalDate.of(2021, 1, 10), null, null,
                        java.math.BigDecimal.ONE, null, "gone since", false)).iterator(), null));
    }

    @Test
    void incrementalPullFollowsUpdatedPagesReadsTheWorklogsMarksTheDeletedAndKeepsTheUntil() {
        issues();
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/worklog/updated")).withQueryParam("since", equalTo("1438013671562"))
                .willReturn(okJson(fixture("jira/worklog_updated_page1.json"))));
        Stubs.failingOnce(wm, () -> get(urlPathEqualTo("/rest/api/3/worklog/updated"))
                .withQueryParam("since", equalTo("1438013672165")), aResponse().withStatus(503),
                okJson(fixture("jira/worklog_updated_page2.json")));
        wm.stubFor(post(urlPathEqualTo("/rest/api/3/worklog/list")).withRequestBody(equalToJson("{\"ids\":[103,104]}"))
                .inScenario("list").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo("/rest/api/3/worklog/list")).withRequestBody(equalToJson("{\"ids\":[103,104]}"))
                .inScenario("list").whenScenarioStateIs("ok")
                .willReturn(okJson(fixture("jira/worklog_list_103_104.json"))));
        wm.stubFor(post(urlPathEqualTo("/rest/api/3/worklog/list")).withRequestBody(equalToJson("{\"ids\":[105]}"))
                .willReturn(okJson(fixture("jira/worklog_list_105.json"))));
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/worklog/deleted")).withQueryParam("since", equalTo("1438013671562"))
                .willReturn(okJson("{\"values\":[{\"worklogId\":999,\"updatedTime\":1438013680000,\"properties\":[]}],"
                        + "\"since\":1438013671562,\"until\":1438013690000,\"lastPage\":true}")));
        stored("jira-a", "999");
        db.watermarks.lock("jira-a"); // an earlier pull stopped at 1438013671562
        db.jdbc.sql("UPDATE connector_watermark SET value = '1438013671562' WHERE connector = 'jira-a'").update();

        IngestResult result = pulls("jira-a").pull("jira-a");
        assertThat(result.received()).isEqualTo(3);
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(db.count("jira-a", "external_id = '999' AND deleted")).isEqualTo(1);
        assertThat(time.sleeps).as("503 on page 2, 429 on a list").containsExactlyInAnyOrder(Duration.ofMillis(500),
                Duration.ofSeconds(2));
        assertThat(db.state("jira-a").watermark()).as("the smaller until of both feeds").isEqualTo("1438013690000");
        assertThat(db.count("jira-a", "external_id = '100028' OR external_id = '103'")).isEqualTo(1);
        assertThat(db.count("jira-a", "external_id = '103' AND project = 'GLOB-42' AND tracker_client = 'Globex'"
                + " AND tracker_task = 'Refonte du portail' AND tracker_user = '5b10a2844c20165700ede21g'"
                + " AND tracker_user_name = 'Mia Krystof' AND hours = 3.33 AND comment = 'I did some work here.'"
                + " AND start_at = TIMESTAMPTZ '2021-01-17T12:34:00Z' AND work_date = DATE '2021-01-17'")).isEqualTo(1);
        assertThat(db.count("jira-a", "external_id = '104' AND work_date = DATE '2021-01-18'"
                + " AND comment = E'Atelier cadrage avec @Mia Krystof\\nsuite demain\\n- maquettes\\n- revue 😄'"))
                .as("23:30 UTC is the 18th in Paris").isEqualTo(1);
        assertThat(db.count("jira-a", "external_id = '105' AND project = 'INIT-7' AND comment = '' AND hours = 7.50"))
                .isEqualTo(1);
        wm.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/10002")));
        wm.verify(getRequestedFor(urlPathEqualTo("/rest/api/3/worklog/updated"))
                .withHeader("Authorization", equalTo("Basic b3BzQGFjbWUuZXhhbXBsZTpqdA=="))); // ops@acme.example:jt
    }

    @Test
    void resyncReadsTheIssuesWithWorklogsInTheRangeAndMarksTheMissingDeleted() {
        String name = "jira-b";
        ConnectorPulls pulls = pulls(name);
        stored(name, "999");
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql"))
                .withQueryParam("jql", equalTo("worklogDate >= \"2021-01-01\" AND worklogDate <= \"2021-01-31\" ORDER BY key"))
                .willReturn(okJson(fixture("jira/search_jql.json"))));
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/issue/GLOB-42/worklog"))
                .willReturn(okJson(fixture("jira/rest_api_3_issue_worklog_docs_example.json"))));
        IngestResult result = pulls.sync(name, LocalDate.of(2021, 1, 1), LocalDate.of(2021, 1, 31));
        assertThat(result.created()).isEqualTo(1);
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(db.count(name, "external_id = '100028' AND project = 'GLOB-42' AND NOT deleted")).isEqualTo(1);
        assertThat(db.count(name, "external_id = '999' AND deleted")).isEqualTo(1);
        wm.verify(getRequestedFor(urlPathEqualTo("/rest/api/3/issue/GLOB-42/worklog"))
                .withQueryParam("startedAfter", equalTo(String.valueOf(
                        LocalDate.of(2021, 1, 1).atStartOfDay(time.getZone()).toInstant().toEpochMilli() - 1))));
    }
}
