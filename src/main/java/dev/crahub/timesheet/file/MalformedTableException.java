package dev.crahub.timesheet.file;

import java.io.IOException;

/**
 * A table file whose text cannot be split into rows any more (a quote opened and never closed, bytes that are not
 * text in the file's encoding): reading stops, the file is rejected, and the report names where the trouble
 * started, the line and column where the quote opened rather than the end of the file where it was noticed.
 */
public final class MalformedTableException extends IOException {

    private final long line;
    private final int columnNumber;
    private final String column;

    MalformedTableException(long line, int columnNumber, String column, String reason) {
        super(reason);
        this.line = line;
        this.columnNumber = columnNumber;
        this.column = column;
    }

    public long line() {
        return line;
    }

    /** 1 for the first column; 0 when the problem is not in one column. */
    public int columnNumber() {
        return columnNumber;
    }

    /** The header's name of the column, or {@code null}. */
    public String column() {
        return column;
    }
}
