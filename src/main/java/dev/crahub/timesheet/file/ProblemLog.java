package dev.crahub.timesheet.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.crahub.timesheet.InvalidTimesheetException;
import dev.crahub.timesheet.TimesheetProblem;

/**
 * The problems found in a file: the first {@value #CAP} kept with line, column and reason, the rest counted. Once a
 * table's header is known ({@link #header}), a problem named by a header column also gets that column's number,
 * so every reader's report says {@code column 3 'hours'} without each reader counting columns.
 */
public final class ProblemLog {

    public static final int CAP = 1000;

    private final List<TimesheetProblem> problems = new ArrayList<>();
    private Map<String, Integer> numbers = Map.of();
    private long omitted;

    /** The header of the table the problems are about: a column's name then tells its number. */
    public void header(List<String> header) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = CsvTable.normalise(header.get(i));
            if (!name.isEmpty()) {
                byName.putIfAbsent(name, i + 1);
            }
        }
        numbers = byName;
    }

    public void add(long line, String column, String reason) {
        Integer number = column == null || numbers.isEmpty() ? null : numbers.get(CsvTable.normalise(column));
        add(new TimesheetProblem(line, number == null ? 0 : number, column, reason));
    }

    /** A problem at a column known by its number (1 for the first), with its header's name if it has one. */
    public void add(long line, int columnNumber, String column, String reason) {
        add(new TimesheetProblem(line, columnNumber, column, reason));
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
