package dev.crahub.timesheet.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.TimeEntryIngestor;
import dev.crahub.timesheet.TimeEntryIngestor.SyncRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pulls connectors: fetch (lazily, page by page) → {@link TimeEntryIngestor} → new watermark, all in one transaction:
 * a failure anywhere (5xx exhausted on page 3, a bad payload) stores nothing and leaves the watermark where it was;
 * the failure itself is then recorded on the connector ({@code GET /api/connectors}) and rethrown (dead letters).
 */
@Service
public class ConnectorPulls {

    private static final Logger log = LoggerFactory.getLogger(ConnectorPulls.class);

    /** What {@code GET /api/connectors} shows of one connector. */
    public record Status(String name, String kind, boolean enabled, String schedule, String baseUrl, String watermark,
                         Instant lastPullAt, Instant lastSuccessAt, String lastResult, String lastError) {
    }

    private final Trackers trackers;
    private final WatermarkStore watermarks;
    private final TimeEntryIngestor ingestor;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ConnectorPulls(Trackers trackers, WatermarkStore watermarks, TimeEntryIngestor ingestor,
                          PlatformTransactionManager transactions, Clock clock) {
        this.trackers = trackers;
        this.watermarks = watermarks;
        this.ingestor = ingestor;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * The incremental pull of one connector: what changed since its watermark. When another instance is pulling it
     * right now, nothing is done (the answer's origin says so): the other pull covers the same changes.
     */
    public IngestResult pull(String name) {
        Instant started = clock.instant();
        return run(name, started, () -> {
            var locked = watermarks.tryLock(name);
            if (locked.isEmpty()) {
                log.info("Connector {} is being pulled elsewhere, skipped", name);
                return new IngestResult(name, "skipped: being pulled elsewhere", 0, 0, 0, 0, 0, 0);
            }
            String watermark = locked.get().orElse(null);
            Tracker.Batch batch = trackers.tracker(name).changes(watermark, LocalDate.now(clock));
            IngestResult result = ingestor.ingest(name, "pull since " + (watermark == null ? "start" : watermark),
                    batch.entries(), batch.sync());
            if (batch.deletedIds() != null) {
                java.util.Collection<String> gone = batch.deletedIds().get();
                long marked = gone.isEmpty() ? 0 : watermarks.markDeleted(name, gone);
                result = new IngestResult(result.source(), result.origin(), result.received(), result.created(),
                        result.updated(), result.unchanged(), result.unmapped(), result.deleted() + marked);
            }
            String next = batch.watermark() == null ? null : batch.watermark().get();
            watermarks.succeeded(name, next, summary(result), started);
            return result;
        });
    }

    /** A full resync of {@code [from, to]}: entries absent from the tracker's answer are marked deleted. */
    public IngestResult sync(String name, LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        Instant started = clock.instant();
        return run(name, started, () -> {
            watermarks.lock(name);
            IngestResult result = ingestor.ingest(name, "sync " + from + ".." + to,
                    trackers.tracker(name).range(from, to), new SyncRange(from, to));
            watermarks.succeeded(name, null, summary(result), started);
            return result;
        });
    }

    private IngestResult run(String name, Instant started, java.util.function.Supplier<IngestResult> work) {
        trackers.settings(name);
        try {
            return tx.execute(s -> work.get());
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // logged once where it lands: the dead letters' line for a scheduled pull, the 502 for a sync (ADR 0011)
            log.debug("Connector {} failed, nothing stored: {}", name, reason);
            tx.executeWithoutResult(s -> watermarks.failed(name, reason, started));
            throw e;
        }
    }

    /** Enabled connectors whose schedule says a pull is due now (never pulled: due). */
    public List<String> due() {
        Map<String, WatermarkStore.State> states = watermarks.all();
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<String> due = new ArrayList<>();
        trackers.settings().forEach((name, s) -> {
            if (!s.enabled() || s.schedule() == null || s.schedule().isBlank()) {
                return;
            }
            WatermarkStore.State state = states.get(name);
            if (state == null || state.lastPullAt() == null) {
                due.add(name);
                return;
            }
            ZonedDateTime last = state.lastPullAt().atZoneSameInstant(clock.getZone());
            ZonedDateTime next = nextRun(s.schedule().trim(), last);
            if (next != null && !next.isAfter(now)) {
                due.add(name);
            }
        });
        return due;
    }

    static ZonedDateTime nextRun(String schedule, ZonedDateTime last) {
        if (CronExpression.isValidExpression(schedule)) {
            return CronExpression.parse(schedule).next(last);
        }
        Duration every = DurationStyle.detectAndParse(schedule);
        return last.plus(every);
    }

    public List<Status> statuses() {
        Map<String, WatermarkStore.State> states = watermarks.all();
        List<Status> list = new ArrayList<>();
        trackers.settings().forEach((name, s) -> {
            WatermarkStore.State st = states.get(name);
            list.add(new Status(name, s.kind(), s.enabled(), s.schedule(), s.baseUrl(),
                    st == null ? null : st.watermark(), st == null ? null : instant(st.lastPullAt()),
                    st == null ? null : instant(st.lastSuccessAt()), st == null ? null : st.lastResult(),
                    st == null ? null : st.lastError()));
        });
        return list;
    }

    private static Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String summary(IngestResult r) {
        return r.received() + " received, " + r.created() + " created, " + r.updated() + " updated, " + r.unchanged()
                + " unchanged, " + r.unmapped() + " unmapped, " + r.deleted() + " marked deleted";
    }
}
