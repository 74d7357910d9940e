package dev.crahub.timesheet;

/** One problem in a timesheet file: where (line, column) and why. Line 1 is the header; line 0 is the file as a whole. */
public record TimesheetProblem(long line, String column, String reason) {

    @Override
    public String toString() {
        String where = (line > 0 ? "line " + line : "") + (column == null ? "" : (line > 0 ? ", " : "") + "column '" + column + "'");
        return (where.isEmpty() ? "" : where + ": ") + reason;
    }
}
