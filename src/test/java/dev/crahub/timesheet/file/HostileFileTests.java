package dev.crahub.timesheet.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crahub.timesheet.TimesheetProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile files, generated here, read with the production limits under the heap of the packaged start
 * ({@code -Xmx512m -XX:+ExitOnOutOfMemoryError}, the {@code hostile-files} surefire execution): each is rejected with
 * a report naming the limit, and none may exhaust the heap (an OutOfMemoryError kills the fork and fails the build).
 */
class HostileFileTests {

    private static final int MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void anXlsxWhoseSharedStringsExpandFarPastTheBudgetIsRejectedUnderPoisRatioCheck() throws Exception {
        Path file = dir.resolve("bomb.xlsx");
        long characters = sharedStringsBomb(file, 1024L * MB); // as seen: about 20 MB expanding to 1 GB
        double ratio = (double) Files.size(file) / characters;
        assertThat(ratio).as("compressed/uncompressed: a bomb POI's 100:1 check lets through").isBetween(0.01, 0.05);

        // through the importer, this becomes the file's report (TimesheetFileImporterTests)
        assertThatThrownBy(() -> new GenericCsvParser().open(TextInput.of(file)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("the workbook's shared strings hold more than 20,000,000 characters, the limit "
                        + "crahub.timesheet.limits.shared-string-characters");
    }

    @Test
    void aFiftyMegabyteCommentStopsAtTheFieldLimit() throws Exception {
        Path file = dir.resolve("comment.csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("consultant,date,hours,project,comment\njdupont,2026-10-01,7,P,\"");
            repeat(w, 'x', 50L * MB);
            w.write("\"\n");
        }
        assertThat(readAll(new GenericCsvParser(), file).problems()).singleElement().hasToString(
                "line 2, column 5 'comment': the value holds more than 4,000 characters, the limit "
                        + "crahub.timesheet.limits.field-length; reading stopped here");
    }

    @Test
    void aHundredMegabyteLineWithoutEndStopsAtTheRowLimit() throws Exception {
        Path file = dir.resolve("line.csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("consultant,date,hours,project,comment\n");
            String field = "y".repeat(3000) + ",";
            for (long n = 0; n < 100L * MB; n += field.length()) {
                w.write(field);
            }
        }
        assertThat(readAll(new GenericCsvParser(), file).problems()).singleElement().hasToString(
                "line 2: the line holds more than 100,000 characters, the limit crahub.timesheet.limits.row-length; "
                        + "reading stopped here");
    }

    @Test
    void aFileThatIsOneHugeHeaderLineIsRefusedAtOpening() throws Exception {
        Path file = dir.resolve("header.csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            repeat(w, 'h', 100L * MB);
        }
        assertThatThrownBy(() -> new GenericCsvParser().open(TextInput.of(file)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("the value holds more than 4,000 characters, the limit crahub.timesheet.limits.field-length");
    }

    @Test
    void tenMillionTinyFieldsStopAtTheFieldCount() throws Exception {
        Path file = dir.resolve("fields.csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("consultant,date,hours,project,comment\n");
            for (int i = 0; i < 10_000_000; i++) {
                w.write("1,");
            }
            w.write("1\n");
        }
        assertThat(readAll(new GenericCsvParser(), file).problems()).singleElement().hasToString(
                "line 2: the line holds more than 1,000 fields, the limit crahub.timesheet.limits.row-fields; "
                        + "reading stopped here");
    }

    @Test
    void aJsonStringOfAHundredMegabytesStopsAtTheFieldLimit() throws Exception {
        Path file = dir.resolve("giant.json");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"source\": \"json\", \"entries\": [\n{\"id\": \"1\", \"user\": {\"name\": \"A\"}, \"date\": \"2026-10-01\","
                    + " \"hours\": 2, \"comment\": \"");
            repeat(w, 'z', 100L * MB);
            w.write("\"}]}");
        }
        ProblemLog problems = readAll(new CanonicalJsonReader(JsonMapper.builder().findAndAddModules().build()), file);
        assertThat(problems.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).isEqualTo("a text holds more than 4,000 characters, the limit "
                    + "crahub.timesheet.limits.field-length; reading stopped here");
        });
    }

    @Test
    void aJsonNestedAMillionLevelsDeepStopsAtTheDepthLimit() throws Exception {
        Path file = dir.resolve("deep.json");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"source\": \"json\", \"entries\": [{\"id\": \"1\", \"user\": {\"name\": \"A\"}, \"x\": ");
            repeat(w, '[', 1_000_000);
            repeat(w, ']', 1_000_000);
            w.write("}]}");
        }
        ProblemLog problems = readAll(new CanonicalJsonReader(JsonMapper.builder().findAndAddModules().build()), file);
        assertThat(problems.problems()).singleElement().extracting(TimesheetProblem::reason).isEqualTo(
                "arrays and objects are nested more than 32 levels deep, the limit "
                        + "crahub.timesheet.limits.nesting-depth; reading stopped here");
    }

    @Test
    void anXmlTextNodeOfAHundredMegabytesStopsBeforeAParserHoldsIt() throws Exception {
        Path file = dir.resolve("giant.xml");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("""
                    <timeEntries xmlns="urn:crahub:time-entries:1" source="x">
                      <entry id="1"><user name="A"/><date>2026-10-01</date><hours>2</hours>
                        <comment>""");
            repeat(w, 'w', 100L * MB);
            w.write("</comment></entry></timeEntries>\n");
        }
        assertThat(readAll(new CanonicalXmlReader(), file).problems()).singleElement().hasToString(
                "line 3: a text holds more than 4,000 characters, the limit crahub.timesheet.limits.field-length; "
                        + "reading stopped here");
    }

    @Test
    void anXmlCdataSectionOfAHundredMegabytesCountsAsText() throws Exception {
        Path file = dir.resolve("cdata.xml");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("<timeEntries xmlns=\"urn:crahub:time-entries:1\"><entry id=\"1\"><comment><![CDATA[");
            for (long n = 0; n < 100L * MB; n += 1000) {
                w.write("a<b>".repeat(250)); // '<' and '>' inside CDATA are text
            }
            w.write("]]></comment></entry></timeEntries>");
        }
        assertThat(readAll(new CanonicalXmlReader(), file).problems()).singleElement()
                .extracting(TimesheetProblem::reason).asString().startsWith("a text holds more than 4,000 characters");
    }

    @Test
    void numbersWithAHugeExponentAreRefusedNeverWrittenOut() throws Exception {
        // a dozen characters each: written out or rounded, 1e999999999 would take gigabytes
        Path json = Files.writeString(dir.resolve("exp.json"), """
                {"source": "json", "entries": [
                  {"id": "1", "user": {"name": "A"}, "date": "2026-10-01", "hours": 1e999999999},
                  {"id": "2", "user": {"name": "A"}, "date": "2026-10-01", "hours": 1e-999999999}
                ]}""");
        assertThat(readAll(new CanonicalJsonReader(JsonMapper.builder().findAndAddModules().build()), json).problems())
                .extracting(TimesheetProblem::toString).containsExactly(
                        "line 2, column 'entries[0].hours': is not a number of hours (more than 0 and at most 24)",
                        "line 3, column 'entries[1].hours': is not a number of hours (more than 0 and at most 24)");

        Path xlsx = dir.resolve("exp.xlsx");
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
             OutputStream out = Files.newOutputStream(xlsx)) {
            var sheet = workbook.createSheet();
            String[][] rows = {{"User", "Start date", "Duration"}, {"Jean", "2026-10-01", "1E999999999"}};
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            workbook.write(out);
        }
        ProblemLog problems = Fixtures.problems(new TogglCsvReader(Fixtures.settings()).open(TextInput.of(xlsx)));
        assertThat(problems.problems()).extracting(TimesheetProblem::toString)
                .containsExactly("line 2, column 3 'Duration': '1E+999999999' is not a duration");
    }

    private static ProblemLog readAll(GenericCsvParser parser, Path file) throws IOException {
        return Fixtures.problems(parser.open(TextInput.of(file)));
    }

    private static ProblemLog readAll(CanonicalJsonReader reader, Path file) throws IOException {
        return Fixtures.problems(reader.open(TextInput.of(file)));
    }

    private static ProblemLog readAll(CanonicalXmlReader reader, Path file) throws IOException {
        return Fixtures.problems(reader.open(TextInput.of(file)));
    }

    private static void repeat(Writer w, char c, long count) throws IOException {
        char[] chunk = new char[64 * 1024];
        java.util.Arrays.fill(chunk, c);
        for (long left = count; left > 0; left -= chunk.length) {
            w.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
    }

    /**
     * A generic-layout workbook whose shared strings hold {@code characters} characters of comments compressing
     * about 50:1 (like the 17 MB file that expanded to 1 GB), each string within the field limit.
     *
     * @return the characters written into the shared strings
     */
    static long sharedStringsBomb(Path file, long characters) throws IOException {
        Random random = new Random(1);
        String phrase = "Atelier de cadrage avec le client, revue des specifications et chiffrage. ";
        long written = 0;
        int count = 0;
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             ZipOutputStream zip = new ZipOutputStream(raw)) {
            entry(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                    <Default Extension="xml" ContentType="application/xml"/>
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                    <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                    </Types>""");
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                    </Relationships>""");
            entry(zip, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                    <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            entry(zip, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
                    </Relationships>""");
            entry(zip, "xl/worksheets/sheet1.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
                    <row r="1"><c r="A1" t="inlineStr"><is><t>consultant</t></is></c><c r="B1" t="inlineStr"><is><t>date</t></is></c><c r="C1" t="inlineStr"><is><t>hours</t></is></c><c r="D1" t="inlineStr"><is><t>project</t></is></c><c r="E1" t="s"><v>0</v></c></row>
                    <row r="2"><c r="A2" t="inlineStr"><is><t>jdupont</t></is></c><c r="B2" t="inlineStr"><is><t>2026-10-01</t></is></c><c r="C2"><v>7</v></c><c r="D2" t="inlineStr"><is><t>P</t></is></c><c r="E2" t="s"><v>1</v></c></row>
                    </sheetData></worksheet>""");
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            Writer w = new java.io.OutputStreamWriter(zip, StandardCharsets.UTF_8);
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            StringBuilder s = new StringBuilder(3100);
            while (written < characters) {
                s.setLength(0);
                while (s.length() < 3000) {
                    s.append(phrase);
                    if (random.nextInt(5) == 0) {
                        s.append(random.nextInt(1_000_000));
                    }
                }
                s.setLength(3000);
                w.write("<si><t>");
                w.append(s);
                w.write("</t></si>");
                written += 3000;
                count++;
            }
            w.write("</sst>");
            w.flush();
            zip.closeEntry();
        }
        assertThat(count).isLessThan(1_000_000); // the characters' budget is the limit passed, not the entries'
        return written;
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
