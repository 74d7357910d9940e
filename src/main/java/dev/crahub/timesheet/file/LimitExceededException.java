package dev.crahub.timesheet.file;

import java.io.IOException;
import java.util.List;

import dev.crahub.timesheet.TimesheetLimits;

/**
 * Reading stopped because the file passes one of the {@link TimesheetLimits}: going on would hold an unbounded
 * amount of it in memory. The file is rejected; the report names the limit, where it was passed and its value.
 */
public final class LimitExceededException extends IOException {

    private final long line;
    private final String column;

    LimitExceededException(long line, String column, String reason) {
        super(reason);
        this.line = line;
        this.column = column;
    }

    public long line() {
        return line;
    }

    public String column() {
        return column;
    }

    /** {@code more than 4,000 characters, the limit crahub.timesheet.limits.field-length} */
    static String moreThan(long value, String unit, String key) {
        return String.format(java.util.Locale.ROOT, "more than %,d %s, the limit %s%s", value, unit,
                TimesheetLimits.PREFIX, key);
    }

    /** The header's name of a column, or {@code column 7} past the header or before it is known. */
    static String columnName(List<String> header, int index) {
        if (header != null && index < header.size() && !header.get(index).isBlank()) {
            String name = header.get(index).strip();
            return name.length() > 64 ? name.substring(0, 64) + "…" : name;
        }
        return "column " + (index + 1);
    }
}
