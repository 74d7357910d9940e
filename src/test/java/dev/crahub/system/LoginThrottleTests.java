package dev.crahub.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The guessing throttle's rules, on a clock the test moves (no sleeping, no timing). */
class LoginThrottleTests {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-05T09:00:00Z");

        void move(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final LoginThrottle throttle = new LoginThrottle(clock,
            new LoginThrottle.Policy(5, 20, Duration.ofSeconds(5), Duration.ofMinutes(15), 100));

    @Test
    void aFewMistakesAreFreeThenTheClientWaitsLongerAndLonger() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.retryAfter("10.0.0.1", "admin")).isZero();
            throttle.failed("10.0.0.1", "admin");
        }
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isEqualTo(Duration.ZERO);
        throttle.failed("10.0.0.1", "admin"); // 5th: the 6th attempt waits 5 s
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(5));
        clock.move(Duration.ofSeconds(3));
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(2));
        clock.move(Duration.ofSeconds(2));
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isZero();
        throttle.failed("10.0.0.1", "admin"); // 6th: 10 s
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(10));
        clock.move(Duration.ofSeconds(10));
        throttle.failed("10.0.0.1", "admin"); // 7th: 20 s
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theBlockNeverExceedsTheCeiling() {
        for (int i = 0; i < 60; i++) {
            clock.move(Duration.ofHours(1));
            throttle.failed("10.0.0.1", "admin");
        }
        // quiet for an hour each time is more than twice the ceiling: counts were forgotten in between
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isZero();
        for (int i = 0; i < 60; i++) {
            clock.move(throttle.retryAfter("10.0.0.1", "admin"));
            throttle.failed("10.0.0.1", "admin");
        }
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void anotherClientIsNotAffected() {
        for (int i = 0; i < 30; i++) {
            throttle.failed("10.0.0.66", "admin");
        }
        assertThat(throttle.retryAfter("10.0.0.66", "admin")).isPositive();
        assertThat(throttle.retryAfter("10.0.0.2", "admin")).isZero();
    }

    @Test
    void oneClientTryingManyUsersIsThrottledAsAClient() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("10.0.0.66", "user" + i);
        }
        assertThat(throttle.retryAfter("10.0.0.66", "someone-new")).isZero();
        throttle.failed("10.0.0.66", "user-20");
        assertThat(throttle.retryAfter("10.0.0.66", "someone-new")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSuccessFromTheClientForgetsItsFailures() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isPositive();
        throttle.succeeded("10.0.0.1", "admin");
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isZero();
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.retryAfter("10.0.0.1", "admin")).isZero();
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfAddresses() {
        for (int i = 0; i < 1_000; i++) {
            throttle.failed("10.1." + (i / 250) + "." + (i % 250), "admin");
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(100);
    }
}
