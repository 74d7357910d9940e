package dev.crahub.timesheet.file;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.crahub.timesheet.TrackedEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clockify, Harvest and Kimai CSV exports. No real export of these trackers was found: the fixtures are written from
 * the documented headers (see ../shared/docs/time-trackers.md), with the locales those trackers write.
 */
class VendorCsvReadersTests {

    @Test
    void clockifyDetailedReportInUsFormatWithATrailingTotalRow() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(new ClockifyCsvReader(Fixtures.settings())
                .open(Fixtures.input("clockify/detailed_report_en_us.csv")));
        assertThat(entries).hasSize(2); // the Total row is not an entry
        TrackedEntry first = entries.get(0);
        assertThat(first.date()).isEqualTo(LocalDate.of(2026, 9, 15));
        assertThat(first.start()).isEqualTo(OffsetDateTime.parse("2026-09-15T09:00+02:00"));
        assertThat(first.end()).isEqualTo(OffsetDateTime.parse("2026-09-15T12:30+02:00"));
        assertThat(first.hours()).isEqualByComparingTo("3.50");
        assertThat(first.billable()).isTrue();
        assertThat(first.userEmail()).isEqualTo("jerome.dupont@example.test");
        assertThat(first.client()).isEqualTo("ACME");
        assertThat(first.task()).isEqualTo("Design");
        TrackedEntry night = entries.get(1);
        assertThat(night.end()).isEqualTo(OffsetDateTime.parse("2026-09-16T01:00+02:00"));
        assertThat(night.comment()).isEqualTo("Revue, tests \"unitaires\"");
        assertThat(night.billable()).isFalse();
    }

    @Test
    void harvestDetailedTimeWithDottedDatesAndCommaDecimals() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(new HarvestCsvReader(Fixtures.settings())
                .open(Fixtures.input("harvest/detailed_time_de.csv")));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).date()).isEqualTo(LocalDate.of(2015, 1, 26));
        assertThat(entries.get(0).hours()).isEqualByComparingTo("7.50");
        assertThat(entries.get(0).userName()).isEqualTo("Jérôme Dupont");
        assertThat(entries.get(0).task()).isEqualTo("Design");
        assertThat(entries.get(0).comment()).isEqualTo("Maquettes");
        assertThat(entries.get(1).hours()).isEqualByComparingTo("0.25");
        assertThat(entries.get(1).billable()).isFalse();
    }

    @Test
    void kimaiFrenchExportWithClockDurations() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(new KimaiCsvReader(Fixtures.settings())
                .open(Fixtures.input("kimai/export_fr.csv")));
        assertThat(entries).hasSize(2);
        TrackedEntry first = entries.get(0);
        assertThat(first.date()).isEqualTo(LocalDate.of(2024, 3, 4));
        assertThat(first.hours()).isEqualByComparingTo("7.50");
        assertThat(first.start()).isEqualTo(OffsetDateTime.parse("2024-03-04T09:00+01:00"));
        assertThat(first.end()).isEqualTo(OffsetDateTime.parse("2024-03-04T16:30+01:00"));
        assertThat(first.task()).isEqualTo("Développement");
        assertThat(first.client()).isEqualTo("ACME");
        assertThat(first.billable()).isTrue();
        assertThat(entries.get(1).hours()).isEqualByComparingTo("1.25");
        assertThat(entries.get(1).billable()).isFalse();
    }

    @Test
    void aConfiguredLocaleDecidesTheDateOrder() throws Exception {
        String csv = "Date,User,Activity,Issue,Comment,Hours,Project\n03/04/2024,Jean,Dev,,x,1.5,P\n";
        var british = new TimesheetFileSettings.Source(null, Locale.UK, Map.of(), false);
        assertThat(Fixtures.entries(new RedmineCsvReader(british).open(TextInput.of(csv.getBytes(), "gb.csv"))))
                .singleElement().satisfies(e -> assertThat(e.date()).isEqualTo(LocalDate.of(2024, 4, 3)));
        assertThat(Fixtures.entries(new RedmineCsvReader(Fixtures.settings()).open(TextInput.of(csv.getBytes(), "us.csv"))))
                .singleElement().satisfies(e -> assertThat(e.date()).isEqualTo(LocalDate.of(2024, 3, 4)));
    }

    @Test
    void aHeaderWithoutDateOrDurationIsRejectedNamingTheColumn() throws Exception {
        String csv = "User,Project\nJean,P\n";
        ProblemLog problems = Fixtures.problems(new KimaiCsvReader(Fixtures.settings()).open(TextInput.of(csv.getBytes(), "k.csv")));
        assertThat(problems.problems()).extracting(p -> p.line() + ":" + p.column()).containsExactly("1:Date", "1:Duration");
    }
}
