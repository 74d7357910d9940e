package dev.crahub.timesheet.file;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crahub.timesheet.TimesheetProblem;
import dev.crahub.timesheet.TrackedEntry;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Characters an XML document cannot carry (and DEL, C1 controls) are refused at import by every reader, with the line
 * and the column as the user's file names it; TAB, LF and CR in a quoted comment are kept.
 */
class ControlCharacterImportTests {

    private static final String HEADER = "consultant,date,hours,project,comment\n";

    @TempDir
    Path dir;

    @Test
    void aGenericCsvCommentWithU0001OrU000BIsRefusedWithLineAndColumn() throws Exception {
        ProblemLog problems = csv(HEADER + "jdupont,2026-10-01,7,P,Atelier\u0001\n"
                + "jdupont,2026-10-02,7,P,ok\n" + "jdupont,2026-10-03,7,P,tab\u000Bverticale\n");
        assertThat(problems.problems()).extracting(TimesheetProblem::toString).containsExactly(
                "line 2, column 5 'comment': control character U+0001 is not allowed (character 8)",
                "line 4, column 5 'comment': control character U+000B is not allowed (character 4)");
    }

    @Test
    void aNulByteGetsTheSameClearMessage() throws Exception {
        byte[] bytes = (HEADER + "jdupont,2026-10-01,7,PX,a\n").getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 4] = 0; // the X of the project
        ProblemLog problems = Fixtures.problems(new GenericCsvParser().open(TextInput.of(bytes, "nul.csv")));
        assertThat(problems.problems()).extracting(TimesheetProblem::toString).containsExactly(
                "line 2, column 4 'project': control character U+0000 is not allowed (character 2)");
    }

    @Test
    void c1ControlsDelAndNonCharactersAreRefusedToo() throws Exception {
        ProblemLog problems = csv(HEADER + "jdupont,2026-10-01,7,P,a\u0085b\n" + "jdupont,2026-10-02,7,P,\u007F\n"
                + "jdupont,2026-10-03,7,P,x\uFFFE\n");
        assertThat(problems.problems()).extracting(TimesheetProblem::reason).containsExactly(
                "control character U+0085 is not allowed (character 2)",
                "control character U+007F is not allowed (character 1)",
                "non-character U+FFFE is not allowed (character 2)");
    }

    @Test
    void tabsAndLineBreaksInAQuotedCommentAreKept() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.csv"), HEADER + "jdupont,2026-10-01,7,P,\"ligne 1\r\nligne\t2\"\n");
        List<TrackedEntry> entries = Fixtures.entries(new GenericCsvParser().open(TextInput.of(file)));
        assertThat(entries).singleElement().extracting(TrackedEntry::comment).isEqualTo("ligne 1\r\nligne\t2");
    }

    @Test
    void aTrackerExportNamesItsOwnColumn() throws Exception {
        String toggl = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration\n"
                + "Jean,jean@acme.example,Globex,Site,Dev,Revue\u0007,Yes,2026-10-01,09:00:00,2026-10-01,10:00:00,01:00:00\n";
        Path file = Files.writeString(dir.resolve("toggl.csv"), toggl);
        ProblemLog problems = Fixtures.problems(new TogglCsvReader(Fixtures.settings()).open(TextInput.of(file)));
        assertThat(problems.problems()).extracting(TimesheetProblem::toString).containsExactly(
                "line 2, column 6 'Description': control character U+0007 is not allowed (character 6)");
    }

    @Test
    void aNameLongerThanTheDatabaseKeepsIsRefusedInTheUsersTerms() throws Exception {
        ProblemLog problems = csv(HEADER + "jdupont,2026-10-01,7," + "P".repeat(201) + ",a\n");
        assertThat(problems.problems()).extracting(TimesheetProblem::toString).containsExactly(
                "line 2, column 4 'project': is 201 characters long; at most 200 are allowed");
    }

    @Test
    void anXlsxCellIsCheckedLikeACsvField() throws Exception {
        Path file = dir.resolve("t.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = workbook.createSheet();
            String[][] rows = {{"consultant", "date", "hours", "project", "comment"},
                    {"jdupont", "2026-10-01", "7", "P", "Atelier_x0001_"}}; // how Excel writes U+0001
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            workbook.write(out);
        }
        ProblemLog problems = Fixtures.problems(new GenericCsvParser().open(TextInput.of(file)));
        assertThat(problems.problems()).extracting(TimesheetProblem::toString).containsExactly(
                "line 2, column 5 'comment': control character U+0001 is not allowed (character 8)");
    }

    @Test
    void aJsonFileRefusesEscapedControlsAndLoneSurrogates() throws Exception {
        String json = """
                {"source": "json", "entries": [
                  {"id": "1", "user": {"name": "A"}, "date": "2026-10-01", "hours": 2, "comment": "a\\u0001"},
                  {"id": "2", "user": {"name": "B\\ud800"}, "date": "2026-10-01", "hours": 2}
                ]}
                """;
        ProblemLog problems = Fixtures.problems(new CanonicalJsonReader(JsonMapper.builder().findAndAddModules().build())
                .open(TextInput.of(json.getBytes(StandardCharsets.UTF_8), "c.json")));
        assertThat(problems.problems()).extracting(TimesheetProblem::toString).containsExactly(
                "line 2, column 'entries[0].comment': control character U+0001 is not allowed (character 2)",
                "line 3, column 'entries[1].user.name': unpaired surrogate U+D800 is not allowed (character 2)");
    }

    @Test
    void anXmlFileRefusesC1ControlsAndWhatXmlCannotCarry() throws Exception {
        String xml = """
                <timeEntries xmlns="urn:crahub:time-entries:1" source="x">
                  <entry id="1"><user name="A"/><date>2026-10-01</date><hours>2</hours><comment>a&#x85;</comment></entry>
                </timeEntries>
                """;
        ProblemLog c1 = Fixtures.problems(new CanonicalXmlReader().open(TextInput.of(xml.getBytes(StandardCharsets.UTF_8), "c.xml")));
        assertThat(c1.problems()).extracting(TimesheetProblem::toString).containsExactly(
                "line 2, column 'entry[1].comment': control character U+0085 is not allowed (character 2)");

        ProblemLog c0 = Fixtures.problems(new CanonicalXmlReader().open(TextInput.of(
                xml.replace("&#x85;", "&#x1;").getBytes(StandardCharsets.UTF_8), "c0.xml")));
        assertThat(c0.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).contains("invalid XML character");
        });
    }

    private ProblemLog csv(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("f.csv"), content);
        return Fixtures.problems(new GenericCsvParser().open(TextInput.of(file)));
    }
}
