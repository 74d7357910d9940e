package dev.crahub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The timesheet inbox's source folders, through the real route: data/inbox/timesheets/<source>/. */
class TimesheetInboxIntegrationTests extends HubTestSupport {

    @Test
    void everySourceHasItsFolder() {
        for (String source : List.of("generic", "toggl", "clockify", "harvest", "kimai", "redmine", "json", "xml")) {
            assertThat(home.inbox("timesheets").resolve(source)).isDirectory();
        }
    }

    @Test
    void aRedmineExportDroppedInItsFolderIsImportedOnceEvenWhenDroppedAgain() throws Exception {
        byte[] export = fixture("redmine/export_fr_utf8.csv");
        dropBytes("timesheets/redmine", "redmine-2024-03.csv", export);
        awaitDone("timesheets/redmine", "redmine-2024-03.csv");
        assertThat(entries()).hasSize(5).allSatisfy(e -> assertThat(e.get("source")).isEqualTo("redmine"));

        // the same export, re-saved by French Excel and dropped again: the same entries, updated, not duplicated
        dropBytes("timesheets/redmine", "redmine-2024-03-excel.csv", fixture("redmine/export_fr_excel_resave_cp1252.csv"));
        awaitDone("timesheets/redmine", "redmine-2024-03-excel.csv");
        List<Map<String, Object>> after = entries();
        assertThat(after.stream().filter(e -> String.valueOf(e.get("comment")).contains("Passage"))).hasSize(1);
        assertThat(after).hasSizeBetween(5, 7); // the two rows whose '→' Excel turned into '?' are new content
    }

    @Test
    void aCanonicalJsonBatchDroppedInTheJsonFolderKeepsItsSource() throws Exception {
        dropBytes("timesheets/json", "batch.json", fixture("json/batch.json"));
        awaitDone("timesheets/json", "batch.json");
        List<Map<String, Object>> entries = admin().getForObject("/api/time-entries?from=2026-10-01&to=2026-10-02", List.class);
        assertThat(entries).extracting(e -> e.get("source") + "/" + e.get("externalId"))
                .containsExactlyInAnyOrder("toggl/42", "toggl/43");
    }

    @Test
    void aBadTogglExportGoesToItsErrorFolderWithEveryProblemAndNothingIsImported() throws Exception {
        String csv = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration\n"
                + "A,a@x.example,C,P,,ok,Yes,2025-02-03,09:00:00,2025-02-03,10:00:00,01:00:00\n"
                + "A,a@x.example,C,P,,bad,Peut-être,2025-02-30,09:00:00,2025-02-03,10:00:00,01:00:00\n";
        dropBytes("timesheets/toggl", "toggl-bad.csv", csv.getBytes(StandardCharsets.UTF_8));
        Path dir = home.inbox("timesheets").resolve("toggl");
        Path report = dir.resolve(".error/toggl-bad.csv.error.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report) && Files.exists(dir.resolve(".error/toggl-bad.csv")));
        assertThat(Files.readString(report)).contains("nothing of it was imported", "line 3, column 8 'Start date'",
                "2025-02-30", "line 3, column 7 'Billable'");
        assertThat(admin().getForObject("/api/time-entries?from=2025-02-01&to=2025-02-28", List.class)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> entries() {
        return admin().getForObject("/api/time-entries?from=2024-03-01&to=2024-03-31", List.class);
    }

    private void dropBytes(String inbox, String name, byte[] content) throws IOException {
        Path dir = home.inbox(inbox);
        Path temp = Files.createTempFile(home.inbox("timesheets").getParent(), ".drop-", ".tmp");
        Files.write(temp, content);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] fixture(String path) throws IOException {
        try (InputStream in = TimesheetInboxIntegrationTests.class.getResourceAsStream("/timesheets/" + path)) {
            return in.readAllBytes();
        }
    }
}
