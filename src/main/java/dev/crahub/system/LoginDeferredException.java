package dev.crahub.system;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;

/**
 * A login that was not even checked: the client failed too often lately (429), or too many password checks are
 * already running (503). Either way the client is told when to come back ({@code Retry-After}).
 */
final class LoginDeferredException extends AuthenticationException {

    private final HttpStatus status;
    private final Duration retryAfter;

    LoginDeferredException(HttpStatus status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static LoginDeferredException throttled(Duration retryAfter) {
        return new LoginDeferredException(HttpStatus.TOO_MANY_REQUESTS, retryAfter,
                "Too many failed logins from your address: try again in " + seconds(retryAfter) + " s.");
    }

    static LoginDeferredException busy() {
        return new LoginDeferredException(HttpStatus.SERVICE_UNAVAILABLE, Duration.ofSeconds(1),
                "The hub is checking too many passwords at once: try again in a second.");
    }

    HttpStatus status() {
        return status;
    }

    /** Whole seconds, rounded up, at least 1 (the value of {@code Retry-After}). */
    long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration d) {
        long s = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
