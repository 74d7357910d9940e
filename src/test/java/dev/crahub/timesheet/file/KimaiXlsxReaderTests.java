package dev.crahub.timesheet.file;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

import dev.crahub.timesheet.TrackedEntry;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XLSX exports read with the streaming event API. No real Kimai XLSX was found: the workbook is written here with
 * POI's SXSSFWorkbook the way Kimai writes it (French headers, real date cells, durations as day fractions).
 */
class KimaiXlsxReaderTests {

    @TempDir
    Path dir;

    private Path kimaiWorkbook(int rows) throws Exception {
        Path file = dir.resolve("kimai-" + rows + ".xlsx");
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy"));
            CellStyle time = workbook.createCellStyle();
            time.setDataFormat(workbook.createDataFormat().getFormat("hh:mm"));
            Sheet sheet = workbook.createSheet("Export");
            String[] header = {"Date", "De", "À", "Durée", "Utilisateur", "Client", "Projet", "Activité", "Description", "Facturable"};
            Row h = sheet.createRow(0);
            for (int i = 0; i < header.length; i++) {
                h.createCell(i).setCellValue(header[i]);
            }
            for (int r = 1; r <= rows; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(LocalDateTime.of(2024, 3, 4, 0, 0).plusDays(r - 1));
                row.getCell(0).setCellStyle(date);
                row.createCell(1).setCellValue(9.0 / 24);
                row.getCell(1).setCellStyle(time);
                row.createCell(2).setCellValue(16.5 / 24);
                row.getCell(2).setCellStyle(time);
                row.createCell(3).setCellValue(0.3125); // 7:30 as a fraction of a day, unformatted
                row.createCell(4).setCellValue("Jérôme Dupont");
                row.createCell(5).setCellValue("ACME");
                row.createCell(6).setCellValue("Refonte");
                row.createCell(7).setCellValue("Développement");
                // column I (Description) left empty: the reader must keep the columns aligned
                row.createCell(9).setCellValue(r % 2 == 1 ? "Oui" : "Non");
            }
            Row total = sheet.createRow(rows + 1);
            total.createCell(0).setCellValue("Total");
            total.createCell(3).setCellValue(0.3125 * rows);
            workbook.write(out);
            workbook.dispose();
        }
        return file;
    }

    @Test
    void readsDatesTimesAndDayFractionDurations() throws Exception {
        List<TrackedEntry> entries = Fixtures.entries(new KimaiCsvReader(Fixtures.settings())
                .open(TextInput.of(kimaiWorkbook(2))));
        assertThat(entries).hasSize(2);
        TrackedEntry first = entries.get(0);
        assertThat(first.date()).isEqualTo(LocalDate.of(2024, 3, 4));
        assertThat(first.hours()).isEqualByComparingTo("7.50");
        assertThat(first.start()).isEqualTo(OffsetDateTime.parse("2024-03-04T09:00+01:00"));
        assertThat(first.end()).isEqualTo(OffsetDateTime.parse("2024-03-04T16:30+01:00"));
        assertThat(first.userName()).isEqualTo("Jérôme Dupont");
        assertThat(first.task()).isEqualTo("Développement");
        assertThat(first.comment()).isEmpty();
        assertThat(first.billable()).isTrue();
        assertThat(entries.get(1).date()).isEqualTo(LocalDate.of(2024, 3, 5));
        assertThat(entries.get(1).billable()).isFalse();
    }

    @Test
    void aBigSheetStreams() throws Exception {
        Path file = kimaiWorkbook(20_000);
        long count = 0;
        try (EntryStream stream = new KimaiCsvReader(Fixtures.settings()).open(TextInput.of(file))) {
            while (stream.hasNext()) {
                stream.next();
                count++;
            }
            assertThat(stream.problems().isEmpty()).isTrue();
        }
        assertThat(count).isEqualTo(20_000);
    }
}
