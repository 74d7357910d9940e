package dev.crahub.camel;

import dev.crahub.system.FailureLog;
import dev.crahub.system.InboxFileNames;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * What the inbox consumers do with a failure outside a route (a file that cannot be locked, moved or renamed,
 * a folder that cannot be listed): log it once per file and kind of failure, not on every poll with its stack
 * trace as Camel's default handler does ({@link FailureLog#failedRepeatedly}).
 */
@Component("inboxExceptionHandler")
public class InboxExceptionHandler implements ExceptionHandler {

    private final FailureLog failures;

    public InboxExceptionHandler(FailureLog failures) {
        this.failures = failures;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String file = exchange == null ? null : exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String route = exchange == null || exchange.getFromRouteId() == null ? "inbox consumer"
                : "inbox " + exchange.getFromRouteId();
        failures.failedRepeatedly(route, file == null ? "the inbox folder" : InboxFileNames.shown(file),
                message == null ? null : message + ": " + (exception == null ? "" : exception.getMessage()),
                exception, null);
    }
}
