package dev.crahub.timesheet.connector.tempo;

import java.time.LocalDate;
import java.util.Map;

import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.connector.TrackerTestSupport;
import dev.crahub.timesheet.connector.ConnectorDatabase;
import dev.crahub.timesheet.connector.ConnectorPulls;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.FakeTime;
import dev.crahub.timesheet.connector.Stubs;
import dev.crahub.timesheet.connector.TrackerException;
import org.junit.jupiter.api.Test;

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
 * Tempo v4 against WireMock. No real Tempo answer was recorded: the worklog pages are written from Tempo's API v4
 * reference (see src/test/resources/connectors/README.md); issue keys and authors come from the Jira connector's
 * documented answers, served by the same WireMock.
 */
class TempoTrackerTests extends TrackerTestSupport {

    private ConnectorPulls pulls(String name) {
        return db.pulls(Map.of(
                name, ConnectorSettings.of("tempo", wm.baseUrl() + "/tempo", Map.of("token-env", "TEMPO_TOKEN",
                        "jira", "jira-for-tempo")),
                "jira-for-tempo", ConnectorSettings.of("jira", wm.baseUrl(), Map.of("token-env", "JIRA_TOKEN",
                        "email", "ops@acme.example"))), time, Map.of("TEMPO_TOKEN", "tt", "JIRA_TOKEN", "jt"));
    }

    private void jira() {
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/issue/10002")).willReturn(okJson(fixture("jira/issue_10002.json"))));
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/issue/10003")).willReturn(okJson(fixture("jira/issue_10003.json"))));
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/user")).withQueryParam("accountId", equalTo("5b10a2844c20165700ede21g"))
                .willReturn(okJson(fixture("jira/user_5b10a2844c20165700ede21g.json"))));
    }

    @Test
    void pagesFollowMetadataNextAndIssuesAndAuthorsAreResolvedThroughJira() {
        jira();
        Stubs.failingOnce(wm, () -> get(urlPathEqualTo("/tempo/4/worklogs")).withQueryParam("offset", equalTo("0")),
                Stubs.tooManyRequests("Fri, 20 Dec 2024 10:00:30 GMT"), okJson(fixture("tempo/worklogs_page1.json")));
        wm.stubFor(get(urlPathEqualTo("/tempo/4/worklogs")).withQueryParam("offset", equalTo("2"))
                .willReturn(okJson(fixture("tempo/worklogs_page2.json"))));
        IngestResult result = pulls("tempo-a").sync("tempo-a", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31));
        assertThat(result.created()).isEqualTo(3);
        assertThat(time.sleeps).as("Retry-After as an HTTP date").containsExactly(java.time.Duration.ofSeconds(30));
        assertThat(db.count("tempo-a", "external_id = '7001' AND project = 'GLOB-42' AND tracker_client = 'Globex'"
                + " AND tracker_user_name = 'Mia Krystof' AND tracker_user_email = 'mia@example.com' AND hours = 3.50"
                + " AND billable AND start_at = TIMESTAMPTZ '2024-03-04T09:00:00+01:00'"
                + " AND end_at = TIMESTAMPTZ '2024-03-04T12:30:00+01:00'")).isEqualTo(1);
        assertThat(db.count("tempo-a", "external_id = '7002' AND NOT billable")).isEqualTo(1);
        assertThat(db.count("tempo-a", "external_id = '7003' AND project = 'INIT-7'"
                + " AND comment = 'Passage à l’heure d’été'")).isEqualTo(1);
        wm.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/user")));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/10002")));
        wm.verify(getRequestedFor(urlPathEqualTo("/tempo/4/worklogs")).withHeader("Authorization", equalTo("Bearer tt"))
                .withQueryParam("from", equalTo("2024-03-01")).withQueryParam("to", equalTo("2024-03-31")));
    }

    @Test
    void aJiraFailureStoresNothing() {
        wm.stubFor(get(urlPathEqualTo("/tempo/4/worklogs")).willReturn(okJson(fixture("tempo/worklogs_page2.json"))));
        wm.stubFor(get(urlPathEqualTo("/rest/api/3/issue/10003")).willReturn(aResponse().withStatus(503)));
        ConnectorPulls pulls = pulls("tempo-b");
        assertThatThrownBy(() -> pulls.pull("tempo-b")).isInstanceOf(TrackerException.class)
                .hasMessageContaining("/rest/api/3/issue/10003 failed after 4 attempts: HTTP 503");
        assertThat(db.count("tempo-b", "TRUE")).isZero();
        assertThat(db.state("tempo-b").watermark()).isNull();
    }

    @Test
    void aTempoConnectorWithoutJiraSaysSo() {
        ConnectorPulls pulls = db.pulls(Map.of("tempo-c", ConnectorSettings.of("tempo", wm.baseUrl(),
                Map.of("token-env", "T"))), time, Map.of("T", "t"));
        assertThatThrownBy(() -> pulls.pull("tempo-c")).hasMessageContaining("tempo-c.jira naming a connector of kind jira");
    }
}
