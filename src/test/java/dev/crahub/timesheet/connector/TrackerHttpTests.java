package dev.crahub.timesheet.connector;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries, backoff, 429 + Retry-After, quotas and timeouts, against WireMock, with a clock that never sleeps. */
class TrackerHttpTests {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final FakeTime time = new FakeTime();

    private TrackerHttp http(int attempts, int quota, Duration window, Duration timeout) {
        return new TrackerHttp(new TrackerHttp.Policy(attempts, Duration.ofMillis(500), Duration.ofSeconds(30), quota,
                window, timeout), time, time);
    }

    private URI uri(String path) {
        return URI.create(wm.baseUrl() + path);
    }

    private void sequence(String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            wm.stubFor(get(urlPathEqualTo(path)).inScenario(path)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "s" + i)
                    .willReturn(answers[i]).willSetStateTo("s" + (i + 1)));
        }
    }

    @Test
    void waitsWhatRetryAfterSaysInSeconds() {
        sequence("/a", aResponse().withStatus(429).withHeader("Retry-After", "7"), okJson("[1]"));
        TrackerHttp.Response r = http(4, 0, Duration.ofSeconds(1), Duration.ofSeconds(5)).get(uri("/a?x=1"), Map.of());
        assertThat(r.body()).isEqualTo("[1]");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void waitsUntilARetryAfterHttpDate() {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(time.instant().plusSeconds(42).atOffset(ZoneOffset.UTC));
        sequence("/b", aResponse().withStatus(429).withHeader("Retry-After", at), okJson("{}"));
        http(4, 0, Duration.ofSeconds(1), Duration.ofSeconds(5)).get(uri("/b"), Map.of());
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(42));
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffThenSucceeds() {
        sequence("/c", aResponse().withStatus(502), aResponse().withStatus(503), aResponse().withStatus(500), ok("fine"));
        assertThat(http(4, 0, Duration.ofSeconds(1), Duration.ofSeconds(5)).get(uri("/c"), Map.of("X-Key", "k")).body())
                .isEqualTo("fine");
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        wm.verify(4, getRequestedFor(urlPathEqualTo("/c")).withHeader("X-Key", equalTo("k")));
    }

    @Test
    void givesUpClearlyWhenServerErrorsLast() {
        wm.stubFor(get(urlPathEqualTo("/d")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
        assertThatThrownBy(() -> http(3, 0, Duration.ofSeconds(1), Duration.ofSeconds(5)).get(uri("/d?token=no"), Map.of()))
                .isInstanceOf(TrackerException.class)
                .hasMessage("GET " + wm.baseUrl() + "/d failed after 3 attempts: HTTP 503: maintenance");
        wm.verify(3, getRequestedFor(urlPathEqualTo("/d")));
    }

    @Test
    void aRefusalIsNotRetried() {
        wm.stubFor(get(urlPathEqualTo("/e")).willReturn(aResponse().withStatus(401).withBody("\"bad token\"")));
        assertThatThrownBy(() -> http(4, 0, Duration.ofSeconds(1), Duration.ofSeconds(5)).get(uri("/e"), Map.of()))
                .isInstanceOf(TrackerException.class).hasMessageContaining("refused: HTTP 401")
                .extracting(e -> ((TrackerException) e).status()).isEqualTo(401);
        wm.verify(1, getRequestedFor(urlPathEqualTo("/e")));
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void aRetryAfterBeyondFifteenMinutesFailsAtOnce() {
        wm.stubFor(get(urlPathEqualTo("/f")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        assertThatThrownBy(() -> http(4, 0, Duration.ofSeconds(1), Duration.ofSeconds(5)).get(uri("/f"), Map.of()))
                .isInstanceOf(TrackerException.class).hasMessageContaining("rate limited for PT1H");
    }

    @Test
    void staysUnderTheQuota() {
        wm.stubFor(get(urlPathEqualTo("/g")).willReturn(ok("x")));
        TrackerHttp http = http(1, 3, Duration.ofSeconds(10), Duration.ofSeconds(5));
        Instant start = time.instant();
        for (int i = 0; i < 7; i++) {
            http.get(uri("/g"), Map.of());
        }
        // 3 at t0, 3 at t0+10s, the 7th at t0+20s
        assertThat(time.sleeps).hasSize(2);
        assertThat(Duration.between(start, time.instant())).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aTimeoutIsRetried() {
        sequence("/h", ok("late").withFixedDelay(1500), ok("on time"));
        assertThat(http(2, 0, Duration.ofSeconds(1), Duration.ofMillis(300)).get(uri("/h"), Map.of()).body())
                .isEqualTo("on time");
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(500));
    }
}
