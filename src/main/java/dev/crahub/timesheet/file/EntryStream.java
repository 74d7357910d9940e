package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

import dev.crahub.timesheet.TrackedEntry;

/**
 * The entries of a file, read lazily: a bad row is recorded in {@link #problems()} and skipped, so the caller streams
 * the good ones and rejects the whole file at the end if any problem was found.
 */
public abstract class EntryStream implements Iterator<TrackedEntry>, AutoCloseable {

    protected final ProblemLog problems = new ProblemLog();
    private TrackedEntry next;
    private boolean done;
    private long count;

    /** The source the entries belong to. */
    public abstract String source();

    /** @return the next good entry, or {@code null} at the end (bad rows go to {@link #problems}) */
    protected abstract TrackedEntry read() throws IOException;

    public ProblemLog problems() {
        return problems;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = read();
            } catch (LimitExceededException e) {
                problems.add(e.line(), e.column(), e.getMessage() + "; reading stopped here");
            } catch (MalformedTableException e) {
                problems.add(e.line(), e.columnNumber(), e.column(), e.getMessage() + "; reading stopped here");
            } catch (IOException e) {
                problems.add(0, null, "the file cannot be read: " + e.getMessage());
            } catch (UncheckedIOException e) {
                problems.add(0, null, "the file cannot be read: " + e.getCause().getMessage());
            }
            done = next == null;
            if (next != null) {
                count++;
            } else if (count == 0 && problems.isEmpty()) {
                problems.add(2, null, "the file has no time entry");
            }
        }
        return next != null;
    }

    @Override
    public TrackedEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TrackedEntry e = next;
        next = null;
        return e;
    }

    @Override
    public void close() throws IOException {
    }
}
