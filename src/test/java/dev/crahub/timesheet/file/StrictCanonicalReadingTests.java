package dev.crahub.timesheet.file;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crahub.timesheet.TimesheetProblem;
import dev.crahub.timesheet.TrackedEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict reading (ADR 0028) in the canonical JSON and XML readers: a member the shape does not know, a member given
 * twice, content after the batch, an unclosed string or tag are problems with their line; line numbers stay right
 * whatever the line endings; the encodings are each format's own (JSON: UTF-8 or UTF-16 told from the first bytes,
 * with or without BOM; XML: UTF-16 needs its BOM, as the XML spec says).
 */
class StrictCanonicalReadingTests {

    private static final String ENTRY_1 = "{\"id\": \"1\", \"user\": {\"name\": \"A\"}, \"date\": \"2026-10-01\", \"hours\": 2}";
    private static final String ENTRY_2 = "{\"id\": \"2\", \"user\": {\"name\": \"B\"}, \"date\": \"2026-10-02\", \"hours\": 7.5}";

    private final CanonicalJsonReader json = new CanonicalJsonReader(JsonMapper.builder().findAndAddModules().build());
    private final CanonicalXmlReader xml = new CanonicalXmlReader();

    private List<TimesheetProblem> jsonProblems(String text) throws Exception {
        return Fixtures.problems(json.open(TextInput.of(text.getBytes(StandardCharsets.UTF_8), "b.json"))).problems();
    }

    private List<TimesheetProblem> xmlProblems(String text) throws Exception {
        return Fixtures.problems(xml.open(TextInput.of(text.getBytes(StandardCharsets.UTF_8), "b.xml"))).problems();
    }

    @Test
    void aJsonMemberTheShapeDoesNotKnowIsAProblemNotIgnored() throws Exception {
        String text = "{\"source\": \"json\", \"entries\": [\n" + ENTRY_1 + ",\n"
                + "{\"id\": \"2\", \"user\": {\"name\": \"B\", \"mail\": \"b@x\"}, \"date\": \"2026-10-02\", \"hours\": 1,"
                + " \"coment\": \"lost\"}\n]}";
        assertThat(jsonProblems(text)).extracting(TimesheetProblem::toString).containsExactly(
                "line 3, column 'entries[1].user.mail': is not a member of an entry (id, user, client, project, task,"
                        + " date, start, end, hours, billable, comment, deleted): a misspelt name is not guessed",
                "line 3, column 'entries[1].coment': is not a member of an entry (id, user, client, project, task,"
                        + " date, start, end, hours, billable, comment, deleted): a misspelt name is not guessed");
    }

    @Test
    void aJsonMemberGivenTwiceOrContentAfterTheBatchIsAProblem() throws Exception {
        assertThat(jsonProblems("{\"entries\": [\n{\"id\": \"1\", \"user\": {\"name\": \"A\"}, \"date\": \"2026-10-01\","
                + " \"hours\": 2, \"hours\": 8}\n]}")).singleElement().satisfies(p -> {
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.reason()).contains("Duplicate field 'hours'");
                });
        assertThat(jsonProblems("{\"entries\": [\n" + ENTRY_1 + "\n], \"source\": \"toggl\"}"))
                .extracting(TimesheetProblem::toString).containsExactly("line 3, column 'source': must come before \"entries\"");
        assertThat(jsonProblems("{\"entries\": [\n" + ENTRY_1 + "\n]}\n{\"entries\": []}"))
                .extracting(TimesheetProblem::reason).containsExactly("content after the end of the batch");
        assertThat(jsonProblems("{\"sauce\": \"toggl\", \"entries\": [\n" + ENTRY_1 + "\n]}"))
                .extracting(TimesheetProblem::column).containsExactly("sauce");
    }

    @Test
    void aJsonStringLeftOpenIsAProblemWithItsLine() throws Exception {
        String text = "{\"entries\": [\n" + ENTRY_1 + ",\n{\"id\": \"2\", \"user\": {\"name\": \"B}, \"date\": \"2026-10-02\"}\n]}";
        assertThat(jsonProblems(text)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).startsWith("not valid JSON").contains("was expecting comma");
        });
    }

    @Test
    void jsonLinesStayRightWithMixedLineEndings() throws Exception {
        String bad = "{\"id\": \"3\", \"user\": {\"name\": \"C\"}, \"date\": \"2026-10-03\", \"hours\": 30}";
        String text = "{\"entries\": [\r\n" + ENTRY_1 + ",\n" + ENTRY_2 + ",\r\r\n" + bad + "\n]}";
        assertThat(jsonProblems(text)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.column()).isEqualTo("entries[2].hours");
        });
    }

    @Test
    void jsonInUtf16IsReadWithOrWithoutBom() throws Exception {
        String text = "{\"source\": \"json\", \"entries\": [\r\n" + ENTRY_1 + ",\r\n" + ENTRY_2 + "\r\n]}";
        List<TrackedEntry> utf8 = Fixtures.entries(json.open(TextInput.of(text.getBytes(StandardCharsets.UTF_8), "b.json")));
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            for (String bom : List.of("\uFEFF", "")) {
                byte[] bytes = (bom + text).getBytes(charset);
                assertThat(Fixtures.entries(json.open(TextInput.of(bytes, "b.json")))).hasSize(2).isEqualTo(utf8);
            }
        }
    }

    private static String xmlDocument(String declaration, String newline, String... entries) {
        StringBuilder s = new StringBuilder(declaration).append(newline)
                .append("<timeEntries xmlns=\"urn:crahub:time-entries:1\" source=\"xml\">").append(newline);
        for (String entry : entries) {
            s.append(entry).append(newline);
        }
        return s.append("</timeEntries>").append(newline).toString();
    }

    private static String xmlEntry(String id, String date, String hours) {
        return "<entry id=\"" + id + "\"><user name=\"A\"/><project>P</project><date>" + date + "</date><hours>" + hours
                + "</hours></entry>";
    }

    @Test
    void xmlInUtf16IsReadWithItsBomAndRefusedWithoutOne() throws Exception {
        // twenty entries: more elements than the nesting limit, so closing tags must be seen through the zero bytes
        String[] entries = new String[20];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = xmlEntry(String.valueOf(i), "2026-10-" + (10 + i), i % 2 == 0 ? "2" : "7.5");
        }
        String text = xmlDocument("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "\r\n", entries);
        List<TrackedEntry> reference = Fixtures.entries(xml.open(TextInput.of(
                text.replace("UTF-16", "UTF-8").getBytes(StandardCharsets.UTF_8), "b.xml")));
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            byte[] bytes = ("\uFEFF" + text).getBytes(charset);
            assertThat(Fixtures.entries(xml.open(TextInput.of(bytes, "b.xml")))).hasSize(20).isEqualTo(reference);
        }
        // without BOM nor declaration, the XML spec gives no way to tell UTF-16: refused, nothing read
        String bare = xmlDocument("", "\n", xmlEntry("1", "2026-10-01", "2"));
        try (EntryStream stream = xml.open(TextInput.of(bare.getBytes(StandardCharsets.UTF_16LE), "b.xml"))) {
            List<TrackedEntry> read = new ArrayList<>();
            stream.forEachRemaining(read::add);
            assertThat(read).isEmpty();
            assertThat(stream.problems().problems()).isNotEmpty();
        }
    }

    @Test
    void anXmlElementTheSchemaDoesNotKnowIsAProblemWithLineAndColumn() throws Exception {
        String text = xmlDocument("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "\n", xmlEntry("1", "2026-10-01", "2"),
                "<entry id=\"2\"><user name=\"A\"/><project>P</project><date>2026-10-02</date><hours>1</hours>"
                        + "<coment>lost</coment></entry>");
        assertThat(xmlProblems(text)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.columnNumber()).isPositive();
            assertThat(p.reason()).contains("coment");
        });
    }

    @Test
    void xmlLinesStayRightWithMixedLineEndingsAndAnUnclosedTagIsAProblem() throws Exception {
        String text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
                + "<timeEntries xmlns=\"urn:crahub:time-entries:1\">\r"
                + xmlEntry("1", "2026-10-01", "2") + "\n"
                + xmlEntry("2", "2026-10-02", "7,5") + "\r\n"
                + "</timeEntries>\n";
        assertThat(xmlProblems(text)).isNotEmpty().allSatisfy(p -> assertThat(p.line()).isEqualTo(4));
        String unclosed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<timeEntries xmlns=\"urn:crahub:time-entries:1\">\n"
                + "<entry id=\"1><user name=\"A\"/><date>2026-10-01</date><hours>2</hours></entry>\n"
                + "</timeEntries>\n";
        assertThat(xmlProblems(unclosed)).isNotEmpty().allSatisfy(p -> assertThat(p.line()).isGreaterThanOrEqualTo(3));
    }
}
