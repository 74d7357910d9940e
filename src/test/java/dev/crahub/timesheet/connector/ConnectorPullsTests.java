package dev.crahub.timesheet.connector;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.crahub.timesheet.connector.ConnectorDatabase.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which connectors are due, measured from the last attempt (a failure waits for the next slot too), and statuses. */
class ConnectorPullsTests {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static ConnectorDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = new ConnectorDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static ConnectorSettings harvest(String path, String schedule, boolean enabled) {
        ConnectorSettings s = ConnectorSettings.of("harvest", wm.baseUrl() + path, Map.of("token-env", "H",
                "account-id", "1"));
        return new ConnectorSettings(s.kind(), s.baseUrl(), schedule, enabled, null, s.tokenEnv(), null, null,
                s.accountId(), null, null, s.lookBack(), s.firstPull(), 0, 0, s.quotaWindow(), 1, s.timeout(), s.maxWait());
    }

    @Test
    void dueBySchedule() {
        wm.stubFor(get(urlPathEqualTo("/ok/v2/time_entries")).willReturn(okJson(fixture("harvest/v2_time_entries_empty.json"))));
        wm.stubFor(get(urlPathEqualTo("/ko/v2/time_entries")).willReturn(aResponse().withStatus(500)));
        FakeTime time = new FakeTime();
        ConnectorPulls pulls = db.pulls(Map.of(
                "every-15m", harvest("/ok", "15m", true),
                "quarter-hours", harvest("/ok", "0 0/15 * * * *", true),
                "failing", harvest("/ko", "1h", true),
                "off", harvest("/ok", "1m", false),
                "on-demand", harvest("/ok", null, true)), time, Map.of("H", "h"));
        assertThat(pulls.due()).containsExactlyInAnyOrder("every-15m", "quarter-hours", "failing");

        time.advance(Duration.ofMinutes(2)); // 10:02 UTC
        pulls.pull("every-15m");
        pulls.pull("quarter-hours");
        assertThatThrownBy(() -> pulls.pull("failing")).isInstanceOf(TrackerException.class);
        assertThat(pulls.due()).isEmpty();

        time.advance(Duration.ofMinutes(13)); // 10:15: the cron slot
        assertThat(pulls.due()).containsExactly("quarter-hours");
        time.advance(Duration.ofMinutes(2)); // 10:17: 15 min after the pull
        assertThat(pulls.due()).containsExactlyInAnyOrder("every-15m", "quarter-hours");
        time.advance(Duration.ofHours(1));
        assertThat(pulls.due()).contains("failing");

        ConnectorPulls.Status failing = pulls.statuses().stream().filter(s -> s.name().equals("failing")).findFirst()
                .orElseThrow();
        assertThat(failing.lastError()).contains("HTTP 500");
        assertThat(failing.lastSuccessAt()).isNull();
        ConnectorPulls.Status ok = pulls.statuses().stream().filter(s -> s.name().equals("every-15m")).findFirst()
                .orElseThrow();
        assertThat(ok.watermark()).isEqualTo("2024-12-20T10:02:00Z");
        assertThat(ok.lastResult()).startsWith("0 received");
        assertThat(ok.lastError()).isNull();
    }

    @Test
    void aConnectorBeingPulledElsewhereIsSkippedNotWaitedFor() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/ok/v2/time_entries")).willReturn(okJson(fixture("harvest/v2_time_entries_empty.json"))));
        FakeTime time = new FakeTime();
        ConnectorPulls pulls = db.pulls(Map.of("busy", harvest("/ok", "15m", true)), time, Map.of("H", "h"));
        var tx = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(db.dataSource));
        var held = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> tx.executeWithoutResult(s -> {
            db.watermarks.lock("busy"); // another instance's pull, in progress
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        other.start();
        held.await();
        try {
            assertThat(pulls.pull("busy").origin()).isEqualTo("skipped: being pulled elsewhere");
        } finally {
            release.countDown();
            other.join();
        }
        assertThat(pulls.pull("busy").origin()).isEqualTo("pull since start");
    }
}
