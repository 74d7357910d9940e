package dev.crahub.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code crahub.delivery.*}: how often a channel that answered RETRY is tried again before it counts as failed and
 * the client's next channel is tried ({@code max-attempts}), and the wait before the next attempt
 * ({@code retry-backoff}, doubled at each attempt); how long a dispatch must have been SENDING, untouched, before a
 * person may decide it ({@code decide-after}, ADR 0021). The timer's period is {@code crahub.delivery.retry-poll} (ms,
 * read by route {@code delivery-dispatch-retry}). Credentials of SFTP servers are {@code crahub.delivery.credentials.<name>.*},
 * from the environment only ({@link DeliveryCredentials}).
 */
@ConfigurationProperties("crahub.delivery")
public record DeliverySettings(Integer maxAttempts, Duration retryBackoff, Duration decideAfter) {

    public DeliverySettings {
        if (maxAttempts == null || maxAttempts < 1) {
            maxAttempts = 5;
        }
        if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.isZero()) {
            retryBackoff = Duration.ofSeconds(60);
        }
        if (decideAfter == null || decideAfter.isNegative()) {
            decideAfter = Duration.ofMinutes(15);
        }
    }

    /** The wait after the {@code n}th attempt (from 1) of a channel: the back-off doubled at each attempt, at most a day. */
    public Duration backoff(int n) {
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(Math.max(n - 1, 0), 16));
        return wait.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : wait;
    }
}
