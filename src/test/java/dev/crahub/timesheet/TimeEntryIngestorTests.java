package dev.crahub.timesheet;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import dev.crahub.MigratedDatabase;
import dev.crahub.referential.ReferentialStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ingestion core on a real PostgreSQL: COPY staging, idempotent upsert, deletions, remapping, all or nothing. */
class TimeEntryIngestorTests {

    static MigratedDatabase db;
    static JdbcClient jdbc;
    static TransactionTemplate tx;
    static TimeEntryIngestor ingestor;

    @BeforeAll
    static void database() {
        db = MigratedDatabase.start();
        jdbc = db.jdbc;
        tx = db.tx;
        ingestor = new TimeEntryIngestor(db.dataSource, jdbc, new ReferentialStore(jdbc));
        jdbc.sql("INSERT INTO consultant (code, name, email) VALUES ('jdupont', 'Jean Dupont', 'jean@acme.example')").update();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static TrackedEntry entry(String source, String id, String user, String project, int day, String hours,
                                      String comment, boolean deleted) {
        return new TrackedEntry(source, id, user, null, null, null, project, null, LocalDate.of(2026, 10, day), null, null,
                new BigDecimal(hours), null, comment, deleted);
    }

    private static IngestResult ingest(String source, List<TrackedEntry> entries, TimeEntryIngestor.SyncRange sync) {
        return tx.execute(s -> ingestor.ingest(source, "test", entries.iterator(), sync));
    }

    private static long count(String source, String where) {
        return jdbc.sql("SELECT count(*) FROM time_entry WHERE source = :s AND " + where).param("s", source)
                .query(Long.class).single();
    }

    @Test
    void reSendingABatchUpdatesInsteadOfDuplicating() {
        List<TrackedEntry> batch = List.of(entry("a", "1", "jdupont", "P", 1, "2", "first", false),
                entry("a", "2", "jdupont", "P", 2, "3", "x, \"quoted\"\nline", false),
                entry("a", "3", "ghost", "P", 3, "1", "", false));
        IngestResult first = ingest("a", batch, null);
        assertThat(first).extracting(IngestResult::received, IngestResult::created, IngestResult::updated,
                IngestResult::unmapped).containsExactly(3L, 3L, 0L, 3L);
        IngestResult again = ingest("a", batch, null);
        assertThat(again).extracting(IngestResult::created, IngestResult::updated, IngestResult::unchanged)
                .containsExactly(0L, 0L, 3L);
        IngestResult changed = ingest("a", List.of(entry("a", "1", "jdupont", "P", 1, "2.5", "first", false)), null);
        assertThat(changed.updated()).isEqualTo(1);
        assertThat(count("a", "TRUE")).isEqualTo(3);
        assertThat(jdbc.sql("SELECT comment FROM time_entry WHERE source = 'a' AND external_id = '2'").query(String.class)
                .single()).isEqualTo("x, \"quoted\"\nline");
        assertThat(jdbc.sql("SELECT consultant_code FROM time_entry WHERE source = 'a' AND external_id = '1'")
                .query(String.class).single()).isEqualTo("jdupont");
    }

    @Test
    void theLastOccurrenceOfAnIdInABatchWins() {
        IngestResult r = ingest("b", List.of(entry("b", "1", "jdupont", "P", 1, "2", "old", false),
                entry("b", "1", "jdupont", "P", 1, "4", "new", false)), null);
        assertThat(r.created()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT hours FROM time_entry WHERE source = 'b'").query(BigDecimal.class).single())
                .isEqualByComparingTo("4");
    }

    @Test
    void deletionsFromTheTrackerAreMarkedNotErased() {
        ingest("c", List.of(entry("c", "1", "jdupont", "P", 1, "2", "", false), entry("c", "2", "jdupont", "P", 2, "2", "", false),
                entry("c", "3", "jdupont", "P", 20, "2", "", false)), null);
        // the tracker says entry 1 was deleted
        ingest("c", List.of(entry("c", "1", "jdupont", "P", 1, "2", "", true)), null);
        assertThat(count("c", "deleted")).isEqualTo(1);
        // a full sync of 1-10 October no longer has entry 2: deleted; entry 3 is outside the range: untouched
        IngestResult sync = ingest("c", List.of(entry("c", "1", "jdupont", "P", 1, "2", "", true)),
                new TimeEntryIngestor.SyncRange(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 10)));
        assertThat(sync.deleted()).isEqualTo(1);
        assertThat(count("c", "deleted")).isEqualTo(2);
        assertThat(count("c", "NOT deleted AND external_id = '3'")).isEqualTo(1);
    }

    @Test
    void aFullExportMarksWhatItNoLongerHasForItsUsersAndDatesOnly() {
        ingest("f", List.of(entry("f", "1", "u1", "P", 1, "2", "", false), entry("f", "2", "u1", "P", 3, "2", "", false),
                entry("f", "3", "u1", "P", 4, "2", "edited later", false), entry("f", "4", "u2", "P", 3, "2", "", false),
                entry("f", "5", "u1", "P", 9, "2", "", false)), null);
        // u1's export of the 3rd-4th: entry 2 was deleted in the tracker, entry 3 edited (an id-less export would
        // give it a new fingerprint); u2 and u1's other days are not in this file and stay as they are
        IngestResult r = ingest("f", List.of(entry("f", "3b", "u1", "P", 4, "2", "edited", false),
                entry("f", "6", "u1", "P", 3, "1", "", false)), TimeEntryIngestor.SyncRange.ofBatch());
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.deleted()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT external_id FROM time_entry WHERE source = 'f' AND deleted ORDER BY external_id")
                .query(String.class).list()).containsExactly("2", "3");
        assertThat(count("f", "NOT deleted")).isEqualTo(5);
    }

    @Test
    void aFailureLeavesNothingBehind() {
        List<TrackedEntry> bad = List.of(entry("d", "1", "jdupont", "P", 1, "2", "", false),
                entry("d", "2", "jdupont", "P", 2, "30", "", false));
        assertThatThrownBy(() -> ingest("d", bad, null)).hasMessageContaining("hours");
        assertThat(count("d", "TRUE")).isZero();
        assertThatThrownBy(() -> ingestor.ingest("d", "x", bad.iterator(), null))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void aLaterRuleMapsWhatWasUnmapped() {
        ingest("e", List.of(entry("e", "1", "u-42", "Secret project", 1, "2", "", false)), null);
        assertThat(count("e", "consultant_code IS NULL AND contract_code IS NULL")).isEqualTo(1);
        jdbc.sql("INSERT INTO consultant_tracker_identity (consultant_code, source, tracker_user) VALUES ('jdupont', 'e', 'u-42')").update();
        long remapped = tx.execute(s -> ingestor.remapUnmapped());
        assertThat(remapped).isEqualTo(1);
        assertThat(count("e", "consultant_code = 'jdupont' AND contract_code IS NULL")).isEqualTo(1);
    }

    @Test
    void anEntryFromAnyOtherCallerIsCheckedBeforeTheDatabaseSeesIt() {
        List<TrackedEntry> batch = List.of(entry("conn", "ok", "jdupont", "P", 5, "1", "fine", false),
                entry("conn", "bad-1", "jdupont", "P", 5, "1", "a\u0000b", false));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ingest("conn", batch, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("time entry bad-1 from conn, comment: control character U+0000 is not allowed (character 2)");
        assertThat(count("conn", "TRUE")).isZero();
    }
}
