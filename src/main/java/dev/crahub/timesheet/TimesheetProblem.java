package dev.crahub.timesheet;

/**
 * One problem in a timesheet file: where (line, column) and why. Line 1 is the header; line 0 is the file as a whole.
 * The column is given by its number (1 for the first; 0 when unknown or when the problem is about a whole row or
 * file) and by its name (the header's name, or a path in a JSON or XML entry; {@code null} when it has none), so
 * the report reads {@code line 7, column 3 'hours': ...} and the user finds the cell either way.
 */
public record TimesheetProblem(long line, int columnNumber, String column, String reason) {

    public TimesheetProblem(long line, String column, String reason) {
        this(line, 0, column, reason);
    }

    @Override
    public String toString() {
        String where = columnNumber > 0
                ? "column " + columnNumber + (column == null ? "" : " '" + column + "'")
                : column == null ? "" : "column '" + column + "'";
        if (line > 0) {
            where = "line " + line + (where.isEmpty() ? "" : ", " + where);
        }
        return (where.isEmpty() ? "" : where + ": ") + reason;
    }
}
