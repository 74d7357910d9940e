package dev.crahub.timesheet;

/** One problem in a timesheet file: where (line, column) and why. Line 1 is the header. */
public record TimesheetProblem(long line, String column, String reason) {

    @Override
    public String toString() {
        return "line " + line + (column == null ? "" : ", column '" + column + "'") + ": " + reason;
    }
}
