package dev.crahub.cra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Gauges of the CRA workflow in {@code /actuator/prometheus}: {@code crahub_cras{status=...}} and
 * {@code crahub_cras_overdue} (SENT past their deadline). Read from the database at most once every few seconds,
 * whatever the scrapes and the number of gauges: one cached snapshot serves them all.
 */
@Component
public class CraGauges {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final CraStore store;
    private final Clock clock;
    private volatile Snapshot snapshot;

    public CraGauges(CraStore store, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        for (CraStatus status : CraStatus.values()) {
            Gauge.builder("crahub.cras", this, g -> g.counts().byStatus().getOrDefault(status, 0L))
                    .tag("status", status.name()).description("CRA versions by status").register(registry);
        }
        Gauge.builder("crahub.cras.overdue", this, g -> g.counts().overdue())
                .description("CRAs sent and past their validation deadline").register(registry);
    }

    synchronized CraStore.Counts counts() {
        Snapshot s = snapshot;
        Instant now = Instant.now();
        if (s == null || s.at().plus(FRESH_FOR).isBefore(now)) {
            s = new Snapshot(now, store.counts(LocalDate.now(clock)));
            snapshot = s;
        }
        return s.counts();
    }

    private record Snapshot(Instant at, CraStore.Counts counts) {
    }
}
