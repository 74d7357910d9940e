package dev.crahub.timesheet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

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
    /** The columns a batch sets (the others: id, created_at, updated_at, have their defaults). */
    public static final String STORED_COLUMNS = "source, external_id, consultant_code, contract_code, tracker_user, "
            + "tracker_user_email, tracker_user_name, tracker_client, project, tracker_task, work_date, start_at, end_at, "
            + "hours, comment, billable, deleted";
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

    /**
     * Run before the merge, in the ingestor's transaction: the sort of a batch with repeated ids and the hash joins get
     * memory enough not to spill to disk for a million rows (until the transaction ends).
     */
    public static final String MERGE_PREPARATION = "SET LOCAL work_mem = '64MB'";

    private static final String CHANGED = "(%1$s.consultant_code, %1$s.contract_code, %1$s.tracker_user, "
            + "%1$s.tracker_user_email, %1$s.tracker_user_name, %1$s.tracker_client, %1$s.project, %1$s.tracker_task, "
            + "%1$s.work_date, %1$s.start_at, %1$s.end_at, %1$s.hours, %1$s.comment, %1$s.billable, %1$s.deleted)";

    /** Namespace of the ingestor's transaction-scoped advisory locks (the second key: the source's hash). */
    static final int LOCKS = 2929;

    /**
     * The merge, counting created, updated and the distinct ids (unchanged = distinct - created - updated); run under
     * the source's advisory lock, so no other batch of the source is merged meanwhile. {@code duplicates}: the batch
     * may repeat an id, so only its last occurrence is kept (a sort); else every staged row is distinct and goes as it
     * is. {@code existing}: the source already has entries, so the rows identical to the stored ones are left out
     * first (an anti-join that only reads, instead of {@code ON CONFLICT} locking each and then skipping it), and the
     * rest is upserted by {@code (source, external_id)}. Without existing entries nothing can conflict: a plain insert,
     * as cheap as the database's own loading gets from a staging table. No parameter: the benchmark EXPLAINs it as it
     * is.
     */
    public static String mergeSql(boolean duplicates, boolean existing) {
        String incoming = duplicates
                ? "SELECT DISTINCT ON (external_id) * FROM time_entry_staging ORDER BY external_id, seq DESC"
                : "SELECT * FROM time_entry_staging";
        if (!existing) {
            return """
                    WITH incoming AS (
                        %s
                    ), up AS (
                        INSERT INTO time_entry (%s)
                        SELECT %s FROM incoming
                        RETURNING 1
                    )
                    SELECT count(*) AS created, 0 AS updated, %s AS distinct_ids FROM up
                    """.formatted(incoming, STORED_COLUMNS, STORED_COLUMNS, duplicates ? "count(*)" : "-1");
        }
        String changed = "SELECT * FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM time_entry o WHERE o.source = i.source "
                + "AND o.external_id = i.external_id AND " + CHANGED.formatted("o") + " IS NOT DISTINCT FROM "
                + CHANGED.formatted("i") + ")";
        return """
                WITH incoming AS (
                    %s
                ), changed AS (
                    %s
                ), up AS (
                    INSERT INTO time_entry AS t (%s)
                    SELECT %s FROM changed
                    ON CONFLICT (source, external_id) DO UPDATE SET consultant_code = EXCLUDED.consultant_code,
                        contract_code = EXCLUDED.contract_code, tracker_user = EXCLUDED.tracker_user,
                        tracker_user_email = EXCLUDED.tracker_user_email,
                        tracker_user_name = EXCLUDED.tracker_user_name, tracker_client = EXCLUDED.tracker_client,
                        project = EXCLUDED.project, tracker_task = EXCLUDED.tracker_task, work_date = EXCLUDED.work_date,
                        start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, hours = EXCLUDED.hours,
                        comment = EXCLUDED.comment, billable = EXCLUDED.billable, deleted = EXCLUDED.deleted,
                        updated_at = now()
                    WHERE %s IS DISTINCT FROM %s
                    RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted) AS created, count(*) FILTER (WHERE NOT inserted) AS updated,
                       %s AS distinct_ids
                FROM up
                """.formatted(incoming, changed, STORED_COLUMNS, STORED_COLUMNS, CHANGED.formatted("t"),
                CHANGED.formatted("EXCLUDED"), duplicates ? "(SELECT count(*) FROM incoming)" : "-1");
    }

    /** Ids seen in a batch are tracked up to this many (16 bytes each); past it the batch is assumed to repeat ids. */
    static final int TRACKED_IDS = 2_000_000;

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
        MappingCache mapper = new MappingCache(EntryMapper.of(referential));
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Batch batch = new Batch();
        try {
            try (Statement st = connection.createStatement()) {
                st.execute(STAGING_TABLE_SQL);
                st.execute("TRUNCATE time_entry_staging");
            }
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY time_entry_staging (" + STAGING_COLUMNS + ") FROM STDIN (FORMAT csv)");
            try {
                CopyPipeline.run(entries, (e, rows) -> {
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
                    batch.add(e.externalId(), consultant == null || contract == null);
                    rows.row(batch.received, e, consultant, contract);
                }, copy);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot stage time entries: " + e.getMessage(), e);
        }
        long received = batch.received;
        long unmapped = batch.unmapped;
        boolean duplicates = batch.mayRepeat();
        // one batch of a source merged at a time: whether the source has entries stays true until the merge is done
        jdbc.sql("SELECT pg_advisory_xact_lock(:ns, hashtext(:source))").param("ns", LOCKS).param("source", source)
                .query((rs, n) -> 1).list();
        boolean existing = received > 0 && jdbc.sql("SELECT EXISTS (SELECT 1 FROM time_entry WHERE source = :source)")
                .param("source", source).query(Boolean.class).single();
        jdbc.sql(MERGE_PREPARATION).update();
        if (existing) {
            jdbc.sql("ANALYZE time_entry_staging").update();
        }
        var counts = jdbc.sql(mergeSql(duplicates, existing))
                .query((rs, n) -> new long[] {rs.getLong("created"), rs.getLong("updated"), rs.getLong("distinct_ids")})
                .single();
        long distinct = duplicates ? counts[2] : received;
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
                distinct - counts[0] - counts[1], unmapped, deleted);
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

    /**
     * What the producer learnt of the batch while streaming it: counts, and whether an id may come twice (64-bit hashes
     * of the ids in an open-addressing set; a collision only costs the sort that keeps the last occurrence).
     */
    private static final class Batch {

        long received;
        long unmapped;
        private long[] hashes = new long[1 << 12];
        private int size;
        private boolean repeats;

        void add(String externalId, boolean isUnmapped) {
            received++;
            if (isUnmapped) {
                unmapped++;
            }
            if (repeats) {
                return;
            }
            if (size >= TRACKED_IDS) {
                repeats = true; // memory stays bounded: a huge batch takes the sort
                hashes = null;
                return;
            }
            if (size * 2 >= hashes.length) {
                grow();
            }
            if (!insert(hashes, hash(externalId))) {
                repeats = true;
                hashes = null;
            } else {
                size++;
            }
        }

        boolean mayRepeat() {
            return repeats;
        }

        private static boolean insert(long[] table, long h) {
            int mask = table.length - 1;
            int i = (int) (mix(h) & mask);
            while (table[i] != 0) {
                if (table[i] == h) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = h;
            return true;
        }

        private void grow() {
            long[] bigger = new long[hashes.length * 2];
            for (long h : hashes) {
                if (h != 0) {
                    insert(bigger, h);
                }
            }
            hashes = bigger;
        }

        /** 64-bit FNV-1a, never 0 (0 marks a free slot). */
        private static long hash(String s) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            return h == 0 ? 1 : h;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb93e7fe1a85bL;
            return z ^ (z >>> 33);
        }
    }

    /**
     * The mapper's answers by user and by project/client/task: a batch names few distinct users and projects, so each
     * is resolved once (bounded: the cache starts over past a size no real referential reaches).
     */
    private static final class MappingCache {

        private static final int MAX = 10_000;
        private static final String NONE = new String("none");
        private final EntryMapper mapper;
        private final Map<User, String> users = new HashMap<>();
        private final Map<Work, String> works = new HashMap<>();

        private record User(String id, String email, String name) {
        }

        private record Work(String project, String client, String task) {
        }

        MappingCache(EntryMapper mapper) {
            this.mapper = mapper;
        }

        String consultant(TrackedEntry e) {
            return cached(users, new User(e.userId(), e.userEmail(), e.userName()), () -> mapper.consultant(e));
        }

        String contract(TrackedEntry e) {
            return cached(works, new Work(e.project(), e.client(), e.task()), () -> mapper.contract(e));
        }

        private static <K> String cached(Map<K, String> cache, K key, java.util.function.Supplier<String> resolve) {
            String found = cache.get(key);
            if (found == null) {
                if (cache.size() >= MAX) {
                    cache.clear();
                }
                String resolved = resolve.get();
                found = resolved == null ? NONE : resolved;
                cache.put(key, found);
            }
            return found == NONE ? null : found;
        }
    }
}
