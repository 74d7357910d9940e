package dev.crahub.timesheet.file;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.InvalidTimesheetException;
import dev.crahub.timesheet.TimeEntryIngestor;
import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files streamed into a real PostgreSQL: whole or nothing even when a bad row comes after thousands of good ones. */
class TimesheetFileImporterTests {

    static MigratedDatabase db;
    static JdbcClient jdbc;
    static TimesheetFileImporter importer;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() throws Exception {
        db = MigratedDatabase.start();
        jdbc = db.jdbc;
        TimeEntryIngestor ingestor = new TimeEntryIngestor(db.dataSource, jdbc, new ReferentialStore(jdbc));
        importer = new TimesheetFileImporter(new TimesheetReaders(TimesheetFileSettings.defaults(),
                JsonMapper.builder().findAndAddModules().build()), ingestor, db.transactions, TimesheetFileSettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static long count(String source) {
        return jdbc.sql("SELECT count(*) FROM time_entry WHERE source = :s").param("s", source).query(Long.class).single();
    }

    private Path generic(String name, int rows, int badEvery) throws Exception {
        Path file = dir.resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("consultant;date;hours;project;comment\r\n");
            for (int i = 0; i < rows; i++) {
                boolean bad = badEvery > 0 && i % badEvery == badEvery - 1;
                out.write("c" + (i % 50) + ";" + java.time.LocalDate.of(2025, 1, 1).plusDays(i / 50 % 365) + ";"
                        + (bad ? "beaucoup" : "0,25") + ";P" + (i % 7) + ";ligne " + i + "\r\n");
            }
        }
        return file;
    }

    @Test
    void aLateBadRowRollsBackEverythingAndTheReportIsCapped() throws Exception {
        Path file = generic("late-bad.csv", 12_000, 10);
        assertThatThrownBy(() -> importer.importFile("generic", TextInput.of(file)))
                .isInstanceOfSatisfying(InvalidTimesheetException.class, e -> {
                    assertThat(e.problems()).hasSize(ProblemLog.CAP);
                    assertThat(e.omitted()).isEqualTo(200);
                    assertThat(e.problems().get(0).toString()).isEqualTo(
                            "line 11, column 3 'hours': 'beaucoup' is not a duration (expected 7.5, 7,5 or 7:30)");
                    assertThat(e.report()).contains("... and 200 more problem(s) not listed.");
                });
        assertThat(count("generic")).isZero();
    }

    @Test
    void aGoodFileStreamsInAndAgainChangesNothing() throws Exception {
        Path file = generic("good.csv", 5_000, 0);
        IngestResult first = importer.importFile("generic", TextInput.of(file));
        assertThat(first.received()).isEqualTo(5_000);
        assertThat(first.created()).isEqualTo(5_000);
        IngestResult again = importer.importFile("generic", TextInput.of(file));
        assertThat(again.unchanged()).isEqualTo(5_000);
        assertThat(count("generic")).isEqualTo(5_000);

        Path redmine = Files.write(dir.resolve("r.csv"), Fixtures.bytes("redmine/export_en_default.csv"));
        assertThat(importer.importFile("redmine", TextInput.of(redmine)).created()).isEqualTo(5);
        assertThat(importer.importFile("redmine", TextInput.of(redmine)).unchanged()).isEqualTo(5);
    }

    @Test
    void anUnknownSourceFolderIsRejected() throws Exception {
        Path file = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> importer.importFile("excel", TextInput.of(file)))
                .isInstanceOfSatisfying(InvalidTimesheetException.class,
                        e -> assertThat(e.report()).contains("no reader for source folder 'excel'"));
    }

    @Test
    void aNulByteIsRefusedInTheUsersTermsNotTheDatabases() throws Exception {
        Path file = Files.writeString(dir.resolve("nul.csv"), "consultant,date,hours,project,comment\n"
                + "jdupont,2026-10-01,7,P,a\u0000b\n");
        assertThatThrownBy(() -> importer.importFile("generic", TextInput.of(file)))
                .isInstanceOfSatisfying(InvalidTimesheetException.class, e -> assertThat(e.report())
                        .contains("line 2, column 5 'comment': control character U+0000 is not allowed (character 2)")
                        .doesNotContain("COPY").doesNotContain("time_entry_staging"));
        assertThat(count("generic")).isZero();
    }

    @Test
    void aFileBeyondTheEntriesLimitIsRejectedWholeWithTheLimitNamed() throws Exception {
        TimesheetFileImporter capped = importer(new TimesheetLimits(null, null, null, 1_000L, null, null, null, null,
                null, null, null));
        Path file = generic("many.csv", 1_500, 0);
        assertThatThrownBy(() -> capped.importFile("generic", TextInput.of(file)))
                .isInstanceOfSatisfying(InvalidTimesheetException.class, e -> assertThat(e.report()).contains(
                        "the file holds more than 1,000 entries, the limit "
                                + "crahub.timesheet.limits.entries-per-file; reading stopped here"));
        assertThat(count("generic")).isZero();
    }

    @Test
    void aSharedStringsBombIsRejectedWithAReportNamingTheLimit() throws Exception {
        TimesheetFileImporter capped = importer(new TimesheetLimits(null, null, null, null, null, null, null, null,
                1_000_000L, null, null));
        Path file = dir.resolve("bomb.xlsx");
        HostileFileTests.sharedStringsBomb(file, 20_000_000);
        assertThatThrownBy(() -> capped.importFile("generic", TextInput.of(file)))
                .isInstanceOfSatisfying(InvalidTimesheetException.class, e -> assertThat(e.report()).contains(
                        "Fix the lines below", "the workbook's shared strings hold more than 1,000,000 characters, "
                                + "the limit crahub.timesheet.limits.shared-string-characters"));
        assertThat(count("generic")).isZero();
    }

    private static TimesheetFileImporter importer(TimesheetLimits limits) {
        TimeEntryIngestor ingestor = new TimeEntryIngestor(db.dataSource, jdbc, new ReferentialStore(jdbc), limits);
        return new TimesheetFileImporter(new TimesheetReaders(TimesheetFileSettings.defaults(),
                JsonMapper.builder().findAndAddModules().build(), limits), ingestor, db.transactions,
                TimesheetFileSettings.defaults(), limits);
    }
}
