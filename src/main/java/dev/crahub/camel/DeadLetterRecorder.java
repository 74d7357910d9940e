package dev.crahub.camel;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.system.FailureLog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Records the failed exchange in the dead letters: the endpoint to replay it on ({@code crahubReplayEndpoint}
 * header, else the route's own input), its business headers, its body with its type (see {@link DeadLetterBody}),
 * and why it failed; then logs the failure in one line (the trace once per kind of failure, {@link FailureLog}).
 * Recording never fails the unit's caller: if the dead letter cannot be stored (database down, a body Camel cannot
 * read), that is logged and said in the unit's answer ({@link #NOT_RECORDED}), and the month goes on with the
 * next unit.
 */
@Component("deadLetterRecorder")
public class DeadLetterRecorder implements Processor {

    static final String REPLAY_ENDPOINT = "crahubReplayEndpoint";
    /** Header set on the exchange when the dead letter could not be stored: why. */
    static final String NOT_RECORDED = "crahubDeadLetterNotRecorded";
    /** Header set on the exchange with the id of the dead letter stored. */
    static final String RECORDED_ID = "crahubDeadLetterId";

    private final DeadLetterStore store;
    private final ObjectMapper json;
    private final FailureLog failures;

    public DeadLetterRecorder(DeadLetterStore store, ObjectMapper json, FailureLog failures) {
        this.store = store;
        this.json = json;
        this.failures = failures;
    }

    @Override
    public void process(Exchange exchange) {
        String route = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        String endpoint = exchange.getIn().getHeader(REPLAY_ENDPOINT, String.class);
        if (endpoint == null) {
            endpoint = exchange.getFromEndpoint() == null ? "unknown" : exchange.getFromEndpoint().getEndpointUri();
        }
        String reason = MonthEndFailures.reason(exchange);
        Throwable cause = MonthEndFailures.failure(exchange);
        String unit = unit(exchange);
        String recorded;
        try {
            DeadLetterBody body = DeadLetterBody.of(exchange);
            long id = store.add(clip(route, 100), clip(endpoint, 500), headers(exchange), body.bytes(), body.type(),
                    reason);
            exchange.getIn().setHeader(RECORDED_ID, id);
            recorded = "dead letter " + id + ", replay on " + endpoint;
        } catch (Exception | LinkageError e) {
            // the unit stays failed and the others go on; the recording's own failure is logged (trace once)
            failures.failed("dead letter recording", "the failure of " + unit + " in route " + route, null, e, null);
            exchange.getIn().setHeader(NOT_RECORDED, rootReason(e));
            recorded = "NOT recorded in the dead letters";
        }
        // named after the unit's own route (the replay endpoint) rather than the month route that split it
        String where = endpoint.startsWith("direct:") ? endpoint.substring("direct:".length()) : route;
        failures.failed("route " + where, unit, reason, cause, recorded);
    }

    private String headers(Exchange exchange) throws Exception {
        Map<String, String> headers = new TreeMap<>();
        exchange.getIn().getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel") && !name.startsWith("crahubDeadLetter")
                    && !name.equals(REPLAY_ENDPOINT) && isSimple(value)) {
                headers.put(name, value.toString());
            }
        });
        return json.writeValueAsString(headers);
    }

    /** Which unit failed, as ops know it: the split's input (a CRA id, a contract code), else the body. */
    private static String unit(Exchange exchange) {
        Object input = exchange.getIn().getHeader(MonthEndFailures.INPUT);
        if (input == null) {
            input = exchange.getIn().getBody();
        }
        String text = input instanceof CharSequence || input instanceof Number ? input.toString()
                : input == null ? "an empty body" : input.getClass().getSimpleName();
        return clip(text, 200);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static boolean isSimple(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean;
    }

    /** The one-line reason of a recording failure, for the unit's answer. */
    private static String rootReason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
