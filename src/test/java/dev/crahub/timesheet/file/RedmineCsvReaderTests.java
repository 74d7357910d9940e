package dev.crahub.timesheet.file;

import java.time.LocalDate;
import java.util.List;

import dev.crahub.timesheet.TrackedEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedmineCsvReaderTests {

    private final RedmineCsvReader reader = new RedmineCsvReader(Fixtures.settings());

    @Test
    void readsTheRealEnglishExportInIso88591WithMonthFirstDates() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(reader.open(Fixtures.input("redmine/export_en_default.csv")));
        assertThat(entries).hasSize(5);
        TrackedEntry first = entries.get(0);
        assertThat(first.date()).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(first.userName()).isEqualTo("Jérôme Dupont");
        assertThat(first.task()).isEqualTo("Design");
        assertThat(first.project()).isEqualTo("Client ACME ? Refonte"); // Redmine's Latin-1 export loses the dash
        assertThat(first.hours()).isEqualByComparingTo("2.33");
        assertThat(first.comment()).startsWith("Feature #2: Maquettes page d?accueil — Passage à l?heure");
        assertThat(first.start()).isNull();
        assertThat(first.billable()).isNull();
        assertThat(entries.get(3).comment()).endsWith("Revue de code; tests \"unitaires\"");
        assertThat(entries).extracting(TrackedEntry::hours).extracting(h -> h.toPlainString())
                .containsExactly("2.33", "3.00", "0.25", "1.75", "7.50");
    }

    @Test
    void readsTheRealFrenchUtf8ExportWithBom() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(reader.open(Fixtures.input("redmine/export_fr_utf8.csv")));
        assertThat(entries).hasSize(5);
        assertThat(entries.get(0).date()).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(entries.get(1).date()).isEqualTo(LocalDate.of(2024, 3, 6));
        assertThat(entries.get(0).project()).isEqualTo("Client ACME – Refonte");
        assertThat(entries.get(0).comment()).isEqualTo("Feature #2: Maquettes page d’accueil — Passage à l’heure d’été – maquettes");
        assertThat(entries.get(4).hours()).isEqualByComparingTo("7.50");
    }

    @Test
    void aFrenchExcelResaveImportsIdentically() throws Exception {
        // export_fr_utf8.csv opened in French Excel and saved as "CSV (séparateur: point-virgule)": Windows-1252
        // without BOM, ';', CRLF; the only loss is '→', which Windows-1252 cannot hold (Excel writes '?')
        List<TrackedEntry> original = Fixtures.entries(reader.open(Fixtures.input("redmine/export_fr_utf8.csv")));
        List<TrackedEntry> resaved = Fixtures.entries(reader.open(Fixtures.input("redmine/export_fr_excel_resave_cp1252.csv")));
        assertThat(resaved).hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
            TrackedEntry o = original.get(i);
            TrackedEntry r = resaved.get(i);
            assertThat(r.date()).isEqualTo(o.date());
            assertThat(r.userName()).isEqualTo(o.userName());
            assertThat(r.project()).isEqualTo(o.project());
            assertThat(r.task()).isEqualTo(o.task());
            assertThat(r.hours()).isEqualByComparingTo(o.hours());
            assertThat(r.comment()).isEqualTo(o.comment().replace('→', '?'));
        }
        assertThat(resaved.get(0).comment()).contains("d’accueil", "été –"); // 0x92 and 0x96 read as Windows-1252
        // rows without characters lost to Windows-1252 keep the same identity
        assertThat(resaved.get(0).externalId()).isEqualTo(original.get(0).externalId());
    }
}
