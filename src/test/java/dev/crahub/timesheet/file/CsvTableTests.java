package dev.crahub.timesheet.file;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTableTests {

    @TempDir
    Path dir;

    private List<CsvTable.Row> rows(TextInput input) throws Exception {
        try (CsvTable table = CsvTable.open(input)) {
            List<CsvTable.Row> rows = new ArrayList<>();
            CsvTable.Row row;
            while ((row = table.next()) != null) {
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void decodesBomThenStrictUtf8ThenWindows1252FromDisk() throws Exception {
        Path bom = Files.write(dir.resolve("bom.csv"), "\uFEFFa;b\r\nété;’\r\n".getBytes(StandardCharsets.UTF_8));
        Path utf8 = Files.write(dir.resolve("utf8.csv"), "a,b\nété,’\n".getBytes(StandardCharsets.UTF_8));
        // a long valid UTF-8 prefix, then one Windows-1252 byte far beyond the first buffer
        String big = "a;b\n" + "x;y\n".repeat(50_000) + "é;€\n";
        Path cp1252 = Files.write(dir.resolve("cp.csv"), big.getBytes(Charset.forName("windows-1252")));
        Path utf16 = Files.write(dir.resolve("u16.csv"), "\uFEFFa\tb\r\nété\t€\r\n".getBytes(StandardCharsets.UTF_16LE));

        assertThat(TextDecoding.detect(TextInput.of(bom)).charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(TextDecoding.detect(TextInput.of(utf8)).charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(TextDecoding.detect(TextInput.of(cp1252)).charset()).isEqualTo(TextDecoding.WINDOWS_1252);
        assertThat(rows(TextInput.of(bom))).singleElement().satisfies(r -> assertThat(r.fields()).containsExactly("été", "’"));
        assertThat(rows(TextInput.of(utf8))).singleElement().satisfies(r -> assertThat(r.fields()).containsExactly("été", "’"));
        assertThat(rows(TextInput.of(cp1252))).last().satisfies(r -> {
            assertThat(r.fields()).containsExactly("é", "€");
            assertThat(r.line()).isEqualTo(50_002);
        });
        assertThat(rows(TextInput.of(utf16))).singleElement().satisfies(r -> assertThat(r.fields()).containsExactly("été", "€"));
    }

    @Test
    void sniffsTheSeparatorSkipsBlankRowsAndOnlyATrailingTotal() throws Exception {
        String csv = "a\tb\tc\n1\t2\t3\n\n\t\t\nTotal\t\t5\n";
        try (CsvTable table = CsvTable.open(TextInput.of(csv.getBytes(), "t.tsv"))) {
            assertThat(table.header()).containsExactly("a", "b", "c");
            assertThat(table.next().line()).isEqualTo(2);
            assertThat(table.next()).isNull();
        }
        String notTrailing = "a,b\nTotal,1\nx,2\n";
        assertThat(rows(TextInput.of(notTrailing.getBytes(), "t.csv"))).extracting(r -> r.fields().get(0))
                .containsExactly("Total", "x");
    }
}
