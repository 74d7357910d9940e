package dev.crahub.timesheet;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Reads the generic timesheet CSV: {@code consultant,date,hours,project,comment}. Columns in any order (header
 * names are case-insensitive), separator {@code ,} {@code ;} or tab sniffed on the header, dates ISO or
 * {@code dd/MM/yyyy}, hours as {@code 7.5}, {@code 7,5} or {@code 7:30}. Every bad line is reported; a file with
 * one bad line yields no rows at all.
 */
@Component
public class GenericCsvParser {

    static final String SOURCE = "generic";
    static final List<String> REQUIRED = List.of("consultant", "date", "hours", "project");
    static final BigDecimal MAX_HOURS_PER_DAY = BigDecimal.valueOf(24);

    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern DECIMAL_HOURS = Pattern.compile("\\d{1,2}([.,]\\d{1,4})?");
    private static final Pattern CLOCK_HOURS = Pattern.compile("(\\d{1,2}):([0-5]\\d)(?::([0-5]\\d))?");

    /** A row of the file, with the line it came from. */
    public record Row(long line, String consultant, LocalDate date, BigDecimal hours, String project, String comment,
                      String fingerprint) {

        /** The row as a tracked entry: the consultant column names the consultant by code. */
        public TrackedEntry toTracked() {
            return new TrackedEntry(SOURCE, fingerprint, consultant, null, null, null, project, null, date, null, null,
                    hours, null, comment, false);
        }
    }

    public List<Row> parse(byte[] content, String fileName) {
        String text = TextDecoder.decode(content);
        List<TimesheetProblem> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try {
            int eol = text.indexOf('\n');
            String headerLine = eol < 0 ? text : text.substring(0, eol);
            CsvReader reader = new CsvReader(new StringReader(text), sniffSeparator(headerLine));
            List<String> header = reader.next();
            if (header == null || header.stream().allMatch(String::isBlank)) {
                throw new InvalidTimesheetException(fileName, List.of(new TimesheetProblem(1, null, "the file is empty")));
            }
            Map<String, Integer> columns = columns(header, problems);
            if (!problems.isEmpty()) {
                throw new InvalidTimesheetException(fileName, problems);
            }
            Map<String, Integer> occurrences = new HashMap<>();
            Map<String, BigDecimal> perDay = new HashMap<>();
            List<String> fields;
            while ((fields = reader.next()) != null) {
                long line = reader.recordLine();
                if (fields.stream().allMatch(String::isBlank)) {
                    continue;
                }
                Row row = row(line, fields, columns, problems, occurrences);
                if (row != null) {
                    String day = row.consultant() + "|" + row.date();
                    BigDecimal total = perDay.merge(day, row.hours(), BigDecimal::add);
                    if (total.compareTo(MAX_HOURS_PER_DAY) > 0) {
                        problems.add(new TimesheetProblem(line, "hours", "consultant '" + row.consultant() + "' totals "
                                + total.toPlainString() + " h on " + row.date() + ", more than 24 h"));
                    }
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            problems.add(new TimesheetProblem(0, null, e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidTimesheetException(fileName, problems);
        }
        if (rows.isEmpty()) {
            throw new InvalidTimesheetException(fileName, List.of(new TimesheetProblem(2, null, "the file has no time entry")));
        }
        return rows;
    }

    private static char sniffSeparator(String header) {
        long semicolons = header.chars().filter(c -> c == ';').count();
        long commas = header.chars().filter(c -> c == ',').count();
        long tabs = header.chars().filter(c -> c == '\t').count();
        if (tabs > semicolons && tabs > commas) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    private static Map<String, Integer> columns(List<String> header, List<TimesheetProblem> problems) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && columns.putIfAbsent(name, i) != null) {
                problems.add(new TimesheetProblem(1, name, "the column appears twice in the header"));
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                problems.add(new TimesheetProblem(1, required, "required column missing (header must name "
                        + String.join(", ", REQUIRED) + " and optionally comment)"));
            }
        }
        return columns;
    }

    private static Row row(long line, List<String> fields, Map<String, Integer> columns, List<TimesheetProblem> problems,
                           Map<String, Integer> occurrences) {
        int before = problems.size();
        String consultant = field(fields, columns, "consultant");
        String project = field(fields, columns, "project");
        String comment = field(fields, columns, "comment");
        String dateText = field(fields, columns, "date");
        String hoursText = field(fields, columns, "hours");
        if (consultant.isEmpty()) {
            problems.add(new TimesheetProblem(line, "consultant", "is empty"));
        }
        if (project.isEmpty()) {
            problems.add(new TimesheetProblem(line, "project", "is empty"));
        }
        LocalDate date = date(line, dateText, problems);
        BigDecimal hours = hours(line, hoursText, problems);
        if (problems.size() > before) {
            return null;
        }
        String content = String.join("\u001f", SOURCE, consultant, date.toString(), project, hours.toPlainString(), comment);
        int occurrence = occurrences.merge(content, 1, Integer::sum);
        return new Row(line, consultant, date, hours, project, comment, fingerprint(content + "\u001f" + occurrence));
    }

    private static String field(List<String> fields, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        if (index == null || index >= fields.size()) {
            return "";
        }
        return fields.get(index).strip();
    }

    private static LocalDate date(long line, String text, List<TimesheetProblem> problems) {
        if (text.isEmpty()) {
            problems.add(new TimesheetProblem(line, "date", "is empty"));
            return null;
        }
        try {
            return text.contains("/") ? LocalDate.parse(text, FRENCH_DATE) : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(new TimesheetProblem(line, "date", "'" + text + "' is not a date (expected 2026-10-31 or 31/10/2026)"));
            return null;
        }
    }

    private static BigDecimal hours(long line, String text, List<TimesheetProblem> problems) {
        BigDecimal hours = null;
        Matcher clock = CLOCK_HOURS.matcher(text);
        if (DECIMAL_HOURS.matcher(text).matches()) {
            hours = new BigDecimal(text.replace(',', '.'));
        } else if (clock.matches()) {
            BigDecimal minutes = BigDecimal.valueOf(Integer.parseInt(clock.group(1)) * 60L + Integer.parseInt(clock.group(2)));
            hours = minutes.divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
        }
        if (hours == null) {
            problems.add(new TimesheetProblem(line, "hours", text.isEmpty() ? "is empty"
                    : "'" + text + "' is not a duration (expected 7.5, 7,5 or 7:30)"));
            return null;
        }
        hours = hours.setScale(2, RoundingMode.HALF_UP);
        if (hours.signum() <= 0 || hours.compareTo(MAX_HOURS_PER_DAY) > 0) {
            problems.add(new TimesheetProblem(line, "hours", "'" + text + "' must be more than 0 and at most 24"));
            return null;
        }
        return hours;
    }

    static String fingerprint(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "fp:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
