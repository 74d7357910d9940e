package dev.crahub.camel;

import dev.crahub.system.FailureLog;
import dev.crahub.system.InboxFileNames;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * What the polling consumers (file inboxes, the connectors' timer) do with a failure outside a route's own error
 * handling (a file that cannot be locked, moved or renamed, a folder that cannot be listed, a timer exchange that
 * failed): log it once per unit and kind of failure, not on every poll with its stack trace as Camel's default
 * handler does ({@link FailureLog#failedRepeatedly}). Set on each consumer as {@code exceptionHandler} (and
 * {@code onCompletionExceptionHandler} for files).
 */
@Component("consumerExceptionHandler")
public class ConsumerExceptionHandler implements ExceptionHandler {

    private final FailureLog failures;

    public ConsumerExceptionHandler(FailureLog failures) {
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
        String route = exchange == null || exchange.getFromRouteId() == null ? "consumer"
                : "route " + exchange.getFromRouteId();
        failures.failedRepeatedly(route, file == null ? "its poll" : InboxFileNames.shown(file),
                message == null ? null : message + ": " + (exception == null ? "" : exception.getMessage()),
                exception, null);
    }
}
