package dev.crahub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Strict reading (ADR 0028) through the real inbox route: the issue's row, an unquoted decimal comma in a
 * comma-separated file, sends the whole file to {@code .error/} with a report naming its line and column, and stores
 * nothing of it; and the logs say what happened, once: a good file one "committed" line with its name, a rejected
 * one no "committed" line and its rejection once with its name.
 */
class StrictTimesheetInboxIntegrationTests extends HubTestSupport {

    /** Events of every logger, kept safely while the route's threads log. */
    private static final class Captured extends AppenderBase<ILoggingEvent> {
        final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }

        List<String> lines(String fileName) {
            return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                    .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(fileName)).toList();
        }
    }

    private final Captured logs = new Captured();

    @BeforeEach
    void capture() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        logs.stop();
    }

    @Test
    void theIssuesRowGoesToErrorWithItsLineAndColumnNothingStoredAndEachOutcomeLoggedOnce() throws Exception {
        drop("timesheets", "strict-good-2026-12.csv", "consultant,date,hours,project,comment\n"
                + "jdupont,2026-12-02,7.5,GLOBEX-FACT,ok\n");
        awaitDone("timesheets", "strict-good-2026-12.csv");

        drop("timesheets", "strict-bad-2026-12.csv", "consultant,date,hours,project,comment\n"
                + "jdupont,2026-12-03,7.5,GLOBEX-FACT,good line of a bad file\n"
                + "amoreau,2026-12-01,7,5,GLOBEX-FACT,\"Atelier\"\n");
        Path errors = home.inbox("timesheets").resolve(".error");
        Path report = errors.resolve("strict-bad-2026-12.csv.error.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report)
                && Files.exists(errors.resolve("strict-bad-2026-12.csv"))
                && !logs.lines("strict-bad-2026-12.csv").isEmpty());

        assertThat(Files.readString(report, StandardCharsets.UTF_8)).contains("nothing of it was imported",
                "line 3, column 3 'hours': the row has one field more than the header (6 instead of 5): '7,5' in"
                        + " columns 3 and 4 looks like a number with a decimal comma, which must be quoted (\"7,5\")"
                        + " or written 7.5 in a comma-separated file");
        assertThat(Files.exists(home.inbox("timesheets").resolve(".done/strict-bad-2026-12.csv"))).isFalse();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stored = admin().getForObject("/api/time-entries?from=2026-12-01&to=2026-12-31",
                List.class);
        assertThat(stored).singleElement().satisfies(e -> assertThat(e.toString()).contains("2026-12-02"));

        List<String> good = logs.lines("strict-good-2026-12.csv");
        assertThat(good.stream().filter(l -> l.contains("committed"))).singleElement()
                .satisfies(l -> assertThat(l).contains("Time entries from generic (strict-good-2026-12.csv) committed"));
        List<String> bad = logs.lines("strict-bad-2026-12.csv");
        assertThat(bad).noneMatch(l -> l.contains("committed") || l.contains("created="));
        assertThat(bad).singleElement().satisfies(l -> assertThat(l).contains("rejected"));
    }
}
