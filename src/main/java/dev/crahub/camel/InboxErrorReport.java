package dev.crahub.camel;

import java.time.Clock;
import java.time.OffsetDateTime;

import dev.crahub.referential.InvalidReferentialException;
import dev.crahub.timesheet.InvalidTimesheetException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Writes the readable report that goes beside a rejected inbox file in {@code .error/}: what was rejected, that
 * nothing of it was imported, and every problem found.
 */
@Component("inboxErrorReport")
public class InboxErrorReport implements Processor {

    private final Clock clock;

    public InboxErrorReport(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String report;
        if (t instanceof InvalidTimesheetException invalid) {
            report = invalid.report();
        } else if (t instanceof InvalidReferentialException invalid) {
            report = "File " + file + " was rejected and nothing of it was stored.\n"
                    + "Fix the problems below and drop the file again into the inbox.\n\n"
                    + String.join("\n", invalid.problems()) + "\n";
        } else {
            report = "File " + file + " could not be imported; nothing of it was stored.\n\n"
                    + MonthEndFailures.reason(exchange) + "\n";
        }
        exchange.getIn().setBody("# crahub, " + OffsetDateTime.now(clock).withNano(0) + "\n" + report);
    }
}
