package dev.crahub.timesheet.connector.redmine;

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
 * Redmine against WireMock replaying answers recorded from a Redmine 5.0.4 (offset/limit paging, French comments);
 * RedmineConnectorIntegrationTests does the same against a real server.
 */
class RedmineTrackerTests extends TrackerTestSupport {

    private ConnectorPulls pulls(String name, String pageSize) {
        ConnectorSettings s = ConnectorSettings.of("redmine", wm.baseUrl(), Map.of("token-env", "REDMINE_KEY"));
        s = new ConnectorSettings(s.kind(), s.baseUrl(), s.schedule(), true, null, s.tokenEnv(), null, null, null,
                null, null, s.lookBack(), s.firstPull(), Integer.parseInt(pageSize), 0, s.quotaWindow(), 2, s.timeout(), s.maxWait());
        return db.pulls(Map.of(name, s), time, Map.of("REDMINE_KEY", "k3y"));
    }

    @org.junit.jupiter.api.BeforeEach
    void projects() {
        wm.stubFor(get(urlPathEqualTo("/projects.json")).willReturn(okJson(fixture("redmine/projects.json"))));
    }

    private void page(int offset, String file) {
        wm.stubFor(get(urlPathEqualTo("/time_entries.json")).withQueryParam("offset", equalTo(String.valueOf(offset)))
                .willReturn(okJson(fixture("redmine/" + file))));
    }

    @Test
    void readsEveryPageAndMarksDeletedWhatAResyncNoLongerFinds() {
        page(0, "time_entries_page1_limit2.json");
        Stubs.failingOnce(wm, () -> get(urlPathEqualTo("/time_entries.json")).withQueryParam("offset", equalTo("2")),
                Stubs.tooManyRequests("1"), okJson(fixture("redmine/time_entries_page2_limit2.json")));
        page(4, "time_entries_page3_limit2.json");
        LocalDate from = LocalDate.of(2024, 3, 1);
        LocalDate to = LocalDate.of(2024, 3, 31);
        IngestResult all = pulls("redmine-a", "2").sync("redmine-a", from, to);
        assertThat(all.created()).isEqualTo(5);
        assertThat(time.sleeps).containsExactly(java.time.Duration.ofSeconds(1));
        assertThat(db.count("redmine-a", "external_id = '4' AND project = 'Client ACME – Refonte' AND tracker_task = 'Design'"
                + " AND tracker_client = 'ACME'"
                + " AND tracker_user_name = 'Jérôme Dupont' AND hours = 2.33 AND work_date = DATE '2024-03-31'"
                + " AND comment = '#2 Passage à l’heure d’été – maquettes'")).isEqualTo(1);
        assertThat(db.count("redmine-a", "external_id = '5' AND tracker_client = 'Intégration Hub'")).isEqualTo(1);
        wm.verify(getRequestedFor(urlPathEqualTo("/time_entries.json")).withQueryParam("from", equalTo("2024-03-01"))
                .withQueryParam("to", equalTo("2024-03-31")).withQueryParam("limit", equalTo("2"))
                .withHeader("X-Redmine-API-Key", equalTo("k3y")));

        wm.resetAll();
        projects();
        page(0, "time_entries_page1_limit2.json");
        page(2, "time_entries_page2_limit2.json");
        wm.stubFor(get(urlPathEqualTo("/time_entries.json")).withQueryParam("offset", equalTo("4"))
                .willReturn(okJson("{\"time_entries\":[],\"total_count\":4,\"offset\":4,\"limit\":2}")));
        IngestResult again = pulls("redmine-a", "2").sync("redmine-a", from, to);
        assertThat(again.deleted()).isEqualTo(1);
        assertThat(db.count("redmine-a", "deleted")).isEqualTo(1);
    }

    @Test
    void aPullRereadsFromItsWatermarkMinusTheLookBack() {
        wm.stubFor(get(urlPathEqualTo("/time_entries.json"))
                .willReturn(okJson(fixture("redmine/time_entries_all_march2024.json"))));
        pulls("redmine-b", "0").pull("redmine-b");
        wm.verify(getRequestedFor(urlPathEqualTo("/time_entries.json")).withQueryParam("from", equalTo("2024-11-19"))
                .withQueryParam("to", equalTo("2024-12-20")).withQueryParam("limit", equalTo("100")));
        assertThat(db.state("redmine-b").watermark()).isEqualTo("2024-12-20");
        time.advance(java.time.Duration.ofDays(3));
        pulls("redmine-b", "0").pull("redmine-b");
        wm.verify(getRequestedFor(urlPathEqualTo("/time_entries.json")).withQueryParam("from", equalTo("2024-12-13"))
                .withQueryParam("to", equalTo("2024-12-23")));
    }

    @Test
    void aServerErrorOnTheLastPageStoresNothing() {
        page(0, "time_entries_page1_limit2.json");
        page(2, "time_entries_page2_limit2.json");
        wm.stubFor(get(urlPathEqualTo("/time_entries.json")).withQueryParam("offset", equalTo("4"))
                .willReturn(aResponse().withStatus(500)));
        ConnectorPulls pulls = pulls("redmine-c", "2");
        assertThatThrownBy(() -> pulls.sync("redmine-c", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31)))
                .isInstanceOf(TrackerException.class).hasMessageContaining("failed after 2 attempts: HTTP 500");
        assertThat(db.count("redmine-c", "TRUE")).isZero();
    }
}
