package dev.crahub.timesheet;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.postgresql.copy.CopyIn;

/**
 * Feeds a {@code COPY FROM STDIN} from two threads: a producer thread pulls the entries (the reader parses them as they
 * are pulled), checks, maps and renders them into chunks of CSV bytes, while the caller's thread, which owns the
 * transaction's connection, writes the chunks to PostgreSQL. Parsing in Java and loading in PostgreSQL overlap on
 * two cores. The hand-off is a small bounded queue (memory stays a few chunks whatever the batch's size).
 * <p>
 * All or nothing is kept: the connection is only ever used by the caller's thread; an exception on the producer
 * (a bad text, a reader's or connector's failure) ends the producer and is rethrown as-is on the caller's thread,
 * where the transaction rolls back; a failure on the caller's side (the database refusing the copy) stops the
 * producer at its next entry. {@link #run} returns or throws only after the producer thread has ended, which also
 * makes everything the producer wrote (counts, the reader's problem log) visible to the caller.
 */
final class CopyPipeline {

    /** Bytes per chunk written to the connection at once. */
    static final int CHUNK = 256 * 1024;
    /** Chunks waiting between the threads. */
    private static final int DEPTH = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The producer threads' names start with this. */
    static final String THREAD_PREFIX = "crahub-ingest-";

    /** Renders one entry into the chunk (or throws to abort the batch). */
    interface Renderer {
        void render(TrackedEntry entry, CopyRows rows);
    }

    private record Chunk(byte[] bytes, int length, Throwable failure, boolean last) {
    }

    private CopyPipeline() {
    }

    /** Streams the entries into the copy; the caller ends (or cancels) the copy afterwards. */
    static void run(Iterator<TrackedEntry> entries, Renderer renderer, CopyIn copy) throws SQLException {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
        Producer producer = new Producer(entries, renderer, queue);
        Thread thread = new Thread(producer, THREAD_PREFIX + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        try {
            while (true) {
                Chunk chunk = queue.take();
                if (chunk.failure() != null) {
                    throw rethrow(chunk.failure());
                }
                if (chunk.length() > 0) {
                    copy.writeToCopy(chunk.bytes(), 0, chunk.length());
                }
                if (chunk.last()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while storing time entries");
        } finally {
            producer.cancelled = true;
            joinUninterruptibly(thread);
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure.getMessage(), failure);
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Producer implements Runnable {

        private final Iterator<TrackedEntry> entries;
        private final Renderer renderer;
        private final BlockingQueue<Chunk> queue;
        volatile boolean cancelled;

        Producer(Iterator<TrackedEntry> entries, Renderer renderer, BlockingQueue<Chunk> queue) {
            this.entries = entries;
            this.renderer = renderer;
            this.queue = queue;
        }

        @Override
        public void run() {
            CopyRows rows = new CopyRows(CHUNK + 8192);
            try {
                while (!cancelled && entries.hasNext()) {
                    renderer.render(entries.next(), rows);
                    if (rows.length() >= CHUNK) {
                        int length = rows.length();
                        hand(new Chunk(rows.take(CHUNK + 8192), length, null, false));
                    }
                }
                int length = rows.length();
                hand(new Chunk(rows.take(0), length, null, true));
            } catch (CancellationException e) {
                // the caller stopped reading: nothing to report
            } catch (Throwable t) {
                try {
                    hand(new Chunk(null, 0, t, true));
                } catch (CancellationException ignored) {
                    // the caller is gone already
                }
            }
        }

        private void hand(Chunk chunk) {
            try {
                while (!queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                    if (cancelled) {
                        throw new CancellationException();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException();
            }
        }
    }
}
