package dev.crahub.timesheet.connector;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.crahub.timesheet.IngestResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One HTTP client and one request budget per connector for the life of the hub (ADR 0030): pulls and syncs of a
 * connector, one after the other or at once, draw on the same budget; a tracker's Retry-After is honoured, a storm of
 * 503 or a hostile wait ends the pull with the connector named and nothing stored. Harvest's recorded pages on
 * WireMock (two pages: two requests per pull), on an embedded PostgreSQL, with a clock that only moves when waited on.
 */
class ConnectorBudgetTests extends TrackerTestSupport {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private Trackers trackers(String name, String path, int quota, Duration window, int attempts, Duration maxWait) {
        ConnectorSettings s = ConnectorSettings.of("harvest", wm.baseUrl() + path,
                Map.of("token-env", "HARVEST_TOKEN", "account-id", "123456")).withBudget(quota, window, attempts, maxWait);
        return new Trackers(Map.of(name, s), time, time, Map.of("HARVEST_TOKEN", "s3cret-harvest")::get, meters);
    }

    private void twoRecordedPages(String path) {
        wm.stubFor(get(urlPathEqualTo(path + "/v2/time_entries")).withQueryParam("page", absent())
                .willReturn(okJson(fixture("harvest/v2_time_entries_page1.json"))));
        wm.stubFor(get(urlPathEqualTo(path + "/v2/time_entries")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(fixture("harvest/v2_time_entries_page2.json"))));
    }

    private double gauge(String meter, String connector) {
        return meters.get(meter).tag("connector", connector).gauge().value();
    }

    @Test
    void twoPullsShareOneClientAndOneBudget() {
        twoRecordedPages("/paced");
        Trackers trackers = trackers("paced", "/paced", 3, Duration.ofMinutes(30), 4, Duration.ofHours(1));
        ConnectorPulls pulls = db.pulls(trackers, time);

        assertThat(pulls.pull("paced").received()).isEqualTo(119);
        TrackerHttp http = trackers.http("paced");
        assertThat(time.sleeps).isEmpty();
        assertThat(gauge("crahub.connector.budget.available", "paced")).as("3 - 2 requests").isEqualTo(1);
        assertThat(gauge("crahub.connector.budget.waiting", "paced")).isZero();

        time.advance(Duration.ofMinutes(10));
        assertThat(pulls.pull("paced").received()).isEqualTo(119);
        // the 4th request of the 30-minute period waited for the next period: 20 minutes (a budget per pull: none)
        assertThat(time.sleeps).containsExactly(Duration.ofMinutes(20));
        assertThat(trackers.http("paced")).isSameAs(http);
        assertThat(trackers.http("paced").client()).isSameAs(http.client());
        wm.verify(4, getRequestedFor(urlPathEqualTo("/paced/v2/time_entries")));
    }

    @Test
    void aPullSpendingWhatASyncLeftIsRefusedClearlyAndStoresNothing() {
        twoRecordedPages("/spent");
        Trackers trackers = trackers("spent", "/spent", 3, Duration.ofHours(1), 4, Duration.ofMinutes(5));
        ConnectorPulls pulls = db.pulls(trackers, time);
        pulls.sync("spent", LocalDate.of(2019, 1, 1), LocalDate.of(2019, 2, 28));

        assertThatThrownBy(() -> pulls.pull("spent")).isInstanceOf(TrackerException.class)
                .hasMessageContaining("Connector 'spent'")
                .hasMessageContaining("request budget of 3 per PT1H spent")
                .hasMessageContaining("more than max-wait PT5M");
        assertThat(db.state("spent").lastError()).contains("request budget of 3 per PT1H spent");
        assertThat(db.state("spent").watermark()).isNull();
        assertThat(time.sleeps).isEmpty();
        wm.verify(3, getRequestedFor(urlPathEqualTo("/spent/v2/time_entries")));
    }

    @Test
    void twoSyncsAtOnceShareTheBudget() throws Exception {
        twoRecordedPages("/busy");
        Trackers trackers = trackers("busy", "/busy", 3, Duration.ofHours(1), 4, Duration.ofMinutes(5));
        ConnectorPulls pulls = db.pulls(trackers, time);
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    IngestResult r = pulls.sync("busy", LocalDate.of(2019, 1, 1), LocalDate.of(2019, 2, 28));
                    outcomes.add("stored " + r.received());
                } catch (TrackerException e) {
                    outcomes.add(e.getMessage().contains("request budget of 3 per PT1H spent") ? "refused" : e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        // 4 requests asked, 3 in the budget: one sync whole, the other refused on its second page (nothing of it kept)
        assertThat(outcomes).containsExactlyInAnyOrder("stored 119", "refused");
        wm.verify(3, getRequestedFor(urlPathEqualTo("/busy/v2/time_entries")));
        assertThat(db.count("busy", "TRUE")).isEqualTo(119);
    }

    @Test
    void a429WithRetryAfterIsHonouredThenThePullGoesOn() {
        Stubs.failingOnce(wm, () -> get(urlPathEqualTo("/slow/v2/time_entries")), Stubs.tooManyRequests("20"),
                okJson(fixture("harvest/v2_time_entries_2024_page1.json")));
        ConnectorPulls pulls = db.pulls(trackers("slow", "/slow", 100, Duration.ofSeconds(15), 4,
                Duration.ofMinutes(5)), time);
        assertThat(pulls.pull("slow").created()).isEqualTo(123);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(20));
        wm.verify(2, getRequestedFor(urlPathEqualTo("/slow/v2/time_entries")));
    }

    @Test
    void a503StormExhaustsTheRetryNamesTheConnectorAndStoresNothing() {
        wm.stubFor(get(urlPathMatching("/storm/v2/time_entries.*")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "5").withBody("<html>down for maintenance</html>")));
        ConnectorPulls pulls = db.pulls(trackers("storm", "/storm", 100, Duration.ofSeconds(15), 3,
                Duration.ofMinutes(5)), time);
        assertThatThrownBy(() -> pulls.pull("storm")).isInstanceOf(TrackerException.class)
                .hasMessageStartingWith("Connector 'storm': GET ")
                .hasMessageContaining("failed after 3 attempts: HTTP 503: <html>down for maintenance</html>");
        assertThat(db.count("storm", "TRUE")).isZero();
        assertThat(db.state("storm").lastError()).startsWith("Connector 'storm'");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
        wm.verify(3, getRequestedFor(urlPathEqualTo("/storm/v2/time_entries")));
    }

    @Test
    void aHostileRetryAfterEndsThePullAtOnce() {
        wm.stubFor(get(urlPathEqualTo("/hostile/v2/time_entries")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "999999")));
        ConnectorPulls pulls = db.pulls(trackers("hostile", "/hostile", 100, Duration.ofSeconds(15), 4,
                Duration.ofMinutes(5)), time);
        assertThatThrownBy(() -> pulls.pull("hostile")).isInstanceOf(TrackerException.class)
                .hasMessageContaining("Connector 'hostile'")
                .hasMessageContaining("told to wait PT277H46M39S (Retry-After), more than max-wait PT5M");
        assertThat(db.count("hostile", "TRUE")).isZero();
        assertThat(time.sleeps).isEmpty();
        wm.verify(1, getRequestedFor(urlPathEqualTo("/hostile/v2/time_entries")));
    }
}
