package dev.crahub.timesheet.connector;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Table {@code connector_watermark}: per connector, where its incremental pull stands, and how its last pull went.
 * {@link #lock} / {@link #tryLock} are taken inside the pull's transaction, so two hub instances never pull one
 * connector at once and the watermark moves only with the entries it covers.
 */
@Component
public class WatermarkStore {

    /** One row. */
    public record State(String connector, String watermark, OffsetDateTime updatedAt, OffsetDateTime lastPullAt,
                        OffsetDateTime lastSuccessAt, String lastResult, String lastError) {
    }

    private final JdbcClient jdbc;

    public WatermarkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Namespace of the connectors' transaction-scoped advisory locks (the second key: the name's hash). */
    private static final int LOCKS = 7007;

    /**
     * In a transaction: waits for the connector (an advisory lock held until commit, so pulls and resyncs of one
     * connector never overlap, across instances), then answers its watermark, null if never pulled.
     */
    public String lock(String connector) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:ns, hashtext(:c))").param("ns", LOCKS).param("c", connector)
                .query((rs, n) -> 1).single();
        return watermark(connector);
    }

    private String watermark(String connector) {
        jdbc.sql("INSERT INTO connector_watermark (connector) VALUES (:c) ON CONFLICT (connector) DO NOTHING")
                .param("c", connector).update();
        return jdbc.sql("SELECT value FROM connector_watermark WHERE connector = :c FOR UPDATE").param("c", connector)
                .query(String.class).optional().orElse(null);
    }

    /** A pull or sync stored its entries: the new watermark (null keeps it) goes with them, in their transaction. */
    public void succeeded(String connector, String watermark, String result, Instant at) {
        jdbc.sql("""
                UPDATE connector_watermark SET value = COALESCE(CAST(:w AS VARCHAR), value),
                    updated_at = CASE WHEN CAST(:w AS VARCHAR) IS NULL THEN updated_at ELSE now() END,
                    last_pull_at = :at, last_success_at = :at, last_result = :r, last_error = NULL
                WHERE connector = :c
                """).param("c", connector).param("w", watermark).param("r", result)
                .param("at", OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)).update();
    }

    /** A pull failed (its transaction rolled back): why, and when, so the schedule waits for the next slot. */
    public void failed(String connector, String error, Instant at) {
        jdbc.sql("""
                INSERT INTO connector_watermark (connector, last_pull_at, last_error) VALUES (:c, :at, :e)
                ON CONFLICT (connector) DO UPDATE SET last_pull_at = :at, last_error = :e
                """).param("c", connector).param("e", error)
                .param("at", OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)).update();
    }

    /** Marks deleted the entries a tracker reported deleted by id (no data left to send); answers how many. */
    public long markDeleted(String source, java.util.Collection<String> externalIds) {
        long marked = 0;
        List<String> ids = List.copyOf(externalIds);
        for (int i = 0; i < ids.size(); i += 1000) {
            marked += jdbc.sql("""
                    UPDATE time_entry SET deleted = TRUE, updated_at = now()
                    WHERE source = :s AND external_id IN (:ids) AND NOT deleted
                    """).param("s", source).param("ids", ids.subList(i, Math.min(ids.size(), i + 1000))).update();
        }
        return marked;
    }

    /**
     * Like {@link #lock} but without waiting: empty when another transaction (another hub instance's pull) holds the
     * connector; else the watermark, itself possibly null (never pulled).
     */
    public java.util.Optional<java.util.Optional<String>> tryLock(String connector) {
        boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(:ns, hashtext(:c))").param("ns", LOCKS)
                .param("c", connector).query(Boolean.class).single();
        return locked ? java.util.Optional.of(java.util.Optional.ofNullable(watermark(connector)))
                : java.util.Optional.empty();
    }

    public Map<String, State> all() {
        List<State> rows = jdbc.sql("""
                SELECT connector, value, updated_at, last_pull_at, last_success_at, last_result, last_error
                FROM connector_watermark
                """).query((rs, n) -> new State(rs.getString(1), rs.getString(2),
                rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class),
                rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getString(7))).list();
        return rows.stream().collect(Collectors.toMap(State::connector, Function.identity()));
    }
}
