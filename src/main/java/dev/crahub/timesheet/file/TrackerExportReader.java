package dev.crahub.timesheet.file;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.TrackedEntry;

/**
 * Reads a tracker's export (CSV or XLSX rows) described by an {@link ExportLayout}: who (name, or first and last
 * name, e-mail, id), what (client, project, task, issue), when (date, start and end in the source's zone when the
 * export has no offset), how long (decimal hours, a clock or ISO duration, a spreadsheet's day fraction, or end minus
 * start) and whether billable (in the UI's language). The tracker's entry id when the export has one, else a stable
 * fingerprint.
 */
public class TrackerExportReader {

    private static final BigDecimal MAX_HOURS = BigDecimal.valueOf(24);
    private static final Pattern PLAIN_NUMBER = Pattern.compile("\\d+(\\.\\d+)?(E-?\\d+)?");

    private final ExportLayout layout;
    private final TimesheetFileSettings.Source settings;

    public TrackerExportReader(ExportLayout layout, TimesheetFileSettings.Source settings) {
        this.layout = layout;
        this.settings = settings;
    }

    public String source() {
        return layout.source();
    }

    public EntryStream open(TextInput input) throws IOException {
        return open(input, TimesheetLimits.DEFAULTS);
    }

    public EntryStream open(TextInput input, TimesheetLimits limits) throws IOException {
        return open(input.name().toLowerCase(Locale.ROOT).endsWith(".xlsx") ? XlsxTable.open(input, limits)
                : CsvTable.open(input, limits));
    }

    public EntryStream open(RowSource rows) {
        return new Stream(rows);
    }

    private final class Stream extends RowEntryStream {

        private final ExportLayout.Resolved columns;
        private final Locale locale;
        private final Fingerprints fingerprints = new Fingerprints();
        private final boolean valid;

        Stream(RowSource rows) {
            super(rows);
            this.columns = layout.resolve(rows.header());
            this.locale = settings.locale() != null ? settings.locale() : columns.language();
            this.valid = checkHeader();
        }

        @Override
        public String source() {
            return layout.source();
        }

        private boolean checkHeader() {
            if (rows.header().stream().allMatch(String::isBlank)) {
                problems.add(1, null, "the file is empty");
                return false;
            }
            Map<Field, Integer> c = columns.columns();
            if (!c.containsKey(Field.DATE) && !c.containsKey(Field.START_DATE)) {
                missing(Field.DATE);
            }
            if (!c.containsKey(Field.HOURS) && !c.containsKey(Field.DURATION)
                    && !(c.containsKey(Field.START_TIME) && c.containsKey(Field.END_TIME))) {
                missing(Field.HOURS, Field.DURATION);
            }
            if (!c.containsKey(Field.USER_NAME) && !c.containsKey(Field.EMAIL) && !c.containsKey(Field.USER_ID)
                    && !c.containsKey(Field.LAST_NAME)) {
                missing(Field.USER_NAME, Field.LAST_NAME, Field.EMAIL);
            }
            return problems.isEmpty();
        }

        private void missing(Field... fields) {
            problems.add(1, layout.expected(columns.language(), fields), "required column missing in this "
                    + layout.source() + " export (header: " + String.join(", ", rows.header()) + ")");
        }

        @Override
        protected boolean valid() {
            return valid;
        }

        @Override
        protected TrackedEntry entry(long line, List<String> fields) {
            long before = problems.count();
            String first = get(fields, Field.FIRST_NAME);
            String last = get(fields, Field.LAST_NAME);
            String userName = blankToNull(get(fields, Field.USER_NAME));
            if (userName == null && !(first + last).isBlank()) {
                userName = (first + " " + last).strip();
            }
            String email = blankToNull(get(fields, Field.EMAIL));
            String userId = blankToNull(get(fields, Field.USER_ID));
            if (userName == null && email == null && userId == null) {
                problem(line, Field.USER_NAME, "is empty: the entry belongs to no one");
            }
            String dateText = get(fields, has(Field.START_DATE) ? Field.START_DATE : Field.DATE);
            if (dateText.isEmpty() && has(Field.DATE)) {
                dateText = get(fields, Field.DATE);
            }
            LocalDate date = date(line, has(Field.START_DATE) ? Field.START_DATE : Field.DATE, dateText);
            OffsetDateTime start = null;
            OffsetDateTime end = null;
            if (date != null) {
                start = at(line, date, Field.START_TIME, fields);
                String endDateText = get(fields, Field.END_DATE);
                LocalDate endDate = endDateText.isEmpty() ? date : date(line, Field.END_DATE, endDateText);
                if (endDate != null) {
                    end = at(line, endDate, Field.END_TIME, fields);
                }
                if (start != null && end != null && end.isBefore(start) && endDateText.isEmpty()) {
                    end = end.plusDays(1); // past midnight, the export gave no end date
                }
                if (start != null && end != null && end.isBefore(start)) {
                    problem(line, Field.END_TIME, "the end is before the start");
                }
            }
            BigDecimal hours = hours(line, fields, start, end);
            Boolean billable = null;
            try {
                billable = Values.bool(get(fields, Field.BILLABLE));
            } catch (IllegalArgumentException e) {
                problem(line, Field.BILLABLE, e.getMessage());
            }
            if (problems.count() > before) {
                return null;
            }
            String client = blankToNull(get(fields, Field.CLIENT));
            String project = blankToNull(get(fields, Field.PROJECT));
            String task = blankToNull(get(fields, Field.TASK));
            String issue = get(fields, Field.ISSUE);
            String comment = get(fields, Field.COMMENT);
            if (!issue.isEmpty()) {
                comment = comment.isEmpty() ? issue : issue + " — " + comment;
            }
            String id = get(fields, Field.ID);
            if (id.isEmpty()) {
                id = fingerprints.next(String.join("\u001f", layout.source(), String.valueOf(userId),
                        String.valueOf(email), String.valueOf(userName), date.toString(), String.valueOf(start),
                        String.valueOf(end), String.valueOf(client), String.valueOf(project), String.valueOf(task),
                        hours.toPlainString(), comment));
            } else if (id.length() > 200) {
                problem(line, Field.ID, "longer than 200 characters");
                return null;
            }
            return new TrackedEntry(layout.source(), id, userId, email, userName, client, project, task, date, start, end,
                    hours, billable, comment, false);
        }

        private BigDecimal hours(long line, List<String> fields, OffsetDateTime start, OffsetDateTime end) {
            String decimal = get(fields, Field.HOURS);
            String duration = get(fields, Field.DURATION);
            BigDecimal hours = null;
            Field field = Field.HOURS;
            try {
                if (!decimal.isEmpty()) {
                    hours = Values.hours(decimal);
                } else if (!duration.isEmpty()) {
                    field = Field.DURATION;
                    hours = rows.spreadsheet() && PLAIN_NUMBER.matcher(duration).matches()
                            ? Values.dayFraction(new BigDecimal(duration)) : Values.hours(duration);
                } else if (start != null && end != null) {
                    hours = BigDecimal.valueOf(Duration.between(start, end).getSeconds())
                            .divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
                } else {
                    problem(line, has(Field.HOURS) ? Field.HOURS : Field.DURATION, "is empty");
                    return null;
                }
            } catch (IllegalArgumentException e) {
                problem(line, field, e.getMessage());
                return null;
            }
            if (hours.signum() <= 0 || hours.compareTo(MAX_HOURS) > 0) {
                problem(line, field, hours.toPlainString() + " h must be more than 0 and at most 24");
                return null;
            }
            return hours;
        }

        private LocalDate date(long line, Field field, String text) {
            if (text.isEmpty()) {
                problem(line, field, "is empty");
                return null;
            }
            try {
                return Values.date(text, locale);
            } catch (IllegalArgumentException e) {
                problem(line, field, e.getMessage());
                return null;
            }
        }

        private OffsetDateTime at(long line, LocalDate date, Field field, List<String> fields) {
            String text = get(fields, field);
            if (text.isEmpty()) {
                return null;
            }
            try {
                if (text.length() > 19 && (text.charAt(10) == 'T' || text.charAt(10) == ' ') && hasOffset(text)) {
                    return OffsetDateTime.parse(text.replace(' ', 'T'), java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                LocalTime time = Values.time(text);
                LocalDate day = text.length() >= 10 && text.charAt(4) == '-' ? Values.date(text, locale) : date;
                return day.atTime(time).atZone(settings.zone()).toOffsetDateTime();
            } catch (RuntimeException e) {
                problem(line, field, e.getMessage());
                return null;
            }
        }

        private static boolean hasOffset(String text) {
            String tail = text.substring(19);
            return tail.contains("+") || tail.contains("-") || tail.endsWith("Z");
        }

        private boolean has(Field field) {
            return columns.columns().containsKey(field);
        }

        private String get(List<String> fields, Field field) {
            Integer index = columns.columns().get(field);
            if (index == null || index >= fields.size()) {
                return "";
            }
            return fields.get(index).strip();
        }

        @Override
        protected String column(String field) {
            Field f = switch (field) {
                case "id" -> Field.ID;
                case "user.id" -> Field.USER_ID;
                case "user.email" -> Field.EMAIL;
                case "user.name" -> has(Field.USER_NAME) || !has(Field.LAST_NAME) ? Field.USER_NAME : Field.LAST_NAME;
                case "client" -> Field.CLIENT;
                case "project" -> Field.PROJECT;
                case "task" -> Field.TASK;
                default -> Field.COMMENT;
            };
            return columns.names().getOrDefault(f, layout.expected(columns.language(), f));
        }

        private void problem(long line, Field field, String reason) {
            String name = columns.names().getOrDefault(field, layout.expected(columns.language(), field));
            problems.add(line, name, reason);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
