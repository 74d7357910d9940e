package dev.crahub.timesheet.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of ONE connector, built once and shared by all its pulls and syncs (and by a Tempo connector's Jira
 * look-ups), so that its request budget holds across pulls and its connections are reused (ADR 0030). Thread-safe:
 * the JDK client, the Resilience4j {@link RateLimiter} (the budget: at most {@code quota} requests per
 * {@code window}) and {@link Retry} (attempts, exponential backoff, {@code Retry-After} on 429 and 503) all are.
 * Every wait, for the budget or before a retry, goes through the {@link Sleeper} and is capped by {@code maxWait}:
 * beyond it the request fails at once, naming the connector. Non-transient answers (4xx but 429) fail at once.
 */
public class TrackerHttp {

    private static final Logger log = LoggerFactory.getLogger(TrackerHttp.class);
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern CREDENTIAL_HEADER = Pattern.compile("(?i)authorization|key|token");

    /** How hard to try: attempts, backoff bounds, the budget, the timeout and the longest single wait. */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int quota, Duration window,
                         Duration timeout, Duration maxWait) {

        public static Policy of(ConnectorSettings s, VendorQuotas.Quota vendor) {
            return new Policy(Math.max(1, s.maxAttempts()), Duration.ofMillis(500), Duration.ofSeconds(30),
                    s.quota() > 0 ? s.quota() : vendor.requests(), s.quota() > 0 ? s.quotaWindow() : vendor.per(),
                    s.timeout(), s.maxWait());
        }
    }

    /** A successful (2xx) answer. */
    public record Response(int status, HttpHeaders headers, String body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final String connector;
    private final HttpClient client;
    private final Policy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RateLimiter budget;
    private final Retry retry;
    private final AtomicInteger waiting = new AtomicInteger();

    public TrackerHttp(String connector, Policy policy, Clock clock, Sleeper sleeper) {
        // HTTP/1.1: on a plain-http tracker (a self-hosted Redmine or Kimai) the JDK client's default h2c upgrade
        // attempt was seen to fail as "Frame type(108) ... exceeds MAX_FRAME_SIZE", costing a retry and a wait
        // redirects are followed here, not by the JDK client: it would carry the Authorization header to any host
        this(connector, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(policy.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build(), policy, clock, sleeper);
    }

    public TrackerHttp(String connector, HttpClient client, Policy policy, Clock clock, Sleeper sleeper) {
        this.connector = connector;
        this.client = client;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        // the budget's own waiting is not used (reservePermission): the wait goes through the sleeper, capped
        this.budget = RateLimiter.of("connector-" + connector, RateLimiterConfig.custom()
                .limitForPeriod(policy.quota()).limitRefreshPeriod(policy.window()).timeoutDuration(policy.maxWait())
                .build(), sleeper::nanoTime);
        IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(policy.initialBackoff(), 2,
                policy.maxBackoff());
        IntervalBiFunction<HttpResponse<String>> interval = (attempt, outcome) -> wait(attempt, outcome, backoff);
        this.retry = Retry.of("connector-" + connector, RetryConfig.<HttpResponse<String>>custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnResult(r -> isTransient(r.statusCode()))
                .retryOnException(e -> e instanceof IOException)
                .intervalBiFunction(interval)
                .build());
    }

    /** The connector's gauges: its budget's available permits and the threads waiting for one. */
    public void bindTo(MeterRegistry meters, String kind) {
        Gauge.builder("crahub.connector.budget.available", budget, b -> b.getMetrics().getAvailablePermissions())
                .description("Requests the connector may still send in its current budget period (negative: reserved"
                        + " ahead by waiting requests)")
                .tag("connector", connector).tag("kind", kind).register(meters);
        Gauge.builder("crahub.connector.budget.waiting", waiting, AtomicInteger::get)
                .description("Requests of the connector waiting for its budget")
                .tag("connector", connector).tag("kind", kind).register(meters);
    }

    public String connector() {
        return connector;
    }

    public Policy policy() {
        return policy;
    }

    HttpClient client() {
        return client;
    }

    Retry retry() {
        return retry;
    }

    public Response get(URI uri, Map<String, String> headers) {
        return send("GET", uri, headers, null);
    }

    public Response post(URI uri, Map<String, String> headers, String json) {
        return send("POST", uri, headers, json);
    }

    /**
     * Sends until a 2xx, a final refusal (4xx but 429), a wait longer than {@code maxWait}, or the attempts are spent
     * (Resilience4j's {@link Retry} decides and says how long to wait; the wait is the sleeper's); then a
     * {@link TrackerException} naming the connector.
     */
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
        String what = "Connector '" + connector + "': " + method + " " + withoutQuery(uri);
        Retry.AsyncContext<HttpResponse<String>> attempts = retry.asyncContext();
        for (int attempt = 1; ; attempt++) {
            long waitMillis;
            String last;
            try {
                acquire(what);
                HttpResponse<String> response = exchange(request);
                waitMillis = attempts.onResult(response);
                if (waitMillis < 0) {
                    attempts.onComplete();
                    return answer(what, response, attempt, headers);
                }
                last = "HTTP " + response.statusCode() + excerpt(response.body(), headers);
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                waitMillis = attempts.onError(e);
                if (waitMillis < 0) {
                    throw new TrackerException(what + " failed after " + attempts(attempt) + ": " + last, 0, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrackerException(what + " interrupted", 0, e);
            }
            Duration wait = Duration.ofMillis(waitMillis);
            log.warn("{} failed ({}), attempt {}/{}, retrying in {}", what, last, attempt, policy.maxAttempts(), wait);
            pause(wait, what);
        }
    }

    /**
     * One exchange, redirects within the tracker's own host followed (at most {@value #MAX_REDIRECTS}); a redirect to
     * another host is answered as is (refused: the credential would go with it).
     */
    private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest current = request;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<String> response = once(current);
            URI next = redirect(response);
            if (next == null || !sameHost(current.uri(), next) || redirects == MAX_REDIRECTS) {
                return response;
            }
            boolean asGet = response.statusCode() == 303
                    || (response.statusCode() <= 302 && "POST".equals(current.method()));
            current = HttpRequest.newBuilder(current, (name, value) -> true).uri(next)
                    .method(asGet ? "GET" : current.method(), asGet ? HttpRequest.BodyPublishers.noBody()
                            : current.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
                    .build();
        }
    }

    private static URI redirect(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        try {
            return response.headers().firstValue("Location").map(l -> response.uri().resolve(l.trim())).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The same host, on the same scheme and port or upgraded from http to https. */
    private static boolean sameHost(URI from, URI to) {
        if (from.getHost() == null || !from.getHost().equalsIgnoreCase(to.getHost())) {
            return false;
        }
        boolean sameScheme = from.getScheme().equalsIgnoreCase(String.valueOf(to.getScheme()));
        return sameScheme ? port(from) == port(to) : "http".equalsIgnoreCase(from.getScheme())
                && "https".equalsIgnoreCase(to.getScheme());
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** One request, bounded whole by the timeout (the JDK's request timeout stops at the headers: a drip-fed body
     * would hold the pull). */
    private HttpResponse<String> once(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return answer.get(policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + policy.timeout());
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    /** The last answer once the retry is done with it: a 2xx, or why not. */
    private Response answer(String what, HttpResponse<String> response, int attempt, Map<String, String> headers) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Response(status, response.headers(), response.body());
        }
        String last = "HTTP " + status + excerpt(response.body(), headers);
        URI elsewhere = redirect(response);
        if (elsewhere != null && sameHost(response.uri(), elsewhere)) {
            throw new TrackerException(what + " refused: more than " + MAX_REDIRECTS + " redirects", status, null);
        }
        if (elsewhere != null) {
            throw new TrackerException(what + " refused: HTTP " + status + ", redirected to " + withoutQuery(elsewhere)
                    + ", another host, not followed (the credential would go with it; if the tracker moved, set"
                    + " crahub.connectors." + connector + ".base-url)", status, null);
        }
        if (!isTransient(status)) {
            throw new TrackerException(what + " refused: " + last, status, null);
        }
        Duration asked = retryAfter(response);
        if (asked != null && asked.compareTo(policy.maxWait()) > 0) {
            throw new TrackerException(what + ": told to wait " + asked + " (Retry-After), more than max-wait "
                    + policy.maxWait() + ", giving up: " + last, status, null);
        }
        throw new TrackerException(what + " failed after " + attempts(attempt) + ": " + last, status, null);
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    private static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }

    /** The retry's interval: what {@code Retry-After} says on a 429 or 503 (-1, stop, beyond max-wait), else the
     * backoff. */
    private long wait(int attempt, Either<Throwable, HttpResponse<String>> outcome, IntervalFunction backoff) {
        if (outcome.isRight()) {
            Duration asked = retryAfter(outcome.get());
            if (asked != null) {
                return asked.compareTo(policy.maxWait()) > 0 ? -1 : asked.toMillis();
            }
        }
        return backoff.apply(attempt);
    }

    /** {@code Retry-After} of a 429 or 503: delta-seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(HttpResponse<String> response) {
        if (response.statusCode() != 429 && response.statusCode() != 503) {
            return null;
        }
        return retryAfter(response.headers().firstValue("Retry-After").orElse(null));
    }

    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            // more than nine digits is more than 31 years: no need to read it exactly (nor to overflow a long)
            return v.length() > 9 ? Duration.ofSeconds(999_999_999L) : Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException | ArithmeticException ignored) {
            return null; // the backoff
        }
    }

    /** One permit of the budget, waiting for it through the sleeper if need be; refused beyond max-wait. */
    private void acquire(String what) throws InterruptedException {
        long nanos = budget.reservePermission();
        if (nanos < 0) {
            throw new TrackerException(what + ": request budget of " + policy.quota() + " per " + policy.window()
                    + " spent, the next request would wait more than max-wait " + policy.maxWait()
                    + " (crahub.connectors." + connector + ".quota, .quota-window, .max-wait)", 429, null);
        }
        if (nanos > 0) {
            Duration wait = Duration.ofNanos(nanos);
            log.info("{}: request budget of {} per {} spent, waiting {}", what, policy.quota(), policy.window(), wait);
            waiting.incrementAndGet();
            try {
                sleeper.sleep(wait);
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    private void pause(Duration wait, String what) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException(what + " interrupted", 0, e);
        }
    }

    /**
     * The start of an error body for the message, on one line, without the request's credentials (the values of its
     * {@code Authorization} and {@code *key*}/{@code *token*} headers) should a hostile tracker echo them.
     */
    static String excerpt(String body, Map<String, String> headers) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String b = body.length() > 2000 ? body.substring(0, 2000) : body;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (CREDENTIAL_HEADER.matcher(h.getKey()).find()) {
                String value = h.getValue();
                String credential = value.contains(" ") ? value.substring(value.indexOf(' ') + 1) : value;
                if (credential.length() >= 4) { // after the scheme (Basic, Bearer)
                    b = b.replace(credential, "***");
                }
            }
        }
        b = b.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
        return ": " + (b.length() > 200 ? b.substring(0, 200) + "…" : b);
    }

    private static String withoutQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }
}
