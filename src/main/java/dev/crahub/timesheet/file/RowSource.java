package dev.crahub.timesheet.file;

import java.io.IOException;
import java.util.List;

import dev.crahub.timesheet.TimesheetLimits;

/** Rows of a table file (CSV or a spreadsheet's first sheet), read one at a time. Line 1 is the header. */
public interface RowSource extends AutoCloseable {

    List<String> header();

    /** @return the next non-blank data row, or {@code null} at the end (a trailing total row is not returned) */
    CsvTable.Row next() throws IOException;

    /** The limits the rows were read with (the readers check values against them). */
    default TimesheetLimits limits() {
        return TimesheetLimits.DEFAULTS;
    }

    /** The CSV separator ({@code ,} {@code ;} or tab), or 0 for a spreadsheet. */
    default char separator() {
        return 0;
    }

    /** A spreadsheet writes durations as fractions of a day, and leaves out a row's trailing empty cells. */
    default boolean spreadsheet() {
        return false;
    }

    @Override
    void close() throws IOException;
}
