package dev.crahub.delivery;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * One call to a platform with what its answers mean for a retry, decided inside the call (ADR 0022): the OAuth token
 * is added; a 401 drops it and the call is made once more with a new one; a 429 (after the wait its Retry-After asks,
 * within a bound) or a 5xx or a network error is tried again after a doubling back-off, a bounded number of times;
 * then the caller hears that it gave up ({@link Answer#gaveUp}) and answers RETRY (the same channel later). Any other
 * answer is the platform's and is handed back as it is. A small loop rather than Resilience4j: the decisions depend on
 * each answer (Retry-After, a token to renew once) and read plainly here.
 */
public final class PlatformCall {

    /** How many times and how long to wait. */
    public record Policy(int attempts, Duration backoff, Duration maxWait, Duration timeout) {
        public Policy {
            attempts = Math.max(1, attempts);
        }
    }

    /** Waits between attempts (tests record the waits instead of sleeping). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    /** The most of an answer that is read (a CDAR, an error): more is refused, never buffered. */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    /** The platform's answer (status and body), or why the call gave up for now (then {@code status} is -1). */
    public record Answer(int status, String body, String gaveUp, boolean credentialsRefused) {
        public boolean answered() {
            return status >= 0;
        }
    }

    private final HttpClient http;
    private final OAuthTokens tokens;
    private final Policy policy;
    private final Sleeper sleeper;

    public PlatformCall(HttpClient http, OAuthTokens tokens, Policy policy, Sleeper sleeper) {
        this.http = http;
        this.tokens = tokens;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    /** Makes the call; {@code request} builds it around a bearer token (called again for each attempt). */
    public Answer send(String what, Function<String, HttpRequest.Builder> request) throws InterruptedException {
        boolean renewed = false;
        String last = null;
        for (int attempt = 1; attempt <= policy.attempts(); ) {
            Duration wait;
            try {
                String token = tokens.token();
                HttpResponse<java.io.InputStream> answer = http.send(request.apply(token).timeout(policy.timeout()).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = answer.statusCode();
                String body = body(answer);
                if (status == 401 && !renewed) {
                    tokens.drop(token);
                    renewed = true;
                    continue; // the same attempt, with a new token
                }
                if (status != 429 && status < 500) {
                    return new Answer(status, body, null, false);
                }
                last = what + ": the platform answered " + status + (status == 429 ? " (too many requests)" : "");
                wait = status == 429 ? retryAfter(answer).orElse(backoff(attempt)) : backoff(attempt);
            } catch (OAuthTokens.TokenRefusedException e) {
                return new Answer(-1, null, e.getMessage(), true);
            } catch (IOException e) {
                last = what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                wait = backoff(attempt);
            }
            if (attempt == policy.attempts()) {
                break;
            }
            sleeper.sleep(wait.compareTo(policy.maxWait()) > 0 ? policy.maxWait() : wait);
            attempt++;
        }
        return new Answer(-1, null, last + " (" + policy.attempts() + " attempts)", false);
    }

    /** The body as text, at most {@link #MAX_ANSWER_BYTES} (beyond: an IOException, as a network error). */
    private static String body(HttpResponse<java.io.InputStream> answer) throws IOException {
        try (java.io.InputStream in = answer.body()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new IOException("the platform's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private Duration backoff(int attempt) {
        return policy.backoff().multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    /** Retry-After in seconds (an HTTP date is read as "the back-off"). */
    static java.util.Optional<Duration> retryAfter(HttpResponse<?> answer) {
        return answer.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.strip());
                return seconds < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }
}
