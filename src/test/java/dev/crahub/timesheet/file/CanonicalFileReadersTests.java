package dev.crahub.timesheet.file;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crahub.timesheet.TrackedEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalFileReadersTests {

    private final ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();

    @Test
    void aJsonBatchStreamsEntryByEntry() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(new CanonicalJsonReader(mapper).open(Fixtures.input("json/batch.json")));
        assertThat(entries).hasSize(2).allSatisfy(e -> assertThat(e.source()).isEqualTo("toggl"));
        TrackedEntry first = entries.get(0);
        assertThat(first.externalId()).isEqualTo("42");
        assertThat(first.userEmail()).isEqualTo("jean@acme.example");
        assertThat(first.start()).isEqualTo(OffsetDateTime.parse("2026-10-01T09:00:00+02:00"));
        assertThat(first.hours()).isEqualByComparingTo("3.50");
        assertThat(first.billable()).isTrue();
        assertThat(entries.get(1).date()).isEqualTo(LocalDate.of(2026, 10, 2));
        assertThat(entries.get(1).hours()).isEqualByComparingTo("2.00");
    }

    @Test
    void aJsonBatchReportsEveryBadEntryWithItsLine() throws Exception {
        String json = """
                {"source": "json", "entries": [
                  {"id": "1", "user": {"name": "A"}, "date": "2026-10-01", "hours": 2},
                  {"id": "", "user": {"name": "A"}, "date": "2026-10-01", "hours": 30},
                  {"id": "3", "user": {"name": "A"}, "date": "2026-13-01", "hours": 1}
                ]}
                """;
        ProblemLog problems = Fixtures.problems(new CanonicalJsonReader(mapper)
                .open(TextInput.of(json.getBytes(StandardCharsets.UTF_8), "b.json")));
        assertThat(problems.problems()).extracting(p -> p.line() + ":" + p.column())
                .containsExactly("3:entries[1].id", "3:entries[1].hours", "4:entries[2]");
    }

    @Test
    void anXmlFileIsValidatedThenStreamed() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(new CanonicalXmlReader().open(Fixtures.input("xml/time-entries.xml")));
        assertThat(entries).hasSize(2).allSatisfy(e -> assertThat(e.source()).isEqualTo("kimai"));
        assertThat(entries.get(0).externalId()).isEqualTo("k-1");
        assertThat(entries.get(0).userName()).isEqualTo("Jérôme Dupont");
        assertThat(entries.get(0).hours()).isEqualByComparingTo("3.50"); // from start and end
        assertThat(entries.get(1).deleted()).isTrue();
        assertThat(entries.get(1).billable()).isFalse();
    }

    @Test
    void anXmlFileBreakingTheSchemaIsReportedWithLines() throws Exception {
        String xml = """
                <timeEntries xmlns="urn:crahub:time-entries:1">
                  <entry id="1"><user name="A"/><date>2026-10-01</date><hours>25</hours></entry>
                  <entry><user name="A"/><date>not a date</date></entry>
                </timeEntries>
                """;
        ProblemLog problems = Fixtures.problems(new CanonicalXmlReader().open(TextInput.of(xml.getBytes(), "bad.xml")));
        assertThat(problems.problems()).extracting(p -> p.line()).contains(2L, 3L);
        assertThat(problems.problems()).anySatisfy(p -> assertThat(p.reason()).contains("25"));
    }

    @Test
    void anXmlStartWithoutOffsetIsReportedNotThrown() throws Exception {
        String xml = """
                <timeEntries xmlns="urn:crahub:time-entries:1">
                  <entry id="1"><user name="A"/><start>2026-10-01T09:00:00</start><hours>1</hours></entry>
                </timeEntries>
                """;
        ProblemLog problems = Fixtures.problems(new CanonicalXmlReader().open(TextInput.of(xml.getBytes(), "t.xml")));
        assertThat(problems.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo("entry[1].start");
            assertThat(p.reason()).contains("offset");
        });
    }

    @Test
    void anXmlExternalEntityIsRefused() throws Exception {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE timeEntries [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <timeEntries xmlns="urn:crahub:time-entries:1">
                  <entry id="1"><user name="&secret;"/><date>2026-10-01</date><hours>1</hours></entry>
                </timeEntries>
                """;
        ProblemLog problems = Fixtures.problems(new CanonicalXmlReader().open(TextInput.of(xxe.getBytes(), "xxe.xml")));
        assertThat(problems.isEmpty()).isFalse();
        assertThat(problems.problems()).noneSatisfy(p -> assertThat(p.reason()).contains("root:"));
    }
}
