package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.timesheet.TimesheetLimits;

/**
 * A streaming RFC 4180 reader: quoted fields with doubled quotes and embedded separators or line breaks, CRLF or
 * LF. It reports the physical line each record starts on, so errors point at what the user sees in an editor.
 * Memory stays bounded: a field, a record or a record's number of fields past the {@link TimesheetLimits} stops
 * the reading with a {@link LimitExceededException} (a 50 MB comment or a line without end is never held whole).
 */
public final class CsvReader {

    private final Reader in;
    private final char separator;
    private final int maxField;
    private final int maxRecord;
    private final int maxFields;
    private List<String> names;
    private long line = 1;
    private int pending = -2;

    public CsvReader(Reader in, char separator) {
        this(in, separator, TimesheetLimits.DEFAULTS);
    }

    public CsvReader(Reader in, char separator, TimesheetLimits limits) {
        this.in = in;
        this.separator = separator;
        this.maxField = limits.fieldLength();
        this.maxRecord = limits.rowLength();
        this.maxFields = limits.rowFields();
    }

    /** The header, to name columns in limit reports. */
    void names(List<String> header) {
        this.names = header;
    }

    /** The line on which the record last returned by {@link #next()} started. */
    private long recordLine;

    public long recordLine() {
        return recordLine;
    }

    /** @return the next record's fields, or {@code null} at the end of input */
    public List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int length = 0;
        while (true) {
            if (++length > maxRecord) {
                throw new LimitExceededException(recordLine, null, "the line holds "
                        + LimitExceededException.moreThan(maxRecord, "characters", "row-length"));
            }
            if (field.length() > maxField) {
                throw new LimitExceededException(recordLine, LimitExceededException.columnName(names, fields.size()),
                        "the value holds " + LimitExceededException.moreThan(maxField, "characters", "field-length"));
            }
            if (quoted) {
                if (c == -1) {
                    throw new IOException("line " + recordLine + ": a quoted field is not closed");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == separator) {
                if (fields.size() + 2 > maxFields) {
                    throw new LimitExceededException(recordLine, null, "the line holds "
                            + LimitExceededException.moreThan(maxFields, "fields", "row-fields"));
                }
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        unread(n);
                    }
                }
                if (c != -1) {
                    line++;
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
                fieldStarted = true;
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pending != -2) {
            int p = pending;
            pending = -2;
            return p;
        }
        return in.read();
    }

    private void unread(int c) {
        pending = c;
    }
}
