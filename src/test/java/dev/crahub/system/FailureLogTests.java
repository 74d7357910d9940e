package dev.crahub.system;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One WARN line per failure, the stack trace once per signature, a unit failing on every poll logged once. */
class FailureLogTests {

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private FailureLog failures;

    @BeforeEach
    void setUp() {
        Logger logger = new LoggerContext().getLogger("failures");
        logger.setLevel(Level.DEBUG);
        events.start();
        logger.addAppender(events);
        failures = new FailureLog(logger, Clock.fixed(Instant.parse("2026-11-30T09:42:07Z"), ZoneId.of("Europe/Paris")));
    }

    @Test
    void nIdenticalFailuresGiveNLinesAndOneStackTrace() {
        for (int id = 200; id < 250; id++) {
            failures.failed("route invoice-issue-one", String.valueOf(id), null,
                    new IllegalStateException("invoice " + id + ": stylesheet broken at line 12"), "dead letter " + (1000 + id));
        }
        assertThat(events.list).hasSize(50).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
        assertThat(events.list.stream().filter(e -> e.getThrowableProxy() != null)).hasSize(1);
        assertThat(events.list.get(0).getFormattedMessage()).isEqualTo("route invoice-issue-one failed for '200': "
                + "IllegalStateException: invoice 200: stylesheet broken at line 12 [dead letter 1200]");
        assertThat(events.list.get(49).getFormattedMessage()).endsWith("[dead letter 1249] (seen 50 times, stack trace logged at 10:42:07)");
    }

    @Test
    void anotherRouteOrAnotherExceptionIsAnotherSignature() {
        failures.failed("route a", "1", null, new IllegalStateException("x 1"), null);
        failures.failed("route b", "1", null, new IllegalStateException("x 1"), null);
        failures.failed("route a", "1", null, new IllegalArgumentException("x 1"), null);
        failures.failed("route a", "2", null, new IllegalStateException("x 2"), null);
        assertThat(events.list.stream().filter(e -> e.getThrowableProxy() != null)).hasSize(3);
    }

    @Test
    void theCauseDecidesTheSignatureAndTheLineStaysOnOneLine() {
        failures.failed("inbox", "evil\nname.csv", null, new RuntimeException("wrapper", new java.io.IOException("disk\r\nfull")), null);
        assertThat(events.list.get(0).getFormattedMessage()).doesNotContain("\n", "\r")
                .isEqualTo("inbox failed for 'evil name.csv': wrapper (IOException: disk full)");
    }

    @Test
    void aUnitFailingOnEveryPollIsLoggedOnceThenAtPowersOfTen() {
        for (int poll = 1; poll <= 120; poll++) {
            failures.failedRepeatedly("inbox", "stuck.csv", null, new java.io.IOException("cannot rename"), null);
        }
        assertThat(events.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
                .containsExactly("inbox failed for 'stuck.csv': IOException: cannot rename",
                        "inbox still fails for 'stuck.csv' (10 times): IOException: cannot rename",
                        "inbox still fails for 'stuck.csv' (100 times): IOException: cannot rename");
        assertThat(events.list.stream().filter(e -> e.getThrowableProxy() != null)).hasSize(1);
        failures.failedRepeatedly("inbox", "other.csv", null, new java.io.IOException("cannot rename"), null);
        assertThat(events.list.get(events.list.size() - 1).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void theSignaturesAreBounded() {
        for (int i = 0; i < FailureLog.CAPACITY + 10; i++) {
            failures.failed("route r" + i, "1", null, new IllegalStateException("boom"), null);
        }
        failures.failed("route r0", "1", null, new IllegalStateException("boom"), null);
        // r0 was forgotten (least recently seen): its trace is logged again rather than the map growing
        assertThat(events.list.get(events.list.size() - 1).getThrowableProxy()).isNotNull();
    }
}
