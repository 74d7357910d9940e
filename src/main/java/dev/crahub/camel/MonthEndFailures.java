package dev.crahub.camel;

import dev.crahub.cra.CraSummary;
import dev.crahub.delivery.DispatchSummary;
import dev.crahub.delivery.InvoiceDispatcher;
import dev.crahub.invoice.InvoiceSummary;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.springframework.stereotype.Component;

/**
 * Turns a unit of month-end work that failed (one contract's CRA, one invoice, one mail) into the line the month
 * endpoint answers for it, so one failure never hides the others' results. The routes call it from their
 * {@code doCatch}, after the exchange went to the dead letters.
 */
@Component("monthEndFailures")
public class MonthEndFailures {

    static final String INPUT = "crahubInput";

    private final InvoiceDispatcher dispatcher;

    public MonthEndFailures(InvoiceDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public CraSummary cra(Exchange exchange) {
        return CraSummary.failed(exchange.getIn().getHeader(INPUT, String.class), month(exchange), answer(exchange));
    }

    public InvoiceSummary invoice(Exchange exchange) {
        return InvoiceSummary.failed(exchange.getIn().getHeader(INPUT, Long.class), month(exchange), answer(exchange));
    }

    public DispatchSummary dispatch(Exchange exchange) {
        return dispatcher.failed(exchange.getIn().getHeader(INPUT, Long.class), answer(exchange));
    }

    /** The reason, and a word when the dead letter could not be kept (so ops know there is nothing to replay). */
    private static String answer(Exchange exchange) {
        String notRecorded = exchange.getIn().getHeader(DeadLetterRecorder.NOT_RECORDED, String.class);
        return reason(exchange) + (notRecorded == null ? "" : " (not recorded in the dead letters: " + notRecorded + ")");
    }

    private static String month(Exchange exchange) {
        return exchange.getIn().getHeader("month", String.class);
    }

    /** The exception the unit failed with, Camel's wrappers taken off (they say nothing of their own). */
    static Throwable failure(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = exchange.getException();
        }
        while ((t instanceof RuntimeCamelException || t instanceof java.lang.reflect.InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String reason(Exchange exchange) {
        Throwable t = failure(exchange);
        if (t == null) {
            return "unknown failure";
        }
        String message = t.getClass().getSimpleName() + ": " + t.getMessage();
        Throwable cause = t.getCause();
        if (cause != null && cause != t && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (cause: " + cause.getMessage() + ")";
        }
        return message;
    }
}
