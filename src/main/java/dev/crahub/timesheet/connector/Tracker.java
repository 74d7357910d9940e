package dev.crahub.timesheet.connector;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Iterator;
import java.util.function.Supplier;

import dev.crahub.timesheet.TimeEntryIngestor.SyncRange;
import dev.crahub.timesheet.TrackedEntry;

/** One tracker's API as the hub reads it: what changed since a watermark, or everything in a date range. */
public interface Tracker {

    /**
     * A lazy batch: pages are fetched as {@code entries} is iterated (inside the storing transaction, so a failure on
     * page 3 stores nothing). {@code watermark} is read after the iteration; {@code null} keeps the previous one.
     * {@code sync}, when set, is a range the batch describes completely (absent entries were deleted).
     * {@code deletedIds}, when set, is read after the entries: tracker ids deleted since the watermark (Jira).
     */
    record Batch(Iterator<TrackedEntry> entries, Supplier<String> watermark, SyncRange sync,
                 Supplier<Collection<String>> deletedIds) {

        public Batch(Iterator<TrackedEntry> entries, Supplier<String> watermark, SyncRange sync) {
            this(entries, watermark, sync, null);
        }
    }

    /** The entries changed since {@code watermark} ({@code null}: never pulled) and the next watermark. */
    Batch changes(String watermark, LocalDate today);

    /** Every entry of {@code [from, to]}, deleted ones absent or flagged. */
    Iterator<TrackedEntry> range(LocalDate from, LocalDate to);

    /**
     * {@link #changes} for trackers without a "changed since" filter: re-read from the last pull's day minus
     * {@code look-back} ({@code first-pull} days back the first time) up to today, as a full sync of that range (so
     * entries gone from it were deleted); the next watermark is today.
     */
    default Batch changesByDateRange(String watermark, LocalDate today, ConnectorSettings settings) {
        LocalDate from = watermark == null ? today.minusDays(settings.firstPull().toDays())
                : LocalDate.parse(watermark).minusDays(settings.lookBack().toDays());
        return new Batch(range(from, today), today::toString, new SyncRange(from, today));
    }
}
