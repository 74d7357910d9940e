package dev.crahub.camel;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Ops' view of the dead letters, and their replay on the endpoint they failed on. */
@RestController
class DeadLetterController {

    private final DeadLetterStore store;
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    DeadLetterController(DeadLetterStore store, ProducerTemplate producer, ObjectMapper json) {
        this.store = store;
        this.producer = producer;
        this.json = json;
    }

    @GetMapping("/api/dead-letters")
    List<DeadLetterView> list(@RequestParam(defaultValue = "true") boolean pending) {
        return store.list(pending).stream().map(DeadLetterView::of).toList();
    }

    @PostMapping("/api/dead-letters/{id}/replay")
    ReplayResult replay(@PathVariable long id) throws Exception {
        DeadLetterStore.DeadLetter letter = store.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No dead letter " + id));
        Map<String, Object> headers = json.readValue(letter.headers(), new TypeReference<>() { });
        try {
            Object result = producer.requestBodyAndHeaders(letter.endpointUri(),
                    DeadLetterBody.restore(letter.body(), letter.bodyType()), headers);
            store.replayed(id, null);
            return new ReplayResult(id, true, result, null);
        } catch (CamelExecutionException e) {
            String error = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            store.replayed(id, error);
            return new ReplayResult(id, false, null, error);
        }
    }

    record DeadLetterView(long id, String routeId, String endpointUri, String headers, String body, String bodyType,
                          String error,
                          java.time.OffsetDateTime failedAt, java.time.OffsetDateTime replayedAt, String replayError) {
        static DeadLetterView of(DeadLetterStore.DeadLetter d) {
            return new DeadLetterView(d.id(), d.routeId(), d.endpointUri(), d.headers(),
                    DeadLetterBody.display(d.body(), d.bodyType()), d.bodyType(), d.error(),
                    d.failedAt(), d.replayedAt(), d.replayError());
        }
    }

    record ReplayResult(long id, boolean replayed, Object result, String error) {
    }
}
