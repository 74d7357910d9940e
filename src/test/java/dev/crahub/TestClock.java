package dev.crahub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The hub's clock in full-stack tests: the system clock, unless a test moves it (time keeps flowing from the
 * moved instant). A test that moves it resets it after itself ({@link #reset()}), so the other test classes sharing
 * the Spring context see real time.
 */
public final class TestClock extends Clock {

    private final ZoneId zone;
    private volatile Duration offset = Duration.ZERO;

    TestClock(ZoneId zone) {
        this.zone = zone;
    }

    /** Moves the hub's time to this instant (then it flows on). */
    public void moveTo(ZonedDateTime at) {
        offset = Duration.between(Instant.now(), at.toInstant());
    }

    /** Back to real time. */
    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        TestClock other = new TestClock(zone);
        other.offset = offset;
        return other;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** Replaces {@code ClockConfiguration}'s clock (primary) in every full-stack test context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {
        @Bean
        @Primary
        TestClock testClock(@org.springframework.beans.factory.annotation.Value("${crahub.zone:Europe/Paris}") String zone) {
            return new TestClock(ZoneId.of(zone));
        }
    }
}
