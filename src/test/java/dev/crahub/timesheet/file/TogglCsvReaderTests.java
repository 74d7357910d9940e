package dev.crahub.timesheet.file;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.crahub.timesheet.TrackedEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TogglCsvReaderTests {

    @Test
    void readsTheRealJapaneseDetailedExport() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(new TogglCsvReader(Fixtures.settings())
                .open(Fixtures.input("toggl/export_detailed_2014_ja.csv")));

        assertThat(entries).hasSize(2);
        TrackedEntry sleep = entries.get(0);
        assertThat(sleep.source()).isEqualTo("toggl");
        assertThat(sleep.userName()).isEqualTo("ちぃといつ");
        assertThat(sleep.userEmail()).isEqualTo("user@example.test");
        assertThat(sleep.client()).isEqualTo("第3領域");
        assertThat(sleep.project()).isEqualTo("生活");
        assertThat(sleep.task()).isNull();
        assertThat(sleep.comment()).isEqualTo("睡眠");
        assertThat(sleep.billable()).isFalse(); // いいえ
        assertThat(sleep.date()).isEqualTo(LocalDate.of(2014, 6, 23));
        assertThat(sleep.start()).isEqualTo(OffsetDateTime.parse("2014-06-23T00:00:00+02:00"));
        assertThat(sleep.end()).isEqualTo(OffsetDateTime.parse("2014-06-23T08:00:00+02:00"));
        assertThat(sleep.hours()).isEqualByComparingTo("8.00");
        assertThat(entries.get(1).hours()).isEqualByComparingTo("12.00");
        assertThat(sleep.externalId()).startsWith("fp:");
        assertThat(entries.get(1).externalId()).isNotEqualTo(sleep.externalId());
    }

    @Test
    void fingerprintsAreStableAcrossReadsAndTheZoneIsConfigurable() throws Exception {
        List<TrackedEntry> first = Fixtures.entries(new TogglCsvReader(Fixtures.settings())
                .open(Fixtures.input("toggl/export_detailed_2014_ja.csv")));
        List<TrackedEntry> again = Fixtures.entries(new TogglCsvReader(Fixtures.settings())
                .open(Fixtures.input("toggl/export_detailed_2014_ja.csv")));
        assertThat(again).extracting(TrackedEntry::externalId)
                .containsExactlyElementsOf(first.stream().map(TrackedEntry::externalId).toList());

        var tokyo = new TimesheetFileSettings.Source(ZoneId.of("Asia/Tokyo"), null, Map.of(), false);
        List<TrackedEntry> inTokyo = Fixtures.entries(new TogglCsvReader(tokyo)
                .open(Fixtures.input("toggl/export_detailed_2014_ja.csv")));
        assertThat(inTokyo.get(0).start()).isEqualTo(OffsetDateTime.parse("2014-06-23T00:00:00+09:00"));
    }

    @Test
    void aFrenchExportWithBomCommaDecimalsAndAnIsoDurationReads() throws Exception {
        String csv = "\uFEFFUtilisateur;E-mail;Client;Projet;Tâche;Description;Facturable;Date de début;Heure de début;"
                + "Date de fin;Heure de fin;Durée;Étiquettes;Montant (EUR)\r\n"
                + "Jean;jean@acme.example;ACME;Refonte;Dev;Atelier;Oui;2026-10-01;09:00:00;2026-10-01;10:30:00;PT1H30M;;\r\n";
        List<TrackedEntry> entries = Fixtures.entries(new TogglCsvReader(Fixtures.settings())
                .open(TextInput.of(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), "fr.csv")));
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.billable()).isTrue();
            assertThat(e.hours()).isEqualByComparingTo("1.50");
            assertThat(e.task()).isEqualTo("Dev");
        });
    }

    @Test
    void everyBadRowIsReportedWithLineAndColumn() throws Exception {
        String csv = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration\n"
                + "A,a@x,C,P,,ok,Yes,2026-10-01,09:00:00,2026-10-01,10:00:00,01:00:00\n"
                + "A,a@x,C,P,,bad,Maybe,2026-10-32,09:00:00,2026-10-01,10:00:00,01:00:00\n"
                + ",,C,P,,nobody,No,2026-10-01,09:00:00,2026-10-01,10:00:00,abc\n";
        ProblemLog problems = Fixtures.problems(new TogglCsvReader(Fixtures.settings())
                .open(TextInput.of(csv.getBytes(), "bad.csv")));
        assertThat(problems.problems()).extracting(p -> p.line() + ":" + p.column())
                .containsExactlyInAnyOrder("3:Start date", "3:Billable", "4:User", "4:Duration");
    }
}
