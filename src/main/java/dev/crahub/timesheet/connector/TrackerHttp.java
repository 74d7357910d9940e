package dev.crahub.timesheet.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of the connectors: timeouts, retries with exponential backoff on 5xx and I/O failures
 * (timeouts included), 429 honoured by waiting what {@code Retry-After} says (seconds or an HTTP date), and a
 * client-side quota (at most {@code quota} requests per {@code window}) so a pull stays under the vendor's limit.
 * Waiting goes through a {@link Sleeper} and a {@link Clock}, so tests never sleep.
 */
public class TrackerHttp {

    private static final Logger log = LoggerFactory.getLogger(TrackerHttp.class);
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(15);

    /** How hard to try: attempts, backoff bounds, the quota and the timeout. */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int quota, Duration window,
                         Duration timeout) {

        public static Policy of(ConnectorSettings s, int defaultQuota, Duration defaultWindow) {
            return new Policy(Math.max(1, s.maxAttempts()), Duration.ofMillis(500), Duration.ofSeconds(30),
                    s.quota() > 0 ? s.quota() : defaultQuota, s.quota() > 0 ? s.quotaWindow() : defaultWindow,
                    s.timeout());
        }
    }

    /** A successful (2xx) answer. */
    public record Response(int status, HttpHeaders headers, String body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient client;
    private final Policy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Instant> recent = new ArrayDeque<>();

    public TrackerHttp(Policy policy, Clock clock, Sleeper sleeper) {
        // HTTP/1.1: on a plain-http tracker (a self-hosted Redmine or Kimai) the JDK client's default h2c upgrade
        // attempt was seen to fail as "Frame type(108) ... exceeds MAX_FRAME_SIZE", costing a retry and a wait
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(policy.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build(), policy, clock, sleeper);
    }

    public TrackerHttp(HttpClient client, Policy policy, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public Response get(URI uri, Map<String, String> headers) {
        return send("GET", uri, headers, null);
    }

    public Response post(URI uri, Map<String, String> headers, String json) {
        return send("POST", uri, headers, json);
    }

    /** Sends until a 2xx, a final refusal (4xx but 429), or the attempts are spent; then a {@link TrackerException}. */
    public Response send(String method, URI uri, Map<String, String> headers, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(policy.timeout())
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        String what = method + " " + withoutQuery(uri);
        String last = null;
        int lastStatus = 0;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            Duration wait;
            try {
                respectQuota();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Response(status, response.headers(), response.body());
                }
                lastStatus = status;
                last = "HTTP " + status + excerpt(response.body());
                if (status == 429) {
                    wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null), attempt);
                    if (wait.compareTo(MAX_RETRY_AFTER) > 0) {
                        throw new TrackerException(what + ": rate limited for " + wait + " (Retry-After), giving up",
                                status, null);
                    }
                } else if (status >= 500) {
                    wait = backoff(attempt);
                } else {
                    throw new TrackerException(what + " refused: " + last, status, null);
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastStatus = 0;
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrackerException(what + " interrupted", lastStatus, e);
            }
            if (attempt < policy.maxAttempts()) {
                log.warn("{} failed ({}), attempt {}/{}, retrying in {}", what, last, attempt, policy.maxAttempts(), wait);
                pause(wait, what);
            }
        }
        throw new TrackerException(what + " failed after " + policy.maxAttempts() + " attempts: " + last, lastStatus,
                null);
    }

    private Duration backoff(int attempt) {
        long millis = policy.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, policy.maxBackoff().toMillis()));
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date; absent or unreadable: the backoff. */
    Duration retryAfter(String value, int attempt) {
        if (value != null && !value.isBlank()) {
            String v = value.trim();
            if (v.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                // fall back to the backoff
            }
        }
        return backoff(attempt);
    }

    private synchronized void respectQuota() throws InterruptedException {
        if (policy.quota() <= 0) {
            return;
        }
        Instant now = clock.instant();
        while (!recent.isEmpty() && !recent.peekFirst().plus(policy.window()).isAfter(now)) {
            recent.pollFirst();
        }
        if (recent.size() >= policy.quota()) {
            Duration wait = Duration.between(now, recent.peekFirst().plus(policy.window()));
            log.debug("quota of {} requests per {} reached, waiting {}", policy.quota(), policy.window(), wait);
            sleeper.sleep(wait);
            recent.pollFirst();
        }
        recent.addLast(clock.instant());
    }

    private void pause(Duration wait, String what) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException(what + " interrupted", 0, e);
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String b = body.strip().replaceAll("\\s+", " ");
        return ": " + (b.length() > 200 ? b.substring(0, 200) + "…" : b);
    }

    private static String withoutQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }
}
