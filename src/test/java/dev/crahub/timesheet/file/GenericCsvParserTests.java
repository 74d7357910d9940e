package dev.crahub.timesheet.file;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import dev.crahub.timesheet.InvalidTimesheetException;
import dev.crahub.timesheet.TimesheetProblem;
import dev.crahub.timesheet.TrackedEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenericCsvParserTests {

    private final GenericCsvParser parser = new GenericCsvParser();

    @Test
    void readsQuotedFieldsDecimalsAndClockDurations() {
        String csv = "consultant,date,hours,project,comment\r\n"
                + "jdupont,2026-10-01,7.5,P1,\"Atelier, avec \"\"guillemets\"\"\"\r\n"
                + "jdupont,01/10/2026,0:45,P1,\"sur\ndeux lignes\"\r\n"
                + "amoreau,2026-10-02,8,P2,\r\n";
        List<TrackedEntry> rows = parser.parse(csv.getBytes(StandardCharsets.UTF_8), "t.csv");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).comment()).isEqualTo("Atelier, avec \"guillemets\"");
        assertThat(rows.get(0).hours()).isEqualByComparingTo("7.50");
        assertThat(rows.get(1).date()).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(rows.get(1).hours()).isEqualByComparingTo("0.75");
        assertThat(rows.get(1).comment()).isEqualTo("sur\ndeux lignes");
        assertThat(rows.get(2).comment()).isEmpty();
    }

    @Test
    void sniffsSemicolonsWithCommaDecimalsAndAnyColumnOrder() {
        String csv = "\uFEFFDate;Project;Consultant;Hours;Comment\n02/10/2026;P1;jdupont;7,25;Développement\n";
        List<TrackedEntry> rows = parser.parse(csv.getBytes(StandardCharsets.UTF_8), "t.csv");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.userId()).isEqualTo("jdupont");
            assertThat(r.hours()).isEqualByComparingTo(new BigDecimal("7.25"));
            assertThat(r.comment()).isEqualTo("Développement");
        });
    }

    @Test
    void fallsBackToWindows1252WhenTheFileIsNotUtf8() {
        String csv = "consultant;date;hours;project;comment\njdupont;2026-10-02;1;P1;Réunion équipe\n";
        List<TrackedEntry> rows = parser.parse(csv.getBytes(Charset.forName("windows-1252")), "t.csv");
        assertThat(rows.get(0).comment()).isEqualTo("Réunion équipe");
    }

    @Test
    void reportsEveryBadLineAndKeepsNothing() {
        String csv = """
                consultant,date,hours,project,comment
                jdupont,2026-10-01,7.5,P1,ok
                jdupont,2026-02-30,7.5,P1,bad date
                jdupont,2026-10-02,-1,P1,negative
                jdupont,2026-10-03,25,P1,too much
                ,2026-10-03,2,P1,no consultant
                jdupont,2026-10-04,2,,no project
                """;
        assertThatThrownBy(() -> parser.parse(csv.getBytes(StandardCharsets.UTF_8), "bad.csv"))
                .isInstanceOfSatisfying(InvalidTimesheetException.class, e -> {
                    assertThat(e.problems()).extracting(TimesheetProblem::line).containsExactly(3L, 4L, 5L, 6L, 7L);
                    assertThat(e.report()).contains("bad.csv", "line 3, column 2 'date'", "2026-02-30",
                            "line 6, column 1 'consultant'", "line 7, column 4 'project'");
                });
    }

    @Test
    void aDayOfMoreThan24HoursIsRejected() {
        String csv = "consultant,date,hours,project\njdupont,2026-10-01,12,P1\njdupont,2026-10-01,13,P2\n";
        assertThatThrownBy(() -> parser.parse(csv.getBytes(StandardCharsets.UTF_8), "t.csv"))
                .isInstanceOfSatisfying(InvalidTimesheetException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.reason()).contains("25")));
    }

    @Test
    void aMissingColumnOrAnEmptyFileIsRejected() {
        assertThatThrownBy(() -> parser.parse("consultant,date,project\n".getBytes(), "t.csv"))
                .isInstanceOfSatisfying(InvalidTimesheetException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.column()).isEqualTo("hours")));
        assertThatThrownBy(() -> parser.parse(new byte[0], "t.csv")).isInstanceOf(InvalidTimesheetException.class);
        assertThatThrownBy(() -> parser.parse("consultant,date,hours,project\n".getBytes(), "t.csv"))
                .isInstanceOf(InvalidTimesheetException.class).hasMessageContaining("1 problem");
    }

    @Test
    void fingerprintsAreStableAndTellIdenticalLinesApart() {
        String csv = "consultant,date,hours,project,comment\njdupont,2026-10-01,1,P1,x\njdupont,2026-10-01,1,P1,x\n";
        List<TrackedEntry> first = parser.parse(csv.getBytes(), "a.csv");
        List<TrackedEntry> again = parser.parse(csv.getBytes(), "b.csv");
        assertThat(first.get(0).externalId()).isNotEqualTo(first.get(1).externalId());
        assertThat(first).extracting(TrackedEntry::externalId)
                .containsExactlyElementsOf(again.stream().map(TrackedEntry::externalId).toList());
    }
}
