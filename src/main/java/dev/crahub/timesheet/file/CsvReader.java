package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.TimesheetProblem;

/**
 * A streaming RFC 4180 reader: quoted fields with doubled quotes and embedded separators or line breaks; CRLF, LF
 * and a lone CR all end a line, mixed in one file, inside quoted values too, so the line each record starts on (what
 * errors point at) is what an editor shows. It never guesses at a broken quote: a quote opened and never closed
 * stops the reading with a {@link MalformedTableException} naming the line and column where it opened; text after a
 * closing quote ({@code "Atelier"x}) is recorded as the record's {@link #defect()}. Spaces before an opening quote
 * ({@code a, "b, c"}) are dropped, as people type them.
 * <p>
 * Memory stays bounded: a field, a record or a record's number of fields past the {@link TimesheetLimits} stops the
 * reading with a {@link LimitExceededException} (a 50 MB comment or a line without end is never held whole). It
 * reads the text a buffer at a time and cuts fields out of the buffer, so a row costs its strings and a list.
 */
public final class CsvReader {

    private static final int BUFFER = 64 * 1024;
    private static final int SEPARATOR = 0;
    private static final int END = 1;

    private final Reader in;
    private final char separator;
    private final int maxField;
    private final int maxRecord;
    private final int maxFields;
    private final char[] buffer = new char[BUFFER];
    private final StringBuilder spill = new StringBuilder();
    private int pos;
    private int limit;
    private List<String> names;
    private String encoding;
    private long line = 1;
    private long recordLine;
    private int recordLength;
    private int width = 8;
    private TimesheetProblem defect;

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

    /** The file's encoding, named when its bytes turn out not to be text in it. */
    void encoding(String name) {
        this.encoding = name;
    }

    public char separator() {
        return separator;
    }

    /** The line on which the record last returned by {@link #next()} started. */
    public long recordLine() {
        return recordLine;
    }

    /** What is wrong with the record last returned (its fields are still read), or {@code null}. */
    public TimesheetProblem defect() {
        return defect;
    }

    /** @return the next record's fields, or {@code null} at the end of input */
    public List<String> next() throws IOException {
        if (pos >= limit && !fill()) {
            return null;
        }
        recordLine = line;
        recordLength = 0;
        defect = null;
        List<String> fields = new ArrayList<>(width);
        while (field(fields) == SEPARATOR) {
            if (fields.size() + 1 > maxFields) {
                throw new LimitExceededException(recordLine, null, "the line holds "
                        + LimitExceededException.moreThan(maxFields, "fields", "row-fields"));
            }
        }
        if (fields.size() > width) {
            width = fields.size();
        }
        return fields;
    }

    /** Reads one field into {@code fields}; tells whether a separator or the end of the record followed it. */
    private int field(List<String> fields) throws IOException {
        spill.setLength(0);
        int start = pos;
        boolean blank = true;
        while (true) {
            if (pos == limit) {
                keep(start, pos, fields.size());
                if (!fill()) {
                    return end(fields, take(0, 0, fields.size()), false);
                }
                start = 0;
            }
            char c = buffer[pos];
            if (c == separator) {
                String value = take(start, pos, fields.size());
                pos++;
                return end(fields, value, true);
            }
            if (c == '\n' || c == '\r') {
                String value = take(start, pos, fields.size());
                lineBreak(c);
                return end(fields, value, false);
            }
            if (c == '"' && blank) {
                pos++;
                return quoted(fields);
            }
            if (c != ' ') {
                blank = false;
            }
            pos++;
        }
    }

    /** A quoted field, from after its opening quote. */
    private int quoted(List<String> fields) throws IOException {
        long openLine = line;
        int column = fields.size() + 1;
        spill.setLength(0);
        int start = pos;
        boolean cr = false;
        while (true) {
            if (pos == limit) {
                keepQuoted(start, pos, openLine, column);
                if (!fill()) {
                    throw new MalformedTableException(openLine, column, name(column - 1), "a quote opened here is "
                            + "never closed: the rest of the file would be one value. Close it, or write a quote "
                            + "inside a quoted value twice (\"\")");
                }
                start = 0;
            }
            char c = buffer[pos];
            if (c == '"') {
                keepQuoted(start, pos, openLine, column);
                pos++;
                if ((pos < limit || fill()) && buffer[pos] == '"') {
                    spill.append('"');
                    pos++;
                    start = pos;
                    continue;
                }
                return afterQuote(fields, openLine, column);
            }
            if (c == '\r' || c == '\n' && !cr) {
                line++;
            }
            cr = c == '\r';
            pos++;
        }
    }

    /** After a closing quote: the separator or the end of the line; spaces are dropped, other text is a defect. */
    private int afterQuote(List<String> fields, long openLine, int column) throws IOException {
        while (pos < limit || fill()) {
            char c = buffer[pos];
            if (c == separator) {
                pos++;
                return end(fields, take(0, 0, column - 1), true);
            }
            if (c == '\n' || c == '\r') {
                lineBreak(c);
                return end(fields, take(0, 0, column - 1), false);
            }
            if (c != ' ' && c != '\t' && defect == null) {
                defect = new TimesheetProblem(line, column, name(column - 1), "text after the closing quote of a"
                        + " value (the quote opened on line " + openLine + "): a quote inside a quoted value is"
                        + " written twice (\"\"), and a value with quotes inside is quoted whole");
            }
            if (c != ' ' && c != '\t') {
                spill.append(c);
                if (spill.length() > maxField) {
                    throw fieldLimit(column - 1);
                }
            }
            pos++;
        }
        return end(fields, take(0, 0, column - 1), false);
    }

    private int end(List<String> fields, String value, boolean separated) throws LimitExceededException {
        recordLength += value.length() + 1;
        if (recordLength > maxRecord) {
            throw new LimitExceededException(recordLine, null, "the line holds "
                    + LimitExceededException.moreThan(maxRecord, "characters", "row-length"));
        }
        fields.add(value);
        return separated ? SEPARATOR : END;
    }

    /** Consumes a line break: CRLF, LF or a lone CR. */
    private void lineBreak(char c) throws IOException {
        pos++;
        line++;
        if (c == '\r' && (pos < limit || fill()) && buffer[pos] == '\n') {
            pos++;
        }
    }

    /** The field: what was kept from earlier buffers, then {@code buffer[start, end)}. */
    private String take(int start, int end, int index) throws LimitExceededException {
        int length = end - start;
        if (spill.length() == 0) {
            if (length > maxField) {
                throw fieldLimit(index);
            }
            return length == 0 ? "" : new String(buffer, start, length);
        }
        spill.append(buffer, start, length);
        if (spill.length() > maxField) {
            throw fieldLimit(index);
        }
        return spill.toString();
    }

    /** Keeps part of an unquoted field before the buffer is refilled. */
    private void keep(int start, int end, int index) throws LimitExceededException {
        spill.append(buffer, start, end - start);
        if (spill.length() > maxField) {
            throw fieldLimit(index);
        }
        if (recordLength + spill.length() > maxRecord) {
            throw new LimitExceededException(recordLine, null, "the line holds "
                    + LimitExceededException.moreThan(maxRecord, "characters", "row-length"));
        }
    }

    /** Keeps part of a quoted field; past the limit, a value over several lines is most likely an unclosed quote. */
    private void keepQuoted(int start, int end, long openLine, int column) throws IOException {
        spill.append(buffer, start, end - start);
        if (spill.length() > maxField || recordLength + spill.length() > maxRecord) {
            if (line > openLine) {
                throw new MalformedTableException(openLine, column, name(column - 1), "the quoted value that starts "
                        + "here runs over " + (line - openLine + 1) + " lines and holds "
                        + LimitExceededException.moreThan(spill.length() > maxField ? maxField : maxRecord,
                        "characters", spill.length() > maxField ? "field-length" : "row-length")
                        + ": is its closing quote missing?");
            }
            throw spill.length() > maxField ? fieldLimit(column - 1)
                    : new LimitExceededException(recordLine, null, "the line holds "
                    + LimitExceededException.moreThan(maxRecord, "characters", "row-length"));
        }
    }

    private LimitExceededException fieldLimit(int index) {
        return new LimitExceededException(recordLine, LimitExceededException.columnName(names, index),
                "the value holds " + LimitExceededException.moreThan(maxField, "characters", "field-length"));
    }

    private String name(int index) {
        return names != null && index < names.size() && !names.get(index).isBlank() ? names.get(index).strip() : null;
    }

    private boolean fill() throws IOException {
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (CharacterCodingException e) {
            throw new MalformedTableException(line, 0, null, "the file's bytes are not valid "
                    + (encoding == null ? "text" : encoding + " text") + " here");
        }
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }
}
