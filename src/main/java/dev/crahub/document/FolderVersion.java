package dev.crahub.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A version number for the content of a folder tree, bumped whenever a file is added, removed, resized or touched.
 * The tree is scanned (paths, sizes, modification times: no file content) at most once per check interval, so
 * calling {@link #current()} on every request stays cheap. Thread-safe.
 */
final class FolderVersion {

    private static final System.Logger LOG = System.getLogger(FolderVersion.class.getName());

    private final Path folder;
    private final long intervalNanos;
    private final Object lock = new Object();
    private volatile long version;
    private volatile long lastCheckNanos;
    private long fingerprint;

    FolderVersion(Path folder, Duration checkInterval) {
        this.folder = folder;
        this.intervalNanos = checkInterval.toNanos();
        this.fingerprint = scan();
        this.lastCheckNanos = System.nanoTime();
    }

    long current() {
        if (System.nanoTime() - lastCheckNanos < intervalNanos) {
            return version;
        }
        synchronized (lock) {
            if (System.nanoTime() - lastCheckNanos >= intervalNanos) {
                long scanned = scan();
                if (scanned != fingerprint) {
                    fingerprint = scanned;
                    version++;
                    LOG.log(Level.INFO, "Files changed under {0}", folder);
                }
                lastCheckNanos = System.nanoTime();
            }
            return version;
        }
    }

    private long scan() {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.mapToLong(FolderVersion::digest).reduce(17L, Long::sum);
        }
        catch (IOException | UncheckedIOException ex) {
            LOG.log(Level.WARNING, "Cannot scan " + folder + ": keeping the current version", ex);
            return fingerprint;
        }
    }

    private static long digest(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            long h = path.toString().hashCode();
            h = 31 * h + attributes.size();
            h = 31 * h + attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
            return h * 0x9E3779B97F4A7C15L;
        }
        catch (IOException ex) {
            return 0L; // vanished while walking: the next scan sees the new state
        }
    }
}
