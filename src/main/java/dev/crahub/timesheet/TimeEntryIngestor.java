package dev.crahub.timesheet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Iterator;

import javax.sql.DataSource;

import dev.crahub.referential.ReferentialStore;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores a batch of tracked entries in one transaction, streaming: entries are mapped as they come and copied into a
 * staging table with PostgreSQL's COPY, then merged into {@code time_entry} with one upsert keyed by
 * {@code (source, external_id)}. Re-sending a batch updates instead of duplicating; the last occurrence of an id
 * in a batch wins; an entry flagged deleted is kept and marked deleted. With a sync range, the source's entries of
 * that range that the batch no longer contains are marked deleted too (the tracker deleted them).
 * <p>
 * Every entry's texts are checked first ({@link EntryText}): the readers and the push API report a bad value with
 * its line or entry, and this last check keeps any other caller (the connectors) from storing a value the CRA's XML
 * cannot carry, with a message in the user's terms rather than the database's.
 */
@Component
public class TimeEntryIngestor {

    private static final Logger log = LoggerFactory.getLogger(TimeEntryIngestor.class);
    private static final int CHUNK = 64 * 1024;
    public static final String STAGING_COLUMNS = "seq, source, external_id, consultant_code, contract_code, tracker_user, "
            + "tracker_user_email, tracker_user_name, tracker_client, project, tracker_task, work_date, start_at, end_at, hours, comment, "
            + "billable, deleted";


    /** The staging table, one per connection (temporary), emptied at commit. */
    public static final String STAGING_TABLE_SQL = """
            CREATE TEMP TABLE IF NOT EXISTS time_entry_staging (
                seq BIGINT, source VARCHAR(32), external_id VARCHAR(200), consultant_code VARCHAR(64),
                contract_code VARCHAR(64), tracker_user VARCHAR(200), tracker_user_email VARCHAR(200),
                tracker_user_name VARCHAR(200), tracker_client VARCHAR(200), project VARCHAR(200), tracker_task VARCHAR(200), work_date DATE,
                start_at TIMESTAMPTZ, end_at TIMESTAMPTZ, hours NUMERIC(7, 2), comment TEXT, billable BOOLEAN,
                deleted BOOLEAN) ON COMMIT DELETE ROWS
            """;

    /** Statements run before the merge, in the ingestor's transaction. */
    public static final java.util.List<String> MERGE_PREPARATION = java.util.List.of();

    /**
     * The merge: the last occurrence of each id, upserted by {@code (source, external_id)}; counts created, updated and
     * the distinct ids (unchanged = distinct - created - updated). No parameter: the benchmark EXPLAINs it as it is.
     */
    public static final String MERGE_SQL = """
            WITH incoming AS (
                SELECT DISTINCT ON (external_id) * FROM time_entry_staging ORDER BY external_id, seq DESC
            ), up AS (
                INSERT INTO time_entry AS t (source, external_id, consultant_code, contract_code, tracker_user,
                    tracker_user_email, tracker_user_name, tracker_client, project, tracker_task, work_date, start_at,
                    end_at, hours, comment, billable, deleted)
                SELECT source, external_id, consultant_code, contract_code, tracker_user, tracker_user_email,
                    tracker_user_name, tracker_client, project, tracker_task, work_date, start_at, end_at, hours, comment, billable,
                    deleted
                FROM incoming
                ON CONFLICT (source, external_id) DO UPDATE SET consultant_code = EXCLUDED.consultant_code,
                    contract_code = EXCLUDED.contract_code, tracker_user = EXCLUDED.tracker_user,
                    tracker_user_email = EXCLUDED.tracker_user_email,
                    tracker_user_name = EXCLUDED.tracker_user_name, tracker_client = EXCLUDED.tracker_client,
                    project = EXCLUDED.project, tracker_task = EXCLUDED.tracker_task, work_date = EXCLUDED.work_date,
                    start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, hours = EXCLUDED.hours,
                    comment = EXCLUDED.comment, billable = EXCLUDED.billable, deleted = EXCLUDED.deleted,
                    updated_at = now()
                WHERE (t.consultant_code, t.contract_code, t.tracker_user, t.tracker_user_email, t.tracker_client,
                       t.project, t.tracker_task, t.work_date, t.start_at, t.end_at, t.hours, t.comment, t.billable,
                       t.deleted)
                    IS DISTINCT FROM
                      (EXCLUDED.consultant_code, EXCLUDED.contract_code, EXCLUDED.tracker_user,
                       EXCLUDED.tracker_user_email, EXCLUDED.tracker_client, EXCLUDED.project, EXCLUDED.tracker_task,
                       EXCLUDED.work_date, EXCLUDED.start_at, EXCLUDED.end_at, EXCLUDED.hours, EXCLUDED.comment,
                       EXCLUDED.billable, EXCLUDED.deleted)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted) AS created, count(*) FILTER (WHERE NOT inserted) AS updated,
                   (SELECT count(*) FROM incoming) AS distinct_ids
            FROM up
            """;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ReferentialStore referential;

    private final TimesheetLimits limits;

    public TimeEntryIngestor(DataSource dataSource, JdbcClient jdbc, ReferentialStore referential) {
        this(dataSource, jdbc, referential, TimesheetLimits.DEFAULTS);
    }

    @Autowired
    public TimeEntryIngestor(DataSource dataSource, JdbcClient jdbc, ReferentialStore referential, TimesheetLimits limits) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.referential = referential;
        this.limits = limits;
    }

    /**
     * What the batch fully describes (a full sync): the source's entries in the range that the batch lacks were
     * deleted in the tracker. {@code from}/{@code to} null = the dates the batch itself spans; {@code sameUsersOnly} =
     * only for the users the batch names (a file exported for some users says nothing of the others).
     */
    public record SyncRange(LocalDate from, LocalDate to, boolean sameUsersOnly) {

        public SyncRange(LocalDate from, LocalDate to) {
            this(from, to, false);
        }

        /** A complete export of the dates it spans, for the users it names. */
        public static SyncRange ofBatch() {
            return new SyncRange(null, null, true);
        }
    }

    @Transactional
    public IngestResult ingest(String source, String origin, Iterator<TrackedEntry> entries, SyncRange sync) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("Time entries are stored inside a transaction: all or nothing");
        }
        EntryMapper mapper = EntryMapper.of(referential);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        long received = 0;
        long unmapped = 0;
        try {
            try (Statement st = connection.createStatement()) {
                st.execute(STAGING_TABLE_SQL);
                st.execute("TRUNCATE time_entry_staging");
            }
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY time_entry_staging (" + STAGING_COLUMNS + ") FROM STDIN (FORMAT csv)");
            try {
                StringBuilder buffer = new StringBuilder(CHUNK + 4096);
                while (entries.hasNext()) {
                    TrackedEntry e = entries.next();
                    if (!source.equals(e.source())) {
                        throw new IllegalArgumentException("entry " + e.externalId() + " is from source '" + e.source()
                                + "', not '" + source + "'");
                    }
                    EntryText.check(e, limits, (field, reason) -> {
                        throw new IllegalArgumentException("time entry " + printable(e.externalId()) + " from "
                                + source + ", " + field + ": " + reason);
                    });
                    String consultant = mapper.consultant(e);
                    String contract = mapper.contract(e);
                    if (consultant == null || contract == null) {
                        unmapped++;
                    }
                    row(buffer, ++received, e, consultant, contract);
                    if (buffer.length() >= CHUNK) {
                        write(copy, buffer);
                    }
                }
                write(copy, buffer);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot stage time entries: " + e.getMessage(), e);
        }
        var counts = jdbc.sql(MERGE_SQL)
                .query((rs, n) -> new long[] {rs.getLong("created"), rs.getLong("updated"), rs.getLong("distinct_ids")})
                .single();
        long deleted = 0;
        if (sync != null && received > 0) {
            deleted = jdbc.sql("""
                    UPDATE time_entry t SET deleted = TRUE, updated_at = now()
                    WHERE t.source = :source AND NOT t.deleted
                      AND t.work_date BETWEEN COALESCE(CAST(:from AS DATE), (SELECT min(work_date) FROM time_entry_staging))
                                          AND COALESCE(CAST(:to AS DATE), (SELECT max(work_date) FROM time_entry_staging))
                      AND (NOT :sameUsers OR EXISTS (SELECT 1 FROM time_entry_staging s
                              WHERE s.tracker_user IS NOT DISTINCT FROM t.tracker_user
                                AND s.tracker_user_email IS NOT DISTINCT FROM t.tracker_user_email
                                AND s.tracker_user_name IS NOT DISTINCT FROM t.tracker_user_name))
                      AND NOT EXISTS (SELECT 1 FROM time_entry_staging s WHERE s.external_id = t.external_id)
                    """)
                    .param("source", source).param("from", sync.from()).param("to", sync.to())
                    .param("sameUsers", sync.sameUsersOnly()).update();
        } else if (sync != null && sync.from() != null) {
            // an empty full sync of a range: the tracker has nothing left there
            deleted = jdbc.sql("""
                    UPDATE time_entry SET deleted = TRUE, updated_at = now()
                    WHERE source = :source AND NOT deleted AND work_date BETWEEN :from AND :to
                    """)
                    .param("source", source).param("from", sync.from()).param("to", sync.to()).update();
        }
        IngestResult result = new IngestResult(source, origin, received, counts[0], counts[1],
                counts[2] - counts[0] - counts[1], unmapped, deleted);
        logOnceSettled(result);
        return result;
    }

    /**
     * The outcome is logged once, when the transaction is settled: after the commit, with the origin (the file's
     * name, the pull, "api"), and never before a rollback that would make it a lie. A rollback is reported by the
     * caller where it lands (the inbox's rejection report, the API's 4xx, the connector's dead letter), so it is only
     * a debug line here.
     */
    private static void logOnceSettled(IngestResult result) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    log.info("Time entries from {} ({}) committed: {}", result.source(), result.origin(), result);
                } else {
                    log.debug("Time entries from {} ({}) rolled back, nothing stored", result.source(), result.origin());
                }
            }
        });
    }

    /** Maps again, with the current rules, the entries that map to no consultant or no contract. */
    @Transactional
    public long remapUnmapped() {
        EntryMapper mapper = EntryMapper.of(referential);
        var unmapped = jdbc.sql("""
                SELECT id, source, external_id, tracker_user, tracker_user_email, tracker_user_name, tracker_client,
                       project, tracker_task,
                       consultant_code, contract_code
                FROM time_entry WHERE consultant_code IS NULL OR contract_code IS NULL
                """)
                .query((rs, n) -> new Object[] {rs.getLong("id"), new TrackedEntry(rs.getString("source"),
                        rs.getString("external_id"), rs.getString("tracker_user"), rs.getString("tracker_user_email"), rs.getString("tracker_user_name"),
                        rs.getString("tracker_client"), rs.getString("project"), rs.getString("tracker_task"), null, null,
                        null, null, null, null, false), rs.getString("consultant_code"), rs.getString("contract_code")})
                .list();
        long changed = 0;
        for (Object[] row : unmapped) {
            TrackedEntry e = (TrackedEntry) row[1];
            String consultant = row[2] != null ? (String) row[2] : mapper.consultant(e);
            String contract = row[3] != null ? (String) row[3] : mapper.contract(e);
            if (!java.util.Objects.equals(consultant, row[2]) || !java.util.Objects.equals(contract, row[3])) {
                changed += jdbc.sql("UPDATE time_entry SET consultant_code = :consultant, contract_code = :contract, updated_at = now() WHERE id = :id")
                        .param("consultant", consultant).param("contract", contract).param("id", row[0]).update();
            }
        }
        if (changed > 0) {
            log.info("{} unmapped time entries now map to a consultant or a contract", changed);
        }
        return changed;
    }

    /** An id as a message shows it: at most 60 characters, control characters as code points. */
    private static String printable(String id) {
        if (id == null) {
            return "(no id)";
        }
        StringBuilder b = new StringBuilder();
        id.codePoints().limit(60).forEach(c -> b.append(c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || Character.getType(c) == Character.SURROGATE ? String.format("U+%04X", c) : Character.toString(c)));
        return b.toString();
    }

    private static void write(CopyIn copy, StringBuilder buffer) throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    private static void row(StringBuilder b, long seq, TrackedEntry e, String consultant, String contract) {
        b.append(seq);
        field(b, e.source());
        field(b, e.externalId());
        field(b, consultant);
        field(b, contract);
        field(b, e.userId());
        field(b, e.userEmail());
        field(b, e.userName());
        field(b, e.client());
        field(b, e.project());
        field(b, e.task());
        field(b, e.date() == null ? null : e.date().toString());
        field(b, e.start() == null ? null : e.start().toString());
        field(b, e.end() == null ? null : e.end().toString());
        field(b, e.hours() == null ? null : e.hours().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
        field(b, e.comment() == null ? "" : e.comment());
        field(b, String.valueOf(e.billable() == null || e.billable()));
        field(b, String.valueOf(e.deleted()));
        b.append('\n');
    }

    /** A CSV field for COPY: NULL unquoted and empty, every value quoted with doubled quotes. */
    private static void field(StringBuilder b, String value) {
        b.append(',');
        if (value != null) {
            b.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
    }
}
