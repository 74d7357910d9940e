package dev.crahub.timesheet;

import java.util.List;
import java.util.stream.Collectors;

/** A timesheet file rejected whole; {@link #report()} names every problem. Nothing of the file was stored. */
public class InvalidTimesheetException extends RuntimeException {

    private final String fileName;
    private final List<TimesheetProblem> problems;

    public InvalidTimesheetException(String fileName, List<TimesheetProblem> problems) {
        super("Timesheet " + fileName + " rejected: " + problems.size() + " problem(s)");
        this.fileName = fileName;
        this.problems = List.copyOf(problems);
    }

    public List<TimesheetProblem> problems() {
        return problems;
    }

    /** A report a person reads: what happened, then one line per problem. */
    public String report() {
        return "File " + fileName + " was rejected and nothing of it was imported.\n"
                + "Fix the lines below and drop the file again into the inbox.\n\n"
                + problems.stream().map(TimesheetProblem::toString).collect(Collectors.joining("\n")) + "\n";
    }
}
