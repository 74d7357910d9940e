package dev.crahub.timesheet;

import java.util.List;
import java.util.stream.Collectors;

/** A timesheet file rejected whole; {@link #report()} names every problem. Nothing of the file was stored. */
public class InvalidTimesheetException extends RuntimeException {

    private final String fileName;
    private final List<TimesheetProblem> problems;
    private final long omitted;

    public InvalidTimesheetException(String fileName, List<TimesheetProblem> problems) {
        this(fileName, problems, 0);
    }

    /** @param omitted problems found beyond those listed (the list is capped) */
    public InvalidTimesheetException(String fileName, List<TimesheetProblem> problems, long omitted) {
        super("Timesheet " + fileName + " rejected: " + (problems.size() + omitted) + " problem(s)");
        this.fileName = fileName;
        this.problems = List.copyOf(problems);
        this.omitted = omitted;
    }

    /** How many problems were found beyond those listed. */
    public long omitted() {
        return omitted;
    }

    public List<TimesheetProblem> problems() {
        return problems;
    }

    /** A report a person reads: what happened, then one line per problem. */
    public String report() {
        return "File " + fileName + " was rejected and nothing of it was imported.\n"
                + "Fix the lines below and drop the file again into the inbox.\n\n"
                + problems.stream().map(TimesheetProblem::toString).collect(Collectors.joining("\n")) + "\n"
                + (omitted > 0 ? "... and " + omitted + " more problem(s) not listed.\n" : "");
    }
}
