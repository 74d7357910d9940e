package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.TrackedEntry;

/**
 * Reads the generic timesheet CSV: {@code consultant,date,hours,project,comment} (optionally {@code start},
 * {@code end}, {@code billable}), or a customer's own layout whose headers are mapped by
 * {@code crahub.timesheet.files.generic.columns.<field>}. Columns in any order, header names case-insensitive, dates
 * ISO or {@code dd/MM/yyyy}, hours as {@code 7.5}, {@code 7,5} or {@code 7:30}. Streams: every bad line is recorded,
 * and a file with one bad line is rejected by the importer.
 */
public final class GenericCsvParser {

    public static final String SOURCE = "generic";
    static final List<String> FIELDS = List.of("consultant", "date", "hours", "project", "comment", "start", "end", "billable");
    static final List<String> REQUIRED = List.of("consultant", "date", "hours", "project");
    static final BigDecimal MAX_HOURS_PER_DAY = BigDecimal.valueOf(24);

    private final TimesheetFileSettings.Source settings;

    public GenericCsvParser() {
        this(TimesheetFileSettings.defaults().of(SOURCE));
    }

    public GenericCsvParser(TimesheetFileSettings.Source settings) {
        this.settings = settings;
    }

    /** Reads a whole file into a list (small files, tests); throws when any problem was found. */
    public List<TrackedEntry> parse(byte[] content, String fileName) {
        List<TrackedEntry> entries = new ArrayList<>();
        try (EntryStream stream = open(TextInput.of(content, fileName))) {
            stream.forEachRemaining(entries::add);
            if (!stream.problems().isEmpty()) {
                throw stream.problems().toException(fileName);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    public EntryStream open(TextInput input) throws IOException {
        return open(input, TimesheetLimits.DEFAULTS);
    }

    public EntryStream open(TextInput input, TimesheetLimits limits) throws IOException {
        boolean xlsx = input.name().toLowerCase(Locale.ROOT).endsWith(".xlsx");
        return new Stream(xlsx ? XlsxTable.open(input, limits) : CsvTable.open(input, limits));
    }

    private final class Stream extends RowEntryStream {

        private final Map<String, Integer> columns = new HashMap<>();
        private final Map<String, String> headerNames = new LinkedHashMap<>();
        private final Fingerprints fingerprints = new Fingerprints();
        private final LongIntMap perDay = new LongIntMap();
        private final boolean valid;

        Stream(RowSource table) {
            super(table);
            this.valid = header(rows.header());
        }

        @Override
        public String source() {
            return SOURCE;
        }

        private boolean header(List<String> header) {
            if (header.stream().allMatch(String::isBlank)) {
                problems.add(1, null, "the file is empty");
                return false;
            }
            Map<String, Integer> byName = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String name = CsvTable.normalise(header.get(i));
                if (!name.isEmpty() && byName.putIfAbsent(name, i) != null) {
                    problems.add(1, name, "the column appears twice in the header");
                }
            }
            for (String field : FIELDS) {
                String name = settings.columns().getOrDefault(field, field);
                headerNames.put(field, name);
                Integer index = byName.get(CsvTable.normalise(name));
                if (index != null) {
                    columns.put(field, index);
                }
            }
            boolean startEnd = columns.containsKey("start") && columns.containsKey("end");
            for (String field : REQUIRED) {
                if (!columns.containsKey(field) && !(field.equals("hours") && startEnd)) {
                    problems.add(1, headerNames.get(field), "required column missing (header must name "
                            + String.join(", ", REQUIRED.stream().map(headerNames::get).toList())
                            + " and optionally " + headerNames.get("comment") + ")");
                }
            }
            return problems.isEmpty();
        }

        @Override
        protected boolean valid() {
            return valid;
        }

        @Override
        protected TrackedEntry entry(long line, List<String> fields) {
            long before = problems.count();
            String consultant = field(fields, "consultant");
            String project = field(fields, "project");
            String comment = field(fields, "comment");
            if (consultant.isEmpty()) {
                problem(line, "consultant", "is empty");
            }
            if (project.isEmpty()) {
                problem(line, "project", "is empty");
            }
            LocalDate date = date(line, field(fields, "date"));
            OffsetDateTime start = dateTime(line, date, "start", fields);
            OffsetDateTime end = dateTime(line, date, "end", fields);
            if (start != null && end != null && end.isBefore(start)) {
                end = end.plusDays(1); // past midnight
            }
            BigDecimal hours = hours(line, field(fields, "hours"), start, end);
            Boolean billable = null;
            try {
                billable = Values.bool(field(fields, "billable"));
            } catch (IllegalArgumentException e) {
                problem(line, "billable", e.getMessage());
            }
            if (problems.count() > before) {
                return null;
            }
            long day = LongIntMap.hash(consultant) * 0x100000001b3L + date.toEpochDay();
            int total = perDay.add(day, hours.movePointRight(2).intValueExact());
            if (total > 2400) {
                problem(line, "hours", "consultant '" + consultant + "' totals "
                        + BigDecimal.valueOf(total, 2).toPlainString() + " h on " + date + ", more than 24 h");
                return null;
            }
            String content = String.join("\u001f", SOURCE, consultant, date.toString(), project, hours.toPlainString(), comment);
            if (start != null) {
                content += "\u001f" + start;
            }
            return new TrackedEntry(SOURCE, fingerprints.next(content), consultant, null, null, null, project, null, date,
                    start, end, hours, billable, comment, false);
        }

        @Override
        protected String column(String field) {
            String name = switch (field) {
                case "user.id" -> "consultant";
                case "project", "comment" -> field;
                default -> null;
            };
            return name == null ? field : headerNames.getOrDefault(name, name);
        }

        private void problem(long line, String field, String reason) {
            problems.add(line, headerNames.getOrDefault(field, field), reason);
        }

        private String field(List<String> fields, String name) {
            Integer index = columns.get(name);
            if (index == null || index >= fields.size()) {
                return "";
            }
            return fields.get(index).strip();
        }

        private LocalDate date(long line, String text) {
            if (text.isEmpty()) {
                problem(line, "date", "is empty");
                return null;
            }
            try {
                return Values.date(text, settings.locale() == null ? Locale.FRANCE : settings.locale());
            } catch (IllegalArgumentException e) {
                problem(line, "date", "'" + text + "' is not a date (expected 2026-10-31 or 31/10/2026)");
                return null;
            }
        }

        private OffsetDateTime dateTime(long line, LocalDate date, String field, List<String> fields) {
            String text = field(fields, field);
            if (text.isEmpty() || date == null) {
                return null;
            }
            try {
                LocalTime time = Values.time(text);
                return date.atTime(time).atZone(settings.zone()).toOffsetDateTime();
            } catch (IllegalArgumentException e) {
                problem(line, field, e.getMessage());
                return null;
            }
        }

        private BigDecimal hours(long line, String text, OffsetDateTime start, OffsetDateTime end) {
            BigDecimal hours;
            if (text.isEmpty() && start != null && end != null) {
                hours = BigDecimal.valueOf(Duration.between(start, end).getSeconds())
                        .divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
            } else if (text.isEmpty()) {
                problem(line, "hours", "is empty");
                return null;
            } else {
                try {
                    hours = Values.hours(text);
                } catch (Values.Ambiguous e) {
                    problem(line, "hours", e.getMessage());
                    return null;
                } catch (IllegalArgumentException e) {
                    problem(line, "hours", "'" + text + "' is not a duration (expected 7.5, 7,5 or 7:30)");
                    return null;
                }
            }
            if (hours.signum() <= 0 || hours.compareTo(MAX_HOURS_PER_DAY) > 0) {
                problem(line, "hours", "'" + (text.isEmpty() ? hours.toPlainString() : text) + "' must be more than 0 and at most 24");
                return null;
            }
            return hours;
        }
    }
}
