package dev.crahub.timesheet.file;

import java.io.IOException;
import java.util.List;

import dev.crahub.timesheet.EntryText;
import dev.crahub.timesheet.TrackedEntry;

/**
 * The entries of a table file (CSV or spreadsheet): one per good data row, none at all when the header is unusable.
 * Subclasses check the header and turn a row into an entry, recording the problems of a bad one; the texts of each
 * entry are then checked here ({@link EntryText}: characters, lengths) and reported with the row's line and the
 * header's name of the column they came from.
 */
abstract class RowEntryStream extends EntryStream {

    protected final RowSource rows;

    RowEntryStream(RowSource rows) {
        this.rows = rows;
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
            TrackedEntry entry = entry(row.line(), row.fields());
            long line = row.line();
            if (entry != null && EntryText.check(entry, rows.limits(),
                    (field, reason) -> problems.add(line, column(field), reason))) {
                return entry;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
