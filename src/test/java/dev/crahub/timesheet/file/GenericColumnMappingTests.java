package dev.crahub.timesheet.file;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.crahub.timesheet.InvalidTimesheetException;
import dev.crahub.timesheet.TrackedEntry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenericColumnMappingTests {

    private static TimesheetFileSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("crahub.timesheet", TimesheetFileSettings.class).orElse(TimesheetFileSettings.defaults());
    }

    private final TimesheetFileSettings settings = bind(Map.ofEntries(
            Map.entry("crahub.timesheet.files.generic.columns.consultant", "Collaborateur"),
            Map.entry("crahub.timesheet.files.generic.columns.date", "Jour"),
            Map.entry("crahub.timesheet.files.generic.columns.hours", "Temps passé"),
            Map.entry("crahub.timesheet.files.generic.columns.project", "Mission"),
            Map.entry("crahub.timesheet.files.generic.columns.comment", "Note"),
            Map.entry("crahub.timesheet.files.generic.columns.start", "Début"),
            Map.entry("crahub.timesheet.files.generic.columns.end", "Fin"),
            Map.entry("crahub.timesheet.files.generic.columns.billable", "Facturable"),
            Map.entry("crahub.timesheet.files.toggl.zone", "Asia/Tokyo"),
            Map.entry("crahub.timesheet.files.harvest.locale", "en-GB"),
            Map.entry("crahub.timesheet.files.toggl.full-export", "true")));

    @Test
    void theConfigurationKeysBindPerSource() {
        assertThat(settings.of("toggl").zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(settings.of("harvest").locale()).isEqualTo(Locale.UK);
        assertThat(settings.of("redmine").zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(settings.of("generic").columns()).containsEntry("hours", "Temps passé");
        assertThat(settings.of("toggl").fullExport()).isTrue();
        assertThat(settings.of("harvest").fullExport()).isFalse();
    }

    @Test
    void aCustomersOwnLayoutMapsOntoTheFields() {
        String csv = "Mission;Collaborateur;Jour;Début;Fin;Temps passé;Facturable;Note;Autre\r\n"
                + "GLOBEX;jdupont;01/10/2026;09:00;12:30;;Oui;Atelier;x\r\n"
                + "GLOBEX;jdupont;02/10/2026;;;7,5;Non;;y\r\n";
        List<TrackedEntry> entries = new GenericCsvParser(settings.of("generic"))
                .parse(csv.getBytes(StandardCharsets.UTF_8), "client.csv");
        assertThat(entries).hasSize(2);
        TrackedEntry first = entries.get(0);
        assertThat(first.userId()).isEqualTo("jdupont");
        assertThat(first.project()).isEqualTo("GLOBEX");
        assertThat(first.date()).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(first.start()).isEqualTo(OffsetDateTime.parse("2026-10-01T09:00+02:00"));
        assertThat(first.end()).isEqualTo(OffsetDateTime.parse("2026-10-01T12:30+02:00"));
        assertThat(first.hours()).isEqualByComparingTo("3.50"); // end minus start
        assertThat(first.billable()).isTrue();
        assertThat(first.comment()).isEqualTo("Atelier");
        assertThat(entries.get(1).hours()).isEqualByComparingTo("7.50");
        assertThat(entries.get(1).billable()).isFalse();
    }

    @Test
    void aMissingMappedColumnIsNamedAsConfigured() {
        String csv = "Collaborateur;Jour;Temps passé\njdupont;01/10/2026;1\n";
        assertThatThrownBy(() -> new GenericCsvParser(settings.of("generic")).parse(csv.getBytes(), "c.csv"))
                .isInstanceOfSatisfying(InvalidTimesheetException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.column()).isEqualTo("Mission")));
    }
}
