package dev.crahub.expense;

import java.util.List;
import java.util.stream.Collectors;

import dev.crahub.timesheet.TimesheetProblem;

/** An expenses file rejected whole; {@link #report()} names every problem by line and column. Nothing was recorded. */
public class InvalidExpenseFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final List<TimesheetProblem> problems;
    private final long omitted;

    public InvalidExpenseFileException(String fileName, List<TimesheetProblem> problems, long omitted) {
        super("Expenses file " + fileName + " rejected: " + (problems.size() + omitted) + " problem(s)");
        this.fileName = fileName;
        this.problems = List.copyOf(problems);
        this.omitted = omitted;
    }

    public List<TimesheetProblem> problems() {
        return problems;
    }

    /** A report a person reads: what happened, then one line per problem. */
    public String report() {
        return "File " + fileName + " was rejected and none of its expenses was recorded.\n"
                + "Fix the lines below and drop the file again into the inbox.\n\n"
                + problems.stream().map(TimesheetProblem::toString).collect(Collectors.joining("\n")) + "\n"
                + (omitted > 0 ? "... and " + omitted + " more problem(s) not listed.\n" : "");
    }
}
