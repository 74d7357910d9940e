package dev.crahub.timesheet.file;

import java.util.ArrayList;
import java.util.List;

import dev.crahub.timesheet.InvalidTimesheetException;
import dev.crahub.timesheet.TimesheetProblem;

/** The problems found in a file: the first {@value #CAP} kept with line, column and reason, the rest counted. */
public final class ProblemLog {

    public static final int CAP = 1000;

    private final List<TimesheetProblem> problems = new ArrayList<>();
    private long omitted;

    public void add(long line, String column, String reason) {
        add(new TimesheetProblem(line, column, reason));
    }

    public void add(TimesheetProblem problem) {
        if (problems.size() < CAP) {
            problems.add(problem);
        } else {
            omitted++;
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Every problem found, listed or not: what a reader compares to know whether a row added one. */
    public long count() {
        return problems.size() + omitted;
    }

    public List<TimesheetProblem> problems() {
        return List.copyOf(problems);
    }

    public long omitted() {
        return omitted;
    }

    public InvalidTimesheetException toException(String fileName) {
        return new InvalidTimesheetException(fileName, problems, omitted);
    }
}
