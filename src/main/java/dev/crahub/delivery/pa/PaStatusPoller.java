package dev.crahub.delivery.pa;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads the lifecycle flows each platform listed since the last poll ({@code POST /v1/flows/search}, then each flow's
 * CDAR) into {@link StatusIntake}; called by the timer route {@code delivery-poll-pa-statuses}. The first poll after a
 * start looks back {@code crahub.delivery.pa-status-lookback} (7 days); then each poll starts where the last
 * successful one began, less a minute: a flow seen twice is stored once. A platform that cannot be read is logged and
 * read again on the next poll; the others go on.
 */
@Component("paStatusPoller")
public class PaStatusPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PaStatusPoller.class);
    private static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final PaClients clients;
    private final StatusIntake intake;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration lookback;
    private final Map<String, Instant> since = new ConcurrentHashMap<>();

    public PaStatusPoller(PaClients clients, StatusIntake intake, ObjectMapper json, Clock clock,
                          @Value("${crahub.delivery.pa-status-lookback:P7D}") Duration lookback) {
        this.clients = clients;
        this.intake = intake;
        this.json = json;
        this.clock = clock;
        this.lookback = lookback;
    }

    /** What one poll did, per platform: {@code stored}, {@code known}, {@code ignored} or {@code error}. */
    public List<String> poll() throws InterruptedException {
        List<String> done = new ArrayList<>();
        for (String name : clients.platforms().keySet()) {
            PaClient client = clients.client(name).orElse(null);
            if (client == null) {
                continue;
            }
            Instant start = clock.instant();
            Instant from = since.getOrDefault(name, start.minus(lookback));
            int stored = 0;
            int known = 0;
            int ignored = 0;
            try {
                for (JsonNode flow : client.lifecycleFlowsSince(from)) {
                    String flowId = flow.path("flowId").asText("");
                    String type = flow.path("flowType").asText(PaClient.LIFECYCLE_FLOW_TYPE);
                    if (!FlowIds.valid(flowId) || !type.endsWith("LC")) {
                        ignored++;
                        continue;
                    }
                    switch (intake.take(name, flowId, client.original(flowId), json.convertValue(flow, MAP), "POLL")) {
                        case STORED -> stored++;
                        case ALREADY_KNOWN -> known++;
                        case IGNORED -> ignored++;
                    }
                }
                since.put(name, start.minus(OVERLAP));
                done.add(name + ": " + stored + " stored, " + known + " known, " + ignored + " ignored");
            } catch (IOException e) {
                LOG.warn("Lifecycle statuses of platform {} could not be read ({}): read again on the next poll", name,
                        e.getMessage());
                done.add(name + ": error " + e.getMessage());
            }
        }
        return done;
    }
}
