package dev.crahub.timesheet.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.TimesheetProblem;

/**
 * A CSV file read row by row: separator ({@code ,} {@code ;} or tab) sniffed on the header line, CRLF, LF or CR,
 * blank rows skipped, and a trailing {@code Total} row (as some trackers and spreadsheets add) ignored.
 */
public final class CsvTable implements RowSource {

    private static final Pattern TOTAL = Pattern.compile("(?iu)(total|totaux|totales?|gesamt|summe|合計|総計)\\s*:?");

    /**
     * A data row and the line it starts on (line 1 is the header); {@code defect}: what the CSV reader found wrong
     * in its text (text after a closing quote), or {@code null}.
     */
    public record Row(long line, List<String> fields, TimesheetProblem defect) {

        public Row(long line, List<String> fields) {
            this(line, fields, null);
        }

        public boolean isTotal() {
            for (String f : fields) {
                if (!f.isBlank()) {
                    String s = f.strip();
                    // most rows start with a name, a date or a number: the pattern only runs on a likely word
                    return s.length() >= 2 && s.length() <= 24 && "tTgGsS合総".indexOf(s.charAt(0)) >= 0
                            && TOTAL.matcher(s).matches();
                }
            }
            return false;
        }

        /** Whether every field is blank (a blank row, skipped). */
        public boolean isBlank() {
            for (String f : fields) {
                if (!f.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final int SNIFF = 1 << 16;

    private final BufferedReader in;
    private final CsvReader csv;
    private final List<String> header;
    private final TimesheetLimits limits;
    private Row pending;

    private CsvTable(BufferedReader in, CsvReader csv, List<String> header, TimesheetLimits limits) {
        this.in = in;
        this.csv = csv;
        this.header = header;
        this.limits = limits;
    }

    @Override
    public TimesheetLimits limits() {
        return limits;
    }

    public static CsvTable open(TextInput input) throws IOException {
        return open(input, TimesheetLimits.DEFAULTS);
    }

    public static CsvTable open(TextInput input, TimesheetLimits limits) throws IOException {
        TextDecoding.Encoding encoding = TextDecoding.detect(input);
        BufferedReader in = TextDecoding.open(input, encoding);
        try {
            CsvReader csv = new CsvReader(in, sniffSeparator(firstLine(in)), limits);
            csv.encoding(encoding.charset().name());
            List<String> header = csv.next();
            csv.names(header);
            return new CsvTable(in, csv, header == null ? List.of() : header, limits);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The first line, or its first {@value #SNIFF} characters (a line without end is never read whole). */
    private static String firstLine(BufferedReader in) throws IOException {
        char[] buffer = new char[SNIFF];
        in.mark(SNIFF + 1);
        int n = 0;
        int r;
        while (n < SNIFF && (r = in.read(buffer, n, SNIFF - n)) != -1) {
            n += r;
        }
        in.reset();
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n' || buffer[i] == '\r') {
                return new String(buffer, 0, i);
            }
        }
        return new String(buffer, 0, n);
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

    @Override
    public char separator() {
        return csv.separator();
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
            Row row = new Row(csv.recordLine(), fields, csv.defect());
            if (!row.isBlank()) {
                return row;
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
