package dev.crahub.timesheet.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A CSV file read row by row: separator ({@code ,} {@code ;} or tab) sniffed on the header line, CRLF or LF, blank
 * rows skipped, and a trailing {@code Total} row (as some trackers and spreadsheets add) ignored.
 */
public final class CsvTable implements RowSource {

    private static final Pattern TOTAL = Pattern.compile("(?iu)(total|totaux|totales?|gesamt|summe|合計|総計)\\s*:?");

    /** A data row and the line it starts on (line 1 is the header). */
    public record Row(long line, List<String> fields) {

        public boolean isTotal() {
            for (String f : fields) {
                if (!f.isBlank()) {
                    return TOTAL.matcher(f.strip()).matches();
                }
            }
            return false;
        }
    }

    private final BufferedReader in;
    private final CsvReader csv;
    private final List<String> header;
    private Row pending;

    private CsvTable(BufferedReader in, CsvReader csv, List<String> header) {
        this.in = in;
        this.csv = csv;
        this.header = header;
    }

    public static CsvTable open(TextInput input) throws IOException {
        BufferedReader in = TextDecoding.open(input);
        try {
            in.mark(1 << 16);
            String first = in.readLine();
            in.reset();
            CsvReader csv = new CsvReader(in, sniffSeparator(first == null ? "" : first));
            List<String> header = csv.next();
            return new CsvTable(in, csv, header == null ? List.of() : header);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public static char sniffSeparator(String header) {
        long semicolons = header.chars().filter(c -> c == ';').count();
        long commas = header.chars().filter(c -> c == ',').count();
        long tabs = header.chars().filter(c -> c == '\t').count();
        if (tabs > semicolons && tabs > commas) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    /** The header's names, as written (empty for an empty file). */
    @Override
    public List<String> header() {
        return header;
    }

    public boolean isEmpty() {
        return header.stream().allMatch(String::isBlank);
    }

    /** @return the next data row, or {@code null} at the end */
    @Override
    public Row next() throws IOException {
        Row row = pending != null ? pending : read();
        pending = null;
        if (row != null && row.isTotal()) {
            Row after = read();
            if (after == null) {
                return null; // the trailing total: not an entry
            }
            pending = after;
        }
        return row;
    }

    private Row read() throws IOException {
        List<String> fields;
        while ((fields = csv.next()) != null) {
            if (!fields.stream().allMatch(String::isBlank)) {
                return new Row(csv.recordLine(), fields);
            }
        }
        return null;
    }

    static String normalise(String name) {
        String n = java.text.Normalizer.normalize(name.strip(), java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        return n.replaceAll("\\s+", " ");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
