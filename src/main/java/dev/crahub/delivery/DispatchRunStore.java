package dev.crahub.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dispatch runs ({@code dispatch_run}) and the documents each one takes ({@code dispatch_run_item}): what the
 * progress endpoint, the metrics and the JMX view read (ADR 0026). A dispatch keeps its own state; an item only says
 * whether the run is through with it (and, for a dry run, what was rendered).
 */
@Repository
public class DispatchRunStore {

    /** A run as stored, with its counts computed from its items and their dispatches. */
    public record Run(long id, String month, String selection, String requestedBy, OffsetDateTime requestedAt,
                      OffsetDateTime startedAt, OffsetDateTime finishedAt, String status, boolean dryRun, int total,
                      String error, int done, int sent, int failed, int blocked, int retrying) {
    }

    /** One document of a run: its dispatch as it stands, and what the run noted. */
    public record Item(long dispatchId, long invoiceId, String invoiceNumber, String channel, String recipients,
                       DispatchStatus dispatchStatus, String messageId, int attempts, OffsetDateTime sentAt,
                       String error, String remoteId, OffsetDateTime nextAttemptAt, String lastAttempt,
                       OffsetDateTime doneAt, String outcome, String message, String detail, int position,
                       String format) {
    }

    private static final String RUN = """
            SELECT r.id, r.month, CAST(r.selection AS TEXT) AS selection, r.requested_by, r.requested_at, r.started_at,
                   r.finished_at, r.status, r.dry_run, r.total, r.error,
                   count(it.done_at) AS done,
                   count(*) FILTER (WHERE it.done_at IS NOT NULL AND (
                       (r.dry_run AND it.outcome = 'RENDERED') OR (NOT r.dry_run AND d.status = 'SENT'))) AS sent,
                   count(*) FILTER (WHERE it.done_at IS NOT NULL AND (
                       (r.dry_run AND it.outcome = 'NOT_MADE') OR (NOT r.dry_run AND d.status = 'FAILED'))) AS failed,
                   count(*) FILTER (WHERE it.done_at IS NOT NULL AND NOT r.dry_run AND d.status = 'BLOCKED') AS blocked,
                   count(*) FILTER (WHERE it.done_at IS NOT NULL AND NOT r.dry_run AND d.status = 'RETRY') AS retrying
            FROM dispatch_run r
            LEFT JOIN dispatch_run_item it ON it.run_id = r.id
            LEFT JOIN dispatch d ON d.id = it.dispatch_id
            """;
    private static final String GROUP = " GROUP BY r.id";

    private final JdbcClient jdbc;

    public DispatchRunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new RUNNING run with its documents, in one transaction. */
    @Transactional
    public long create(YearMonth month, String selectionJson, String user, OffsetDateTime at, boolean dryRun,
                       List<Long> dispatchIds) {
        long id = jdbc.sql("""
                INSERT INTO dispatch_run (month, selection, requested_by, requested_at, status, dry_run, total)
                VALUES (:month, CAST(:selection AS jsonb), :user, :at, 'RUNNING', :dry, :total) RETURNING id
                """)
                .param("month", month.toString()).param("selection", selectionJson).param("user", user)
                .param("at", at).param("dry", dryRun).param("total", dispatchIds.size())
                .query(Long.class).single();
        int position = 0;
        for (long dispatchId : dispatchIds) {
            jdbc.sql("INSERT INTO dispatch_run_item (run_id, dispatch_id, position) VALUES (:run, :dispatch, :position)")
                    .param("run", id).param("dispatch", dispatchId).param("position", ++position).update();
        }
        return id;
    }

    /** Runs of the month still RUNNING: with the month's lock held, they are runs a stopped hub left behind. */
    @Transactional
    public int interrupted(YearMonth month, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE dispatch_run SET status = 'FAILED', finished_at = :at,
                       error = 'interrupted: the hub stopped before the run ended (its documents keep their state; start a new run)'
                WHERE month = :month AND status = 'RUNNING'
                """).param("month", month.toString()).param("at", at).update();
    }

    public void started(long id, OffsetDateTime at) {
        jdbc.sql("UPDATE dispatch_run SET started_at = :at WHERE id = :id AND started_at IS NULL")
                .param("id", id).param("at", at).update();
    }

    /** The run's documents it is not through with yet, in order. */
    public List<Long> remaining(long id) {
        return jdbc.sql("SELECT dispatch_id FROM dispatch_run_item WHERE run_id = :id AND done_at IS NULL ORDER BY position")
                .param("id", id).query(Long.class).list();
    }

    public void done(long runId, long dispatchId, OffsetDateTime at, String outcome, String message, String detailJson) {
        jdbc.sql("""
                UPDATE dispatch_run_item SET done_at = :at, outcome = :outcome, message = :message,
                       detail = CAST(:detail AS jsonb)
                WHERE run_id = :run AND dispatch_id = :dispatch
                """)
                .param("run", runId).param("dispatch", dispatchId).param("at", at).param("outcome", outcome)
                .param("message", message).param("detail", detailJson).update();
    }

    /** Ends a RUNNING run (DONE or FAILED); false if it had ended already. */
    public boolean finish(long id, String status, String error, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE dispatch_run SET status = :status, error = :error, finished_at = :at,
                       started_at = COALESCE(started_at, :at)
                WHERE id = :id AND status = 'RUNNING'
                """).param("id", id).param("status", status).param("error", error).param("at", at).update() == 1;
    }

    public Optional<Run> find(long id) {
        return jdbc.sql(RUN + " WHERE r.id = :id" + GROUP).param("id", id).query(DispatchRunStore::run).optional();
    }

    public List<Run> list(YearMonth month) {
        return jdbc.sql(RUN + " WHERE (CAST(:month AS VARCHAR) IS NULL OR r.month = :month)" + GROUP + " ORDER BY r.id")
                .param("month", month == null ? null : month.toString()).query(DispatchRunStore::run).list();
    }

    /** The runs still RUNNING, oldest first. */
    public List<Run> running() {
        return jdbc.sql(RUN + " WHERE r.status = 'RUNNING'" + GROUP + " ORDER BY r.id").query(DispatchRunStore::run).list();
    }

    public List<Item> items(long runId) {
        return jdbc.sql("""
                SELECT d.id, d.invoice_id, i.number, d.channel, d.recipients, d.status, d.message_id, d.attempts,
                       d.sent_at, d.last_error, d.remote_id, d.next_attempt_at,
                       (SELECT a.message FROM dispatch_attempt a WHERE a.dispatch_id = d.id ORDER BY a.id DESC LIMIT 1),
                       it.done_at, it.outcome, it.message, CAST(it.detail AS TEXT), d.position, d.format
                FROM dispatch_run_item it JOIN dispatch d ON d.id = it.dispatch_id JOIN invoice i ON i.id = d.invoice_id
                WHERE it.run_id = :run ORDER BY it.position
                """)
                .param("run", runId)
                .query((rs, n) -> new Item(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), DispatchStatus.valueOf(rs.getString(6)), rs.getString(7), rs.getInt(8),
                        rs.getObject(9, OffsetDateTime.class), rs.getString(10), rs.getString(11),
                        rs.getObject(12, OffsetDateTime.class), rs.getString(13), rs.getObject(14, OffsetDateTime.class),
                        rs.getString(15), rs.getString(16), rs.getString(17), rs.getInt(18), rs.getString(19)))
                .list();
    }

    /** The month and state of each invoice asked for: whether it exists, its month, its dispatch's status. */
    public record Candidate(long invoiceId, String number, String month, DispatchStatus dispatchStatus) {
    }

    public List<Candidate> candidates(List<Long> invoiceIds) {
        if (invoiceIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT i.id, i.number, i.month, d.status FROM invoice i LEFT JOIN dispatch d ON d.invoice_id = i.id
                WHERE i.id IN (:ids)
                """)
                .param("ids", invoiceIds)
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3).strip(),
                        rs.getString(4) == null ? null : DispatchStatus.valueOf(rs.getString(4))))
                .list();
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getLong("id"), rs.getString("month"), rs.getString("selection"), rs.getString("requested_by"),
                rs.getObject("requested_at", OffsetDateTime.class), rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class), rs.getString("status"), rs.getBoolean("dry_run"),
                rs.getInt("total"), rs.getString("error"), rs.getInt("done"), rs.getInt("sent"), rs.getInt("failed"),
                rs.getInt("blocked"), rs.getInt("retrying"));
    }
}
