package dev.crahub.camel;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records the failed exchange in the dead letters: the endpoint to replay it on ({@code crahubReplayEndpoint}
 * header, else the route's own input), its business headers and body, and why it failed.
 */
@Component("deadLetterRecorder")
public class DeadLetterRecorder implements Processor {

    static final String REPLAY_ENDPOINT = "crahubReplayEndpoint";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecorder.class);

    private final DeadLetterStore store;
    private final ObjectMapper json;

    public DeadLetterRecorder(DeadLetterStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        String endpoint = exchange.getIn().getHeader(REPLAY_ENDPOINT, String.class);
        if (endpoint == null) {
            endpoint = exchange.getFromEndpoint() == null ? "unknown" : exchange.getFromEndpoint().getEndpointUri();
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getIn().getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel") && !name.equals(REPLAY_ENDPOINT) && isSimple(value)) {
                headers.put(name, value.toString());
            }
        });
        String route = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        String reason = MonthEndFailures.reason(exchange);
        byte[] body = exchange.getIn().getBody(byte[].class);
        long id = store.add(route, endpoint, json.writeValueAsString(headers), body, reason);
        log.warn("Dead letter {} from route {} (replay on {}): {}", id, route, endpoint, reason);
    }

    private static boolean isSimple(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean;
    }
}
