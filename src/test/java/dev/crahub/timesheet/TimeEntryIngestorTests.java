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

    // --- the pipelined copy (ADR 0029): a producer thread feeds the COPY, the caller's thread owns the connection ---

    private static TrackedEntry numbered(String source, int id, int occurrence) {
        return new TrackedEntry(source, "id-" + id, "jdupont", null, "Jean " + occurrence, null, "P", null,
                LocalDate.of(2026, 9, 1 + id % 28), null, null, new BigDecimal(1 + occurrence % 4), null,
                "occurrence " + occurrence + " of " + id, false);
    }

    /** Entries made as they are pulled, like a reader's: a failure can be planted at any position. */
    private static class Generated implements java.util.Iterator<TrackedEntry> {
        final String source;
        final int total;
        final int failAt;
        final RuntimeException failure;
        final java.util.concurrent.atomic.AtomicInteger pulled = new java.util.concurrent.atomic.AtomicInteger();
        volatile String pullingThread;

        Generated(String source, int total, int failAt, RuntimeException failure) {
            this.source = source;
            this.total = total;
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override
        public boolean hasNext() {
            return pulled.get() < total;
        }

        @Override
        public TrackedEntry next() {
            pullingThread = Thread.currentThread().getName();
            int i = pulled.getAndIncrement();
            if (i == failAt) {
                throw failure;
            }
            return numbered(source, i, 0);
        }
    }

    private static void noProducerLeft() {
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(CopyPipeline.THREAD_PREFIX)
                && t.isAlive());
    }

    @Test
    void repeatedIdsAcrossManyChunksKeepTheLastOccurrenceAndCountEachIdOnce() {
        List<TrackedEntry> batch = new java.util.ArrayList<>();
        for (int occurrence = 0; occurrence < 4; occurrence++) {
            for (int id = 0; id < 5_000; id++) {
                batch.add(numbered("dup", id, occurrence));
            }
        }
        IngestResult r = ingest("dup", batch, null);
        assertThat(r).extracting(IngestResult::received, IngestResult::created, IngestResult::updated,
                IngestResult::unchanged).containsExactly(20_000L, 5_000L, 0L, 0L);
        assertThat(count("dup", "comment LIKE 'occurrence 3 of %' AND tracker_user_name = 'Jean 3'")).isEqualTo(5_000);
        // the same batch again: the last occurrences are what is stored, so every id is unchanged
        IngestResult again = ingest("dup", batch, null);
        assertThat(again).extracting(IngestResult::created, IngestResult::updated, IngestResult::unchanged)
                .containsExactly(0L, 0L, 5_000L);
        noProducerLeft();
    }

    @Test
    void aReImportCountsCreatedUpdatedAndUnchangedExactly() {
        List<TrackedEntry> first = new java.util.ArrayList<>();
        for (int id = 0; id < 1_000; id++) {
            first.add(numbered("mix", id, 0));
        }
        assertThat(ingest("mix", first, null).created()).isEqualTo(1_000);
        List<TrackedEntry> second = new java.util.ArrayList<>();
        for (int id = 0; id < 500; id++) {
            second.add(numbered("mix", id, 0)); // unchanged
        }
        for (int id = 500; id < 800; id++) {
            second.add(numbered("mix", id, 1)); // other hours, comment and user name
        }
        for (int id = 1_000; id < 1_200; id++) {
            second.add(numbered("mix", id, 0)); // new
        }
        IngestResult r = ingest("mix", second, null);
        assertThat(r).extracting(IngestResult::received, IngestResult::created, IngestResult::updated,
                IngestResult::unchanged).containsExactly(1_000L, 200L, 300L, 500L);
        // repeated ids in a re-import: the last occurrence is compared with what is stored
        IngestResult repeated = ingest("mix", List.of(numbered("mix", 1, 2), numbered("mix", 1, 0),
                numbered("mix", 2, 0), numbered("mix", 2, 3)), null);
        assertThat(repeated).extracting(IngestResult::received, IngestResult::created, IngestResult::updated,
                IngestResult::unchanged).containsExactly(4L, 0L, 1L, 1L);
        assertThat(count("mix", "TRUE")).isEqualTo(1_200);
        assertThat(count("mix", "updated_at > created_at")).isEqualTo(301);
    }

    @Test
    void aChangedUserNameIsAnUpdate() {
        TrackedEntry before = new TrackedEntry("name", "1", "u1", "u1@example.test", "Jean", null, "P", null,
                LocalDate.of(2026, 10, 1), null, null, BigDecimal.ONE, null, "", false);
        ingest("name", List.of(before), null);
        TrackedEntry renamed = new TrackedEntry("name", "1", "u1", "u1@example.test", "Jean Dupont", null, "P", null,
                LocalDate.of(2026, 10, 1), null, null, BigDecimal.ONE, null, "", false);
        assertThat(ingest("name", List.of(renamed), null).updated()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT tracker_user_name FROM time_entry WHERE source = 'name'").query(String.class).single())
                .isEqualTo("Jean Dupont");
    }

    @Test
    void textsReachTheDatabaseExactlyAsRead() {
        String comment = "Réunion \"client\", café ☕ et 😀 ; ligne 2\r\nligne 3\ttab, \\N, \"\"";
        TrackedEntry e = new TrackedEntry("utf", "ïd-😀-\"x\"", "ü\"ser", "e@example.test", "Zoë, \"Z\"", "Cliënt", "Prøject",
                "Täsk", LocalDate.of(2026, 1, 2), java.time.OffsetDateTime.parse("2026-10-01T09:00+02:00"),
                java.time.OffsetDateTime.parse("2026-10-01T17:30+02:00"), new BigDecimal("7.505"), false, comment, true);
        ingest("utf", List.of(e), null);
        var stored = jdbc.sql("""
                SELECT external_id, tracker_user, tracker_user_name, tracker_client, project, tracker_task, comment,
                       work_date, start_at, end_at, hours, billable, deleted
                FROM time_entry WHERE source = 'utf'""").query().singleRow();
        assertThat(stored).containsEntry("external_id", "ïd-😀-\"x\"").containsEntry("tracker_user", "ü\"ser")
                .containsEntry("tracker_user_name", "Zoë, \"Z\"").containsEntry("tracker_client", "Cliënt")
                .containsEntry("project", "Prøject").containsEntry("tracker_task", "Täsk").containsEntry("comment", comment)
                .containsEntry("billable", false).containsEntry("deleted", true);
        assertThat(stored.get("work_date").toString()).isEqualTo("2026-01-02");
        assertThat((BigDecimal) stored.get("hours")).isEqualByComparingTo("7.51");
        assertThat(((java.sql.Timestamp) stored.get("start_at")).toInstant())
                .isEqualTo(java.time.Instant.parse("2026-10-01T07:00:00Z"));
    }

    @Test
    void anExceptionOnTheProducerThreadSurfacesAsItIsAndRollsBackEverything() {
        RuntimeException gone = new IllegalStateException("the tracker stopped answering at page 40");
        Generated entries = new Generated("fail", 50_000, 30_000, gone);
        assertThatThrownBy(() -> tx.execute(s -> ingestor.ingest("fail", "test", entries, null))).isSameAs(gone);
        assertThat(entries.pullingThread).startsWith(CopyPipeline.THREAD_PREFIX);
        assertThat(count("fail", "TRUE")).isZero();
        noProducerLeft();
        // the connection is usable again: the next batch goes through
        assertThat(ingest("fail", List.of(numbered("fail", 1, 0)), null).created()).isEqualTo(1);
    }

    @Test
    void aBadTextFarIntoTheBatchRollsBackWhatWasAlreadyCopied() {
        Generated entries = new Generated("late", 40_000, -1, null) {
            @Override
            public TrackedEntry next() {
                TrackedEntry e = super.next();
                return pulled.get() == 35_000 ? new TrackedEntry(e.source(), e.externalId(), e.userId(), null, null, null,
                        e.project(), null, e.date(), null, null, e.hours(), null, "bell \u0007", false) : e;
            }
        };
        assertThatThrownBy(() -> tx.execute(s -> ingestor.ingest("late", "test", entries, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time entry id-34999 from late, comment");
        assertThat(count("late", "TRUE")).isZero();
        noProducerLeft();
    }

    @Test
    void aDatabaseFailureDuringTheCopyRollsBackAndLeavesNoThread() {
        String tooLong = "s".repeat(40); // the staging table's source is VARCHAR(32): PostgreSQL refuses the copy
        Generated entries = new Generated(tooLong, 100_000, -1, null);
        assertThatThrownBy(() -> tx.execute(s -> ingestor.ingest(tooLong, "test", entries, null)))
                .hasMessageContaining("Cannot stage time entries");
        noProducerLeft();
        assertThat(ingest("after", List.of(numbered("after", 1, 0)), null).created()).isEqualTo(1);
    }

    @Test
    void anInterruptedCallerStopsTheProducerEarly() throws Exception {
        Generated entries = new Generated("stop", 3_000_000, -1, null);
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread caller = new Thread(() -> {
            try {
                tx.execute(s -> ingestor.ingest("stop", "test", entries, null));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        while (entries.pulled.get() < 50_000 && caller.isAlive()) {
            Thread.sleep(5);
        }
        caller.interrupt();
        caller.join();
        assertThat(failure.get()).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(entries.pulled.get()).isLessThan(3_000_000);
        noProducerLeft();
        assertThat(count("stop", "TRUE")).isZero();
    }

    @Test
    void aReaderProblemMidStreamRollsBackTheWholeFile() throws Exception {
        StringBuilder csv = new StringBuilder("consultant;date;hours;project;comment\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append("c").append(i % 50).append(";2026-0").append(1 + i % 9).append("-").append(10 + i % 18)
                    .append(";").append(i == 20_000 ? "lots" : "0,25").append(";P;row ").append(i).append("\n");
        }
        var importer = new dev.crahub.timesheet.file.TimesheetFileImporter(new dev.crahub.timesheet.file.TimesheetReaders(
                dev.crahub.timesheet.file.TimesheetFileSettings.defaults(), new com.fasterxml.jackson.databind.ObjectMapper()),
                ingestor, db.transactions, dev.crahub.timesheet.file.TimesheetFileSettings.defaults());
        assertThatThrownBy(() -> importer.importFile("generic", dev.crahub.timesheet.file.TextInput.of(
                csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "big.csv")))
                .isInstanceOfSatisfying(InvalidTimesheetException.class, e -> assertThat(e.problems())
                        .extracting(TimesheetProblem::line).containsExactly(20_002L));
        assertThat(count("generic", "TRUE")).isZero();
        noProducerLeft();
    }

    @Test
    void twoBatchesOfANewSourceAtOnceAreMergedOneAfterTheOther() throws Exception {
        List<TrackedEntry> batch = new java.util.ArrayList<>();
        for (int id = 0; id < 20_000; id++) {
            batch.add(numbered("twice", id, 0));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> ingest("twice", batch, null));
            var b = pool.submit(() -> ingest("twice", batch, null));
            IngestResult first = a.get();
            IngestResult second = b.get();
            // the source's lock: one batch finds no entry and inserts them all, the other finds them all unchanged
            assertThat(List.of(first.created(), second.created())).containsExactlyInAnyOrder(20_000L, 0L);
            assertThat(first.unchanged() + second.unchanged()).isEqualTo(20_000);
            assertThat(first.updated() + second.updated()).isZero();
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("twice", "TRUE")).isEqualTo(20_000);
    }
}
