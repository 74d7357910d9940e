package dev.crahub.timesheet.connector;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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

/**
 * Retries, backoff, 429/503 + Retry-After, the request budget and timeouts, against WireMock, with a clock that never
 * sleeps; and what a hostile tracker tries (endless Retry-After, a 429 loop, a drip-fed body, an echoed token).
 */
class TrackerHttpTests {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private final FakeTime time = new FakeTime();

    private TrackerHttp http(int attempts, int quota, Duration window, Duration timeout) {
        return new TrackerHttp("t", new TrackerHttp.Policy(attempts, Duration.ofMillis(500), Duration.ofSeconds(30),
                quota, window, timeout, FIVE_MINUTES), time, time);
    }

    private TrackerHttp http(int attempts) {
        return http(attempts, 1000, Duration.ofSeconds(1), Duration.ofSeconds(5));
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
        TrackerHttp.Response r = http(4).get(uri("/a?x=1"), Map.of());
        assertThat(r.body()).isEqualTo("[1]");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void waitsUntilARetryAfterHttpDate() {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(time.instant().plusSeconds(42).atOffset(ZoneOffset.UTC));
        sequence("/b", aResponse().withStatus(429).withHeader("Retry-After", at), okJson("{}"));
        http(4).get(uri("/b"), Map.of());
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(42));
    }

    @Test
    void a503RetryAfterIsHonouredToo() {
        sequence("/b2", aResponse().withStatus(503).withHeader("Retry-After", "3"), okJson("{}"));
        http(4).get(uri("/b2"), Map.of());
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffThenSucceeds() {
        sequence("/c", aResponse().withStatus(502), aResponse().withStatus(503), aResponse().withStatus(500), ok("fine"));
        TrackerHttp http = http(4);
        assertThat(http.get(uri("/c"), Map.of("X-Key", "k")).body()).isEqualTo("fine");
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        wm.verify(4, getRequestedFor(urlPathEqualTo("/c")).withHeader("X-Key", equalTo("k")));
        assertThat(http.retry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
    }

    @Test
    void givesUpClearlyWhenServerErrorsLastNamingTheConnector() {
        wm.stubFor(get(urlPathEqualTo("/d")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
        assertThatThrownBy(() -> http(3).get(uri("/d?token=no"), Map.of()))
                .isInstanceOf(TrackerException.class)
                .hasMessage("Connector 't': GET " + wm.baseUrl() + "/d failed after 3 attempts: HTTP 503: maintenance");
        wm.verify(3, getRequestedFor(urlPathEqualTo("/d")));
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void aRefusalIsNotRetried() {
        for (int status : new int[] {400, 401, 403, 404}) {
            wm.stubFor(get(urlPathEqualTo("/e" + status)).willReturn(aResponse().withStatus(status).withBody("\"no\"")));
            assertThatThrownBy(() -> http(4).get(uri("/e" + status), Map.of()))
                    .isInstanceOf(TrackerException.class).hasMessageContaining("Connector 't'")
                    .hasMessageContaining("refused: HTTP " + status)
                    .extracting(e -> ((TrackerException) e).status()).isEqualTo(status);
            wm.verify(1, getRequestedFor(urlPathEqualTo("/e" + status)));
        }
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void aRetryAfterBeyondMaxWaitFailsAtOnce() {
        wm.stubFor(get(urlPathEqualTo("/f")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        assertThatThrownBy(() -> http(4).get(uri("/f"), Map.of()))
                .isInstanceOf(TrackerException.class).hasMessageContaining("Connector 't'")
                .hasMessageContaining("told to wait PT1H (Retry-After), more than max-wait PT5M");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/f")));
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void hostileRetryAftersNeverHoldThePull() {
        String[] hostile = {"999999", "Fri, 31 Dec 9999 23:59:59 GMT", "99999999999999999999999999999999"};
        for (int i = 0; i < hostile.length; i++) {
            String path = "/hostile" + i;
            wm.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(429)
                    .withHeader("Retry-After", hostile[i])));
            assertThatThrownBy(() -> http(4).get(uri(path), Map.of())).as(hostile[i])
                    .isInstanceOf(TrackerException.class).hasMessageContaining("more than max-wait PT5M");
            wm.verify(1, getRequestedFor(urlPathEqualTo(path)));
        }
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void a429LoopEndsWithTheAttempts() {
        wm.stubFor(get(urlPathEqualTo("/loop")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        assertThatThrownBy(() -> http(4).get(uri("/loop"), Map.of()))
                .isInstanceOf(TrackerException.class).hasMessageContaining("failed after 4 attempts: HTTP 429");
        wm.verify(4, getRequestedFor(urlPathEqualTo("/loop")));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void staysUnderTheBudget() {
        wm.stubFor(get(urlPathEqualTo("/g")).willReturn(ok("x")));
        TrackerHttp http = http(1, 3, Duration.ofSeconds(10), Duration.ofSeconds(5));
        Instant start = time.instant();
        for (int i = 0; i < 7; i++) {
            http.get(uri("/g"), Map.of());
        }
        // 3 at t0, 3 at t0+10s, the 7th at t0+20s
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(Duration.between(start, time.instant())).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aBudgetWaitBeyondMaxWaitIsRefusedClearly() {
        wm.stubFor(get(urlPathEqualTo("/h1")).willReturn(ok("x")));
        TrackerHttp http = http(4, 1, Duration.ofHours(1), Duration.ofSeconds(5));
        http.get(uri("/h1"), Map.of());
        assertThatThrownBy(() -> http.get(uri("/h1"), Map.of())).isInstanceOf(TrackerException.class)
                .hasMessageContaining("Connector 't'").hasMessageContaining("request budget of 1 per PT1H spent")
                .hasMessageContaining("crahub.connectors.t.quota");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/h1")));
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void concurrentCallersShareOneBudget() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/shared")).willReturn(ok("x")));
        TrackerHttp http = http(1, 3, Duration.ofHours(1), Duration.ofSeconds(5));
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 2; i++) {
                        try {
                            http.get(uri("/shared"), Map.of());
                            outcomes.add("sent");
                        } catch (TrackerException e) {
                            outcomes.add(e.getMessage().contains("budget of 3 per PT1H spent") ? "refused" : "other");
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(outcomes).containsExactlyInAnyOrder("sent", "sent", "sent", "refused");
        wm.verify(3, getRequestedFor(urlPathEqualTo("/shared")));
    }

    @Test
    void aTimeoutIsRetried() {
        sequence("/i", ok("late").withFixedDelay(1500), ok("on time"));
        assertThat(http(2, 1000, Duration.ofSeconds(1), Duration.ofMillis(300)).get(uri("/i"), Map.of()).body())
                .isEqualTo("on time");
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void aDripFedBodyIsBoundedByTheTimeout() {
        wm.stubFor(get(urlPathEqualTo("/drip")).willReturn(ok("x".repeat(1000)).withChunkedDribbleDelay(10, 3000)));
        assertThatThrownBy(() -> http(1, 1000, Duration.ofSeconds(1), Duration.ofMillis(300)).get(uri("/drip"), Map.of()))
                .isInstanceOf(TrackerException.class).hasMessageContaining("HttpTimeoutException");
    }

    @Test
    void anEchoedCredentialStaysOutOfTheMessage() {
        String token = "sup3r-s3cret-t0ken";
        wm.stubFor(get(urlPathEqualTo("/echo")).willReturn(aResponse().withStatus(401)
                .withBody("bad credential: Bearer " + token + "\r\nforged log line")));
        assertThatThrownBy(() -> http(4).get(uri("/echo"), Map.of("Authorization", "Bearer " + token)))
                .isInstanceOf(TrackerException.class)
                .hasMessageContaining("refused: HTTP 401: bad credential: Bearer *** forged log line")
                .message().doesNotContain(token).doesNotContain("\n");
    }

    @RegisterExtension
    static WireMockExtension elsewhere = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void aRedirectToAnotherHostGetsNoCredential() {
        elsewhere.stubFor(get(urlPathEqualTo("/collect")).willReturn(okJson("[]")));
        wm.stubFor(get(urlPathEqualTo("/moved")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", elsewhere.baseUrl() + "/collect")));
        assertThatThrownBy(() -> http(4).get(uri("/moved"), Map.of("Authorization", "Bearer sup3r-s3cret-t0ken")))
                .isInstanceOf(TrackerException.class)
                .hasMessageContaining("refused: HTTP 302, redirected to " + elsewhere.baseUrl() + "/collect, another host")
                .hasMessageContaining("crahub.connectors.t.base-url");
        elsewhere.verify(0, getRequestedFor(urlPathEqualTo("/collect")));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/moved")));
    }

    @Test
    void aRedirectOnTheTrackersOwnHostIsFollowedWithTheCredential() {
        wm.stubFor(get(urlPathEqualTo("/old")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "/new?page=1")));
        wm.stubFor(get(urlPathEqualTo("/new")).willReturn(okJson("[2]")));
        assertThat(http(4).get(uri("/old"), Map.of("Authorization", "Bearer abc-token")).body()).isEqualTo("[2]");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/new")).withQueryParam("page", equalTo("1"))
                .withHeader("Authorization", equalTo("Bearer abc-token")));

        wm.stubFor(get(urlPathEqualTo("/loop1")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop2")));
        wm.stubFor(get(urlPathEqualTo("/loop2")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop1")));
        assertThatThrownBy(() -> http(4).get(uri("/loop1"), Map.of())).isInstanceOf(TrackerException.class)
                .hasMessageContaining("refused: more than 5 redirects");
        assertThat(time.sleeps).isEmpty();
    }
}
