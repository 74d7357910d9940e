package dev.crahub.timesheet.file;

import java.io.IOException;
import java.util.List;

import dev.crahub.timesheet.TrackedEntry;

/**
 * The entries of a table file (CSV or spreadsheet): one per good data row, none at all when the header is unusable.
 * Subclasses check the header and turn a row into an entry, recording the problems of a bad one.
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

    @Override
    protected final TrackedEntry read() throws IOException {
        if (!valid()) {
            return null;
        }
        CsvTable.Row row;
        while ((row = rows.next()) != null) {
            TrackedEntry entry = entry(row.line(), row.fields());
            if (entry != null) {
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
