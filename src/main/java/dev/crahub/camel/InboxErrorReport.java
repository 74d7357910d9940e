package dev.crahub.camel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.OffsetDateTime;

import dev.crahub.expense.InvalidExpenseFileException;
import dev.crahub.referential.InvalidReferentialException;
import dev.crahub.system.FailureLog;
import dev.crahub.system.InboxFileNames;
import dev.crahub.timesheet.InvalidTimesheetException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Writes the readable report that goes beside a rejected inbox file in {@code .error/}: what was rejected, that
 * nothing of it was imported, and every problem found; then logs the rejection in one line (once per file, not
 * on every poll: {@link FailureLog#failedRepeatedly}). The report is written here rather than by a Camel file
 * producer, under a name that always fits the file system ({@link InboxFileNames#reportName}): a name with a line
 * feed or of 250 bytes broke the producer's URI or the 255-byte limit, the exception came back on every poll with
 * its trace, and the file never moved. Writing the report never fails the rejection: the file still goes to
 * {@code .error/} (the consumer's {@code moveFailed}).
 */
@Component("inboxErrorReport")
public class InboxErrorReport implements Processor {

    private final Clock clock;
    private final FailureLog failures;

    public InboxErrorReport(Clock clock, FailureLog failures) {
        this.clock = clock;
        this.failures = failures;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String parent = exchange.getIn().getHeader(Exchange.FILE_PARENT, String.class);
        String route = exchange.getFromRouteId() == null ? "inbox" : exchange.getFromRouteId();
        String shown = InboxFileNames.shown(file);
        String reportName = InboxFileNames.reportName(file == null ? "unnamed" : file);

        String problems;
        String why;
        if (t instanceof InvalidTimesheetException invalid) {
            problems = file == null ? invalid.report() : invalid.report().replace(file, shown);
            why = invalid.getMessage();
        } else if (t instanceof InvalidExpenseFileException invalid) {
            problems = file == null ? invalid.report() : invalid.report().replace(file, shown);
            why = invalid.getMessage();
        } else if (t instanceof InvalidReferentialException invalid) {
            problems = "File " + shown + " was rejected and nothing of it was stored.\n"
                    + "Fix the problems below and drop the file again into the inbox.\n\n"
                    + String.join("\n", invalid.problems()) + "\n";
            why = invalid.problems().size() + " problem(s) in the referential";
        } else {
            why = MonthEndFailures.reason(exchange);
            problems = "File " + shown + " could not be imported; nothing of it was stored.\n\n" + why + "\n";
        }
        String report = "# crahub, " + OffsetDateTime.now(clock).withNano(0) + "\n"
                + "# file: .error/" + shown
                + (reportName.equals(file + ".error.txt") ? "" : "\n# (this report's name is the file's, shortened"
                + " or with control characters replaced, and a hash of the full name: see ADR 0011)")
                + "\n" + problems;
        exchange.getIn().setBody(report);

        String recorded;
        try {
            write(Path.of(parent).resolve(".error"), reportName, report);
            recorded = "report .error/" + InboxFileNames.shown(reportName);
        } catch (IOException | RuntimeException e) {
            failures.failedRepeatedly("inbox report", InboxFileNames.shown(relative), "could not write .error/" + reportName, e, null);
            recorded = "no report written";
        }
        failures.failedRepeatedly("inbox " + route, InboxFileNames.shown(relative), why, t, recorded);
    }

    /** Written aside, then moved in: a reader never sees half a report (a hidden temporary name, never picked up). */
    private static void write(Path dir, String name, String report) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".report-", ".tmp");
        try {
            Files.writeString(temp, report, StandardCharsets.UTF_8);
            Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
