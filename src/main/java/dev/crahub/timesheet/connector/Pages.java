package dev.crahub.timesheet.connector;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import dev.crahub.timesheet.TrackedEntry;

/** Entries read page by page, a page fetched only when the previous one is consumed; the source answers null at the end. */
public final class Pages implements Iterator<TrackedEntry> {

    private final Supplier<List<TrackedEntry>> nextPage;
    private Iterator<TrackedEntry> current = List.<TrackedEntry>of().iterator();
    private boolean done;

    private Pages(Supplier<List<TrackedEntry>> nextPage) {
        this.nextPage = nextPage;
    }

    public static Iterator<TrackedEntry> of(Supplier<List<TrackedEntry>> nextPage) {
        return new Pages(nextPage);
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && !done) {
            List<TrackedEntry> page = nextPage.get();
            if (page == null) {
                done = true;
            } else {
                current = page.iterator();
            }
        }
        return current.hasNext();
    }

    @Override
    public TrackedEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
