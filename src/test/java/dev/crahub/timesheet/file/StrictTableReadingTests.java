package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.crahub.timesheet.TimesheetProblem;
import dev.crahub.timesheet.TrackedEntry;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict reading (ADR 0028), in every table reader (generic CSV and each tracker's CSV export, and their XLSX
 * form): a row is held to its header's shape, never guessed into it; a quote left open names where it opened;
 * CRLF, LF and lone CR mixed in one file keep the line numbers right; UTF-16 with a BOM is read, without one refused.
 */
class StrictTableReadingTests {

    @TempDir
    Path dir;

    /** A reader, its header, two good rows with a distinct value, and the separator it is written with. */
    record Case(String name, Function<TimesheetFileSettings.Source, EntryStreamOpener> reader, char separator,
                List<String> header, List<String> row, List<String> otherRow) {

        String line(List<String> fields) {
            return String.join(String.valueOf(separator), fields);
        }

        String headerLine() {
            return line(header);
        }

        EntryStream open(TextInput input) throws IOException {
            return reader.apply(Fixtures.settings()).open(input);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    interface EntryStreamOpener {
        EntryStream open(TextInput input) throws IOException;
    }

    static Stream<Case> readers() {
        return Stream.of(
                new Case("generic", s -> new GenericCsvParser(s)::open, ',',
                        List.of("consultant", "date", "hours", "project", "comment"),
                        List.of("jdupont", "2026-10-01", "7.5", "P1", "Atelier"),
                        List.of("amoreau", "2026-10-02", "2", "P2", "Revue")),
                new Case("toggl", s -> new TogglCsvReader(s)::open, ',',
                        List.of("User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date",
                                "Start time", "End date", "End time", "Duration"),
                        List.of("A", "a@x.example", "C", "P", "", "ok", "Yes", "2025-02-03", "09:00:00", "2025-02-03",
                                "10:00:00", "01:00:00"),
                        List.of("B", "b@x.example", "C", "P", "", "ok", "No", "2025-02-04", "09:00:00", "2025-02-04",
                                "11:00:00", "02:00:00")),
                new Case("clockify", s -> new ClockifyCsvReader(s)::open, ',',
                        List.of("Project", "Client", "Description", "Task", "User", "Email", "Billable", "Start Date",
                                "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)"),
                        List.of("Refonte", "ACME", "Atelier", "Design", "Jérôme Dupont", "j@x.test", "Yes",
                                "09/15/2026", "09:00 AM", "09/15/2026", "12:30 PM", "03:30:00", "3.50"),
                        List.of("Refonte", "ACME", "Revue", "Dev", "Jérôme Dupont", "j@x.test", "No",
                                "09/16/2026", "09:00 AM", "09/16/2026", "10:00 AM", "01:00:00", "1.00")),
                new Case("harvest", s -> new HarvestCsvReader(s)::open, ';',
                        List.of("Date", "Client", "Project", "Task", "Notes", "Hours", "First Name", "Last Name"),
                        List.of("26.01.2015", "ACME", "Refonte", "Design", "Maquettes", "7,5", "Jérôme", "Dupont"),
                        List.of("27.01.2015", "ACME", "Refonte", "Design", "Revue", "0,25", "Jérôme", "Dupont")),
                new Case("kimai", s -> new KimaiCsvReader(s)::open, ';',
                        List.of("Date", "De", "À", "Durée", "Utilisateur", "Client", "Projet", "Activité",
                                "Description", "Facturable"),
                        List.of("04/03/2024", "09:00", "16:30", "7:30", "Jérôme Dupont", "ACME", "Refonte", "Dév",
                                "Routeur", "Oui"),
                        List.of("05/03/2024", "14:00", "15:15", "1:15", "Jérôme Dupont", "ACME", "Refonte", "Réunion",
                                "Point", "Non")),
                new Case("redmine", s -> new RedmineCsvReader(s)::open, ',',
                        List.of("Date", "User", "Activity", "Issue", "Comment", "Hours", "Project"),
                        List.of("03/31/2024", "Jérôme Dupont", "Design", "", "Maquettes", "2.33", "Refonte"),
                        List.of("03/06/2024", "Redmine Admin", "Development", "", "Admin", "3.00", "Hub")));
    }

    private static TextInput csv(String text) {
        return TextInput.of(text.getBytes(StandardCharsets.UTF_8), "t.csv");
    }

    private static List<TimesheetProblem> problems(EntryStream stream) throws IOException {
        return Fixtures.problems(stream).problems();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void aRowWithAFieldMoreThanItsHeaderIsAProblemNotAGuess(Case c) throws Exception {
        List<String> extra = new java.util.ArrayList<>(c.row());
        extra.add("surplus");
        String text = c.headerLine() + "\n" + c.line(c.row()) + "\n" + c.line(extra) + "\n";
        try (EntryStream stream = c.open(csv(text))) {
            List<TrackedEntry> read = new java.util.ArrayList<>();
            stream.forEachRemaining(read::add);
            assertThat(stream.problems().problems()).singleElement().satisfies(p -> {
                assertThat(p.line()).isEqualTo(3);
                assertThat(p.columnNumber()).isEqualTo(c.header().size() + 1);
                assertThat(p.reason()).startsWith("the row has one field more than the header ("
                        + (c.header().size() + 1) + " instead of " + c.header().size() + ")").contains("'surplus'");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void aRowWithFieldsMissingIsAProblemNamingThem(Case c) throws Exception {
        List<String> shorter = c.row().subList(0, c.row().size() - 2);
        String text = c.headerLine() + "\n" + c.line(c.row()) + "\n" + c.line(shorter) + "\n";
        assertThat(problems(c.open(csv(text)))).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.columnNumber()).isEqualTo(c.header().size() - 1);
            assertThat(p.column()).isEqualTo(c.header().get(c.header().size() - 2));
            assertThat(p.reason()).startsWith("the row has 2 fields fewer than the header")
                    .contains("'" + c.header().get(c.header().size() - 1) + "'");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void trailingEmptyFieldsAsSpreadsheetsWriteThemAreFine(Case c) throws Exception {
        String sep = String.valueOf(c.separator());
        String text = c.headerLine() + sep + sep + "\n" + c.line(c.row()) + sep + sep + sep + "\n"
                + c.line(c.otherRow()) + "\n";
        assertThat(Fixtures.entries(c.open(csv(text)))).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void aQuoteLeftOpenNamesTheLineAndColumnWhereItOpenedAndNothingIsRead(Case c) throws Exception {
        List<String> open = new java.util.ArrayList<>(c.row());
        open.set(2, "\"" + open.get(2));
        String text = c.headerLine() + "\n" + c.line(c.otherRow()) + "\n" + c.line(open) + "\n"
                + c.line(c.row()) + "\n" + c.line(c.otherRow()) + "\n";
        try (EntryStream stream = c.open(csv(text))) {
            stream.forEachRemaining(e -> { });
            assertThat(stream.problems().problems()).singleElement().satisfies(p -> {
                assertThat(p.line()).isEqualTo(3);
                assertThat(p.columnNumber()).isEqualTo(3);
                assertThat(p.column()).isEqualTo(c.header().get(2));
                assertThat(p.reason()).startsWith("a quote opened here is never closed").endsWith("reading stopped here");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void mixedLineEndingsAreReadAndLinesStayRight(Case c) throws Exception {
        List<String> bad = new java.util.ArrayList<>(c.row());
        bad.add("surplus");
        // CRLF, LF, lone CR, then a bad row on line 5 and a good one after
        String text = c.headerLine() + "\r\n" + c.line(c.row()) + "\n" + c.line(c.otherRow()) + "\r"
                + c.line(c.row()) + "\r\n" + c.line(bad) + "\r"
                + c.line(c.otherRow()) + "\n";
        try (EntryStream stream = c.open(csv(text))) {
            List<TrackedEntry> read = new java.util.ArrayList<>();
            stream.forEachRemaining(read::add);
            assertThat(read).hasSize(4);
            assertThat(stream.problems().problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(5));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void utf16WithItsBomIsReadInBothByteOrders(Case c) throws Exception {
        String text = "\uFEFF" + c.headerLine() + "\r\n" + c.line(c.row()) + "\r\n" + c.line(c.otherRow()) + "\r\n";
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            List<TrackedEntry> entries = Fixtures.entries(c.open(TextInput.of(text.getBytes(charset), "t.csv")));
            List<TrackedEntry> utf8 = Fixtures.entries(c.open(csv(text)));
            assertThat(entries).hasSize(2).isEqualTo(utf8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void utf16WithoutBomIsRefusedWithAReasonNotReadAsGarbage(Case c) throws Exception {
        String text = c.headerLine() + "\r\n" + c.line(c.row()) + "\r\n";
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            TextInput input = TextInput.of(text.getBytes(charset), "t.csv");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.open(input))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("looks like UTF-16")
                    .hasMessageContaining(charset == StandardCharsets.UTF_16LE ? "little-endian" : "big-endian")
                    .hasMessageContaining("save it as UTF-8");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readers")
    void anXlsxRowWithAValuePastTheHeaderIsAProblemEmptyCellsAreNot(Case c) throws Exception {
        Path file = dir.resolve(c.name() + ".xlsx");
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(10); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = workbook.createSheet("Export");
            write(sheet.createRow(0), c.header());
            write(sheet.createRow(1), c.row());
            Row padded = sheet.createRow(2);
            write(padded, c.otherRow());
            padded.createCell(c.header().size() + 2).setCellValue(""); // an empty cell past the header: fine
            Row extra = sheet.createRow(3);
            write(extra, c.row());
            extra.createCell(c.header().size() + 1).setCellValue("surplus");
            workbook.write(out);
            workbook.dispose();
        }
        try (EntryStream stream = c.open(TextInput.of(file))) {
            List<TrackedEntry> read = new java.util.ArrayList<>();
            stream.forEachRemaining(read::add);
            assertThat(read).hasSize(2);
            assertThat(stream.problems().problems()).singleElement().satisfies(p -> {
                assertThat(p.line()).isEqualTo(4);
                assertThat(p.reason()).contains("past the header's last column").contains("'surplus'");
            });
        }
    }

    private static void write(Row row, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isEmpty()) {
                row.createCell(i).setCellValue(values.get(i));
            }
        }
    }

    @Test
    void theIssuesRowIsRefusedAsADecimalCommaInACommaSeparatedFile() throws Exception {
        String text = "consultant,date,hours,project,comment\n"
                + "jdupont,2026-12-01,7.5,GLOBEX-FACT,ok\n"
                + "amoreau,2026-12-01,7,5,GLOBEX-FACT,\"Atelier\"\n";
        assertThat(problems(new GenericCsvParser().open(csv(text)))).extracting(TimesheetProblem::toString)
                .containsExactly("line 3, column 3 'hours': the row has one field more than the header (6 instead of"
                        + " 5): '7,5' in columns 3 and 4 looks like a number with a decimal comma, which must be quoted"
                        + " (\"7,5\") or written 7.5 in a comma-separated file");
        // quoted, or with a point, it is what it says
        String fixed = text.replace("7,5,GLOBEX", "\"7,5\",GLOBEX");
        assertThat(Fixtures.entries(new GenericCsvParser().open(csv(fixed)))).last()
                .satisfies(e -> assertThat(e.hours()).isEqualByComparingTo("7.50"));
    }

    @Test
    void aFieldThatIsNotWhatItsColumnSaysNamesTheColumnsNumberAndName() throws Exception {
        String text = "consultant;date;hours;project;comment\n"
                + "jdupont;2026-10-01;1.234,5;P1;grouped\n"
                + "jdupont;2026-10-02;1 234;P1;grouped\n"
                + "jdupont;le 3;7;P1;not a date\n"
                + "jdupont;2026-10-04;sept;P1;not a number\n"
                + "jdupont;2026-10-05;-2;P1;negative\n";
        assertThat(problems(new GenericCsvParser().open(csv(text)))).extracting(TimesheetProblem::toString)
                .containsExactly(
                        "line 2, column 3 'hours': '1.234,5' is ambiguous: it holds a thousands separator or several"
                                + " decimal separators, which a number of hours (at most 24) never needs; write one"
                                + " separator: 7.5, 7,5 or 7:30",
                        "line 3, column 3 'hours': '1 234' is ambiguous: it holds a thousands separator or several"
                                + " decimal separators, which a number of hours (at most 24) never needs; write one"
                                + " separator: 7.5, 7,5 or 7:30",
                        "line 4, column 2 'date': 'le 3' is not a date (expected 2026-10-31 or 31/10/2026)",
                        "line 5, column 3 'hours': 'sept' is not a duration (expected 7.5, 7,5 or 7:30)",
                        "line 6, column 3 'hours': '-2' must be more than 0 and at most 24");
    }

    @Test
    void textAfterAClosingQuoteIsAProblemOfItsRowOnly() throws Exception {
        String text = "consultant,date,hours,project,comment\n"
                + "jdupont,2026-10-01,7.5,P1,\"Atelier\" 2\n"
                + "jdupont,2026-10-02,7.5,P1, \"Revue, finale\" \n";
        try (EntryStream stream = new GenericCsvParser().open(csv(text))) {
            List<TrackedEntry> read = new java.util.ArrayList<>();
            stream.forEachRemaining(read::add);
            assertThat(read).singleElement().satisfies(e -> assertThat(e.comment()).isEqualTo("Revue, finale"));
            assertThat(stream.problems().problems()).singleElement().satisfies(p -> {
                assertThat(p.line()).isEqualTo(2);
                assertThat(p.columnNumber()).isEqualTo(5);
                assertThat(p.reason()).startsWith("text after the closing quote");
            });
        }
    }

    @Test
    void lineBreaksInsideQuotedValuesCountWhateverTheirKind() throws Exception {
        String text = "a,b\r\n\"x\ry\",1\n\"p\r\nq\",2\r\"m\nn\",3\rlast,4\n";
        try (CsvTable table = CsvTable.open(csv(text))) {
            assertThat(Stream.generate(() -> {
                try {
                    return table.next();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).takeWhile(r -> r != null).map(CsvTable.Row::line)).containsExactly(2L, 4L, 6L, 8L);
        }
    }

    @Test
    void aQuoteLeftOpenOverManyLinesStopsAtTheLimitAndStillNamesWhereItOpened() throws Exception {
        StringBuilder text = new StringBuilder("consultant,date,hours,project,comment\n"
                + "jdupont,2026-10-01,7.5,P1,\"Atelier\n");
        for (int i = 0; i < 2000; i++) {
            text.append("jdupont,2026-10-02,7.5,P1,ok\n");
        }
        assertThat(problems(new GenericCsvParser().open(csv(text.toString())))).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.columnNumber()).isEqualTo(5);
            assertThat(p.column()).isEqualTo("comment");
            assertThat(p.reason()).contains("the quoted value that starts here runs over", "is its closing quote missing?");
        });
    }

    @Test
    void aQuoteLeftOpenInTheHeaderRefusesTheFileAtOpening() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GenericCsvParser().open(
                        csv("consultant,\"date,hours,project\njdupont,2026-10-01,7.5,P1\n")))
                .isInstanceOfSatisfying(MalformedTableException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.columnNumber()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith("a quote opened here is never closed");
                });
    }

    @Test
    void everyMisshapenRowIsCountedAndTheListIsCapped() throws Exception {
        StringBuilder text = new StringBuilder("consultant,date,hours,project,comment\n");
        for (int i = 0; i < 5000; i++) {
            text.append("c").append(i).append(",2026-10-01,7,5,P1,x\n");
        }
        ProblemLog problems = Fixtures.problems(new GenericCsvParser().open(csv(text.toString())));
        assertThat(problems.problems()).hasSize(ProblemLog.CAP)
                .allSatisfy(p -> assertThat(p.reason()).contains("'7,5' in columns 3 and 4"));
        assertThat(problems.count()).isEqualTo(5000);
    }
}
