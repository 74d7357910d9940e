package dev.crahub.timesheet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * The staging rows as PostgreSQL's {@code COPY ... (FORMAT csv)} reads them, written straight to UTF-8 bytes: one
 * chunk at a time, handed to the connection whole, so a million rows cost no intermediate {@code String} per row. NULL
 * is an unquoted empty field, every text is quoted (quotes doubled), dates {@code yyyy-MM-dd}, hours with two decimals.
 */
final class CopyRows {

    private byte[] buffer;
    private int length;

    CopyRows(int capacity) {
        this.buffer = new byte[capacity];
    }

    int length() {
        return length;
    }

    byte[] bytes() {
        return buffer;
    }

    /** Hands the bytes written so far over (the caller owns the array) and starts a new chunk. */
    byte[] take(int nextCapacity) {
        byte[] full = buffer;
        buffer = new byte[Math.max(nextCapacity, 1024)];
        length = 0;
        return full;
    }

    void row(long seq, TrackedEntry e, String consultant, String contract) {
        number(seq);
        text(e.source());
        text(e.externalId());
        text(consultant);
        text(contract);
        text(e.userId());
        text(e.userEmail());
        text(e.userName());
        text(e.client());
        text(e.project());
        text(e.task());
        date(e.date());
        time(e.start());
        time(e.end());
        hours(e.hours());
        text(e.comment() == null ? "" : e.comment());
        bool(e.billable() == null || e.billable());
        bool(e.deleted());
        put((byte) '\n');
    }

    private void number(long n) {
        ensure(20);
        String s = Long.toString(n);
        for (int i = 0; i < s.length(); i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
    }

    private void text(String value) {
        ensure(3 + 3 * (value == null ? 0 : value.length()));
        buffer[length++] = ',';
        if (value == null) {
            return;
        }
        buffer[length++] = '"';
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == '"') {
                    buffer[length++] = '"';
                }
                buffer[length++] = (byte) c;
            } else if (c < 0x800) {
                buffer[length++] = (byte) (0xC0 | (c >> 6));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                buffer[length++] = (byte) (0xF0 | (cp >> 18));
                buffer[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buffer[length++] = '?'; // as String.getBytes writes a lone surrogate (EntryText refuses them first)
            } else {
                buffer[length++] = (byte) (0xE0 | (c >> 12));
                buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        buffer[length++] = '"';
    }

    private void date(LocalDate d) {
        ensure(16);
        buffer[length++] = ',';
        if (d == null) {
            return;
        }
        int y = d.getYear();
        if (y < 1000 || y > 9999) {
            ascii(d.toString());
            return;
        }
        digits(y, 4);
        buffer[length++] = '-';
        digits(d.getMonthValue(), 2);
        buffer[length++] = '-';
        digits(d.getDayOfMonth(), 2);
    }

    private void time(OffsetDateTime t) {
        ensure(48);
        buffer[length++] = ',';
        if (t != null) {
            ascii(t.toString());
        }
    }

    private void hours(BigDecimal h) {
        ensure(2);
        buffer[length++] = ',';
        if (h != null) {
            String s = h.setScale(2, RoundingMode.HALF_UP).toPlainString();
            ensure(s.length());
            ascii(s);
        }
    }

    private void bool(boolean b) {
        ensure(2);
        buffer[length++] = ',';
        buffer[length++] = (byte) (b ? 't' : 'f');
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
    }

    private void digits(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buffer[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
