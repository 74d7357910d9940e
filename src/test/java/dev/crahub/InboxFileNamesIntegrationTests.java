package dev.crahub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.crahub.system.InboxFileNames;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile file names dropped into the real inboxes (generated here): a line feed, a carriage return, 254 bytes
 * (one short of the limit, so {@code <name>.error.txt} cannot exist), spaces and decomposed unicode, a type the
 * inbox does not read. Each one ends in {@code .done/} or {@code .error/} with a readable report; a hidden file is
 * left alone; a file that fails on every poll is logged once.
 */
class InboxFileNamesIntegrationTests extends HubTestSupport {

    private static final String GOOD_CSV = "consultant,date,hours,project,comment\njdupont,2027-01-04,7,NAMES,ok\n";
    private static final String BAD_CSV = "consultant,date,hours,project,comment\njdupont,2027-02-30,7,NAMES,bad date\n";

    @Test
    void namesWithLineBreaksAreImportedOrRejectedWithAReport() throws Exception {
        String lf = "line\nfeed.csv";
        String cr = "carriage\rreturn.csv";
        dropRaw("timesheets", lf, GOOD_CSV);
        dropRaw("timesheets", cr, BAD_CSV);
        awaitIn("timesheets", ".done", lf);
        Path report = awaitRejected("timesheets", cr);
        assertThat(report.getFileName().toString()).doesNotContain("\r")
                .isEqualTo(InboxFileNames.reportName(cr)).matches("carriage_return\\.csv~[0-9a-f]{8}\\.error\\.txt");
        assertThat(Files.readString(report)).contains("carriage\\rreturn.csv", "2027-02-30", "nothing of it was imported");
    }

    @Test
    void aNameOf254BytesIsImportedOrRejectedWithAShortenedReportName() throws Exception {
        String good = "g".repeat(250) + ".csv";
        String bad = "b".repeat(250) + ".csv";
        assertThat(good.getBytes(StandardCharsets.UTF_8)).hasSize(254);
        dropRaw("timesheets", good, GOOD_CSV);
        dropRaw("timesheets", bad, BAD_CSV);
        awaitIn("timesheets", ".done", good);
        Path report = awaitRejected("timesheets", bad);
        String reportName = report.getFileName().toString();
        assertThat(reportName.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(reportName).startsWith("bbbbbbbb").matches("b+~[0-9a-f]{8}\\.error\\.txt");
        assertThat(Files.readString(report)).contains("# file: .error/" + bad, "2027-02-30");
    }

    @Test
    void spacesAndDecomposedUnicodeInAReferentialAndATimesheetSourceFolder() throws Exception {
        String nfd = Normalizer.normalize("référentiel équipe été.yaml", Normalizer.Form.NFD);
        dropRaw("referential", nfd, resource("/fixtures/referential.yaml"));
        awaitIn("referential", ".done", nfd);
        String toggl = Normalizer.normalize("export décembre (copie).csv", Normalizer.Form.NFD);
        dropRaw("timesheets/toggl", toggl, "not,a,toggl,export\n1,2,3,4\n");
        Path report = awaitRejected("timesheets/toggl", toggl);
        assertThat(report.getFileName().toString()).isEqualTo(toggl + ".error.txt");
    }

    @Test
    void aFileOfATypeTheInboxDoesNotReadIsRejectedAndAHiddenFileIsLeftAlone() throws Exception {
        dropRaw("timesheets", "notes.pdf", "%PDF-1.4 not a timesheet");
        dropRaw("referential", "clients.json", "{}");
        dropRaw("timesheets", ".hidden.csv", GOOD_CSV);
        assertThat(Files.readString(awaitRejected("timesheets", "notes.pdf")))
                .contains("not of a type this inbox reads (.csv, .txt, .json, .xml, .xlsx)");
        assertThat(Files.readString(awaitRejected("referential", "clients.json"))).contains("(.yaml, .yml)");
        // hidden files are how writers hide what they have not finished: never taken
        assertThat(home.inbox("timesheets").resolve(".hidden.csv")).exists();
        assertThat(home.inbox("timesheets").resolve(".done/.hidden.csv")).doesNotExist();
    }

    @Test
    void aSymbolicLinkIsRejectedWithoutReadingWhatItPointsTo() throws Exception {
        Path secret = Files.createTempFile("crahub-secret-", ".csv");
        Files.writeString(secret, "consultant,date,hours,project,comment\nroot,2027-13-45,7,TOP-SECRET-VALUE,x\n");
        Path link = home.inbox("timesheets").resolve("link.csv");
        Files.createSymbolicLink(link, secret);
        Path report = awaitRejected("timesheets", "link.csv");
        assertThat(Files.readString(report)).contains("symbolic link").doesNotContain("TOP-SECRET-VALUE", "2027-13-45");
        assertThat(secret).exists();
    }

    @Test
    void aLineFeedInANameCannotForgeALogLine() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        String forged = "x.csv\n2026-12-02T01:00:00Z ERROR fake line.csv";
        try {
            dropRaw("timesheets", forged, GOOD_CSV);
            awaitIn("timesheets", ".done", forged);
            dropRaw("timesheets", forged + "2.csv", BAD_CSV);
            awaitRejected("timesheets", forged + "2.csv");
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("fake line")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("\n"));
    }

    @Test
    void aFileThatFailsOnEveryPollIsLoggedOnce() throws Exception {
        // ops broke the folder: .error is a file, so the rejected file can never be moved and comes back each poll
        Path dir = home.inbox("timesheets").resolve("kimai");
        Files.writeString(dir.resolve(".error"), "not a folder");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try {
            dropRaw("timesheets/kimai", "stuck.csv", "not a kimai export\n");
            // the inbox polls every second: give it several polls
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(6)).until(() -> true);
        } finally {
            root.detachAppender(logs);
            Files.delete(dir.resolve(".error"));
        }
        List<ILoggingEvent> aboutIt = logs.list.stream()
                .filter(e -> e.getFormattedMessage().contains("stuck.csv"))
                .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)).toList();
        // three kinds of failure, each logged once: no report could be written, the file is rejected, it cannot
        // be moved to .error/ (retried on every poll, logged the first time only)
        assertThat(aboutIt).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).startsWith("inbox report failed for 'kimai/stuck.csv'"),
                m -> assertThat(m).startsWith("inbox timesheet-ingest-file failed for 'kimai/stuck.csv'").contains("rejected"),
                m -> assertThat(m).startsWith("route timesheet-ingest-file failed for 'kimai/stuck.csv'").contains("rollback"));
        assertThat(logs.list.stream().filter(MonthEndFailuresIntegrationTests::hasStackTrace)).hasSizeLessThanOrEqualTo(3);
        // the folder repaired, the file goes to .error/ on a next poll (its report could not be written then)
        awaitIn("timesheets/kimai", ".error", "stuck.csv");
    }

    /** Drops a file under an exact name (no helper that might clean it), written aside then moved in. */
    private void dropRaw(String inbox, String name, String content) throws IOException {
        Path dir = home.inbox(inbox);
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(home.inbox("timesheets").getParent(), ".drop-", ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitIn(String inbox, String folder, String name) {
        Path moved = home.inbox(inbox).resolve(folder).resolve(name);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(moved).exists());
        assertThat(home.inbox(inbox).resolve(name)).doesNotExist();
    }

    /** Waits for the file in .error/ and answers its report, found by the documented naming rule. */
    private Path awaitRejected(String inbox, String name) throws IOException {
        awaitIn(inbox, ".error", name);
        Path report = home.inbox(inbox).resolve(".error").resolve(InboxFileNames.reportName(name));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(report).exists());
        try (Stream<Path> files = Files.list(report.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        return report;
    }
}
