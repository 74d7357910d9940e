package dev.crahub.timesheet.connector.kimai;

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
 * Kimai 2 against WireMock. Kimai can't be installed here and no real answer was recorded: the pages are written from
 * the Kimai 2.x API documentation (see src/test/resources/connectors/README.md).
 */
class KimaiTrackerTests extends TrackerTestSupport {

    @Test
    void pagesUntilXTotalPagesLocalDatesAndRunningSkipped() {
        wm.stubFor(get(urlPathEqualTo("/kimai/api/timesheets")).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(fixture("kimai/timesheets_page1.json")).withHeader("X-Total-Pages", "2")));
        Stubs.failingOnce(wm, () -> get(urlPathEqualTo("/kimai/api/timesheets")).withQueryParam("page", equalTo("2")),
                Stubs.tooManyRequests("5"), okJson(fixture("kimai/timesheets_page2.json")).withHeader("X-Total-Pages", "2"));
        ConnectorPulls pulls = db.pulls(Map.of("kimai-a", ConnectorSettings.of("kimai", wm.baseUrl() + "/kimai",
                Map.of("token-env", "KIMAI_TOKEN"))), time, Map.of("KIMAI_TOKEN", "kt"));
        IngestResult result = pulls.pull("kimai-a");
        assertThat(result.created()).isEqualTo(3);
        assertThat(db.count("kimai-a", "external_id = '101' AND hours = 7.50 AND project = 'Refonte'"
                + " AND tracker_client = 'ACME' AND tracker_task = 'Développement' AND tracker_user = '2'"
                + " AND tracker_user_name = 'Jérôme Dupont' AND start_at = TIMESTAMPTZ '2024-03-04T08:00:00Z'")).isEqualTo(1);
        assertThat(db.count("kimai-a", "external_id = '102' AND hours = 1.50 AND work_date = DATE '2024-03-31'"))
                .isEqualTo(1);
        assertThat(db.count("kimai-a", "external_id = '103' AND work_date = DATE '2024-03-29' AND NOT billable"))
                .as("the local day of the start").isEqualTo(1);
        assertThat(db.count("kimai-a", "external_id = '104'")).as("running").isZero();
        wm.verify(getRequestedFor(urlPathEqualTo("/kimai/api/timesheets")).withHeader("Authorization", equalTo("Bearer kt"))
                .withQueryParam("begin", equalTo("2024-11-19T00:00:00")).withQueryParam("end", equalTo("2024-12-20T23:59:59"))
                .withQueryParam("user", equalTo("all")).withQueryParam("full", equalTo("true"))
                .withQueryParam("size", equalTo("500")));
        assertThat(db.state("kimai-a").watermark()).isEqualTo("2024-12-20");
        assertThat(time.sleeps).containsExactly(java.time.Duration.ofSeconds(5));
    }

    @Test
    void serverErrorsOnPage2StoreNothing() {
        wm.stubFor(get(urlPathEqualTo("/k2/api/timesheets")).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(fixture("kimai/timesheets_page1.json")).withHeader("X-Total-Pages", "2")));
        wm.stubFor(get(urlPathEqualTo("/k2/api/timesheets")).withQueryParam("page", equalTo("2"))
                .willReturn(aResponse().withStatus(500)));
        ConnectorPulls pulls = db.pulls(Map.of("kimai-b", ConnectorSettings.of("kimai", wm.baseUrl() + "/k2",
                Map.of("token-env", "KIMAI_TOKEN"))), time, Map.of("KIMAI_TOKEN", "kt"));
        assertThatThrownBy(() -> pulls.pull("kimai-b")).isInstanceOf(TrackerException.class)
                .hasMessageContaining("failed after 4 attempts: HTTP 500");
        assertThat(db.count("kimai-b", "TRUE")).isZero();
        assertThat(db.state("kimai-b").watermark()).isNull();
    }
}
