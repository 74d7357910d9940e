package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: quoted fields with doubled quotes and embedded separators or line breaks, CRLF or
 * LF. It reports the physical line each record starts on, so errors point at what the user sees in an editor.
 */
public final class CsvReader {

    private final Reader in;
    private final char separator;
    private long line = 1;
    private int pending = -2;

    public CsvReader(Reader in, char separator) {
        this.in = in;
        this.separator = separator;
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
        while (true) {
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
