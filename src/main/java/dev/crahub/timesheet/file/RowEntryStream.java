package dev.crahub.timesheet.file;

import java.io.IOException;
import java.util.List;

import dev.crahub.timesheet.EntryText;
import dev.crahub.timesheet.TrackedEntry;

/**
 * The entries of a table file (CSV or spreadsheet): one per good data row, none at all when the header is unusable.
 * A row is first held to its header's shape, never guessed into it: a CSV row with more or fewer fields than the
 * header names (trailing empty fields, as spreadsheets write them, aside) or a spreadsheet row with a value past the
 * header's last column is a problem, with a hint when {@code 7,5} in a comma-separated file explains it. Subclasses
 * check the header and turn a row into an entry, recording the problems of a bad one; the texts of each entry are
 * then checked here ({@link EntryText}: characters, lengths) and reported with the row's line and the header's name
 * and number of the column they came from.
 */
abstract class RowEntryStream extends EntryStream {

    protected final RowSource rows;
    /** The header's width: up to its last non-blank name (spreadsheets pad headers with empty cells too). */
    private final int width;

    RowEntryStream(RowSource rows) {
        this.rows = rows;
        List<String> header = rows.header();
        int w = header.size();
        while (w > 0 && header.get(w - 1).isBlank()) {
            w--;
        }
        this.width = w;
        problems.header(header);
    }

    /** Whether the header names what the rows need (its problems are recorded otherwise). */
    protected abstract boolean valid();

    /** @return the entry of a data row, or {@code null} when the row is bad (its problems recorded) */
    protected abstract TrackedEntry entry(long line, List<String> fields);

    /**
     * The header's name of the column an entry's text came from.
     *
     * @param field the canonical name {@link EntryText} reports ({@code comment}, {@code project}, {@code user.id}...)
     */
    protected abstract String column(String field);

    @Override
    protected final TrackedEntry read() throws IOException {
        if (!valid()) {
            return null;
        }
        CsvTable.Row row;
        while ((row = rows.next()) != null) {
            if (!shaped(row)) {
                continue;
            }
            TrackedEntry entry = entry(row.line(), row.fields());
            long line = row.line();
            if (entry != null && EntryText.check(entry, rows.limits(),
                    (field, reason) -> problems.add(line, column(field), reason))) {
                return entry;
            }
        }
        return null;
    }

    /** Whether the row has its header's shape; records why not. */
    private boolean shaped(CsvTable.Row row) {
        if (row.defect() != null) {
            problems.add(row.defect());
            return false;
        }
        List<String> fields = row.fields();
        int used = fields.size();
        while (used > width && fields.get(used - 1).isBlank()) {
            used--;
        }
        if (used > width) {
            extra(row, used);
            return false;
        }
        if (used < width && !rows.spreadsheet()) {
            int missing = width - used;
            problems.add(row.line(), used + 1, name(used), "the row has " + count(missing, "field") + " fewer than the"
                    + " header (" + used + " instead of " + width + "): " + names(used, width) + (missing == 1
                    ? " is" : " are") + " missing; even an empty value needs its separator ('" + shown(rows.separator())
                    + "')");
            return false;
        }
        return true;
    }

    private void extra(CsvTable.Row row, int used) {
        List<String> fields = row.fields();
        int extra = used - width;
        char separator = rows.separator();
        int first = width;
        while (fields.get(first).isBlank()) {
            first++;
        }
        if (separator == 0) {
            problems.add(row.line(), first + 1, null, "the row has a value past the header's last column ("
                    + column(first) + "): '" + clip(fields.get(first)) + "' belongs to no column");
            return;
        }
        String more = "the row has " + (extra == 1 ? "one field" : extra + " fields") + " more than the header ("
                + used + " instead of " + width + ")";
        for (int i = 0; i + 1 < used; i++) {
            String whole = fields.get(i).strip();
            String fraction = fields.get(i + 1).strip();
            if (separator == ',' && isInteger(whole) && isDigits(fraction)) {
                problems.add(row.line(), i + 1, name(i), more + ": '" + whole + "," + fraction + "' in columns "
                        + (i + 1) + " and " + (i + 2) + " looks like a number with a decimal comma, which must be "
                        + "quoted (\"" + whole + "," + fraction + "\") or written " + whole + "." + fraction
                        + " in a comma-separated file");
                return;
            }
        }
        problems.add(row.line(), first + 1, null, more + ": '" + clip(fields.get(first))
                + "' is past the last column; a value holding the separator ('" + shown(separator)
                + "') must be quoted");
    }

    private String name(int index) {
        List<String> header = rows.header();
        return index < header.size() && !header.get(index).isBlank() ? header.get(index).strip() : null;
    }

    private String names(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to && i < from + 5; i++) {
            s.append(s.isEmpty() ? "" : ", ").append(name(i) == null ? "column " + (i + 1) : "'" + name(i) + "'");
        }
        return to - from > 5 ? s + "..." : s.toString();
    }

    private static String column(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return "column " + letters;
    }

    private static String count(int n, String what) {
        return n == 1 ? "one " + what : n + " " + what + "s";
    }

    private static String shown(char separator) {
        return separator == '\t' ? "tab" : String.valueOf(separator);
    }

    private static String clip(String value) {
        String v = value.strip();
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }

    private static boolean isInteger(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        return s.length() > start && s.length() - start <= 4 && isDigits(s.substring(start));
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
