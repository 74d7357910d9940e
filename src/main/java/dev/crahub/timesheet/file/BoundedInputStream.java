package dev.crahub.timesheet.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A stream that stops with a {@link LimitExceededException} past a number of bytes (what it holds, for the report). */
final class BoundedInputStream extends FilterInputStream {

    private final long max;
    private final String what;
    private long read;

    BoundedInputStream(InputStream in, long max, String what) {
        super(in);
        this.max = max;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b != -1) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) throws LimitExceededException {
        read += n;
        if (read > max) {
            throw new LimitExceededException(0, null, what + " holds more than "
                    + String.format(java.util.Locale.ROOT, "%,d", max) + " bytes");
        }
    }
}
