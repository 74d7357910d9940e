package dev.crahub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One hub per home: an operating-system lock on {@code data/hub.lock}, held for the hub's whole life. The OS
 * releases it when the process ends, however it ends ({@code kill -9} included), so a lock that cannot be taken
 * means a live hub holds it, and a database server found running without it is an orphan of a dead hub. The file
 * holds the holder's pid, for the message only.
 *
 * <p>{@code main} takes it before Spring starts (a second hub then stops in a second with one line); a context
 * started without {@code main} (tests) takes it when {@link CrahubHome} is created. Within one JVM the lock is
 * tracked here: Java forbids overlapping locks in a process, and opening the file a second time could release a
 * POSIX lock on close.
 */
public final class HubLock implements AutoCloseable {

    static final String FILE = "hub.lock";
    private static final Map<Path, HubLock> HELD = new ConcurrentHashMap<>();

    private final Path home;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean processWide;

    private HubLock(Path home, FileChannel channel, FileLock lock, boolean processWide) {
        this.home = home;
        this.channel = channel;
        this.lock = lock;
        this.processWide = processWide;
    }

    /** Takes the lock for the rest of this process (from {@code main}); never released but by the process's end. */
    public static synchronized void holdForProcess(Path home) throws HomeInUseException {
        take(home.toAbsolutePath().normalize(), true);
    }

    /**
     * The lock for one application context: the process's own when {@code main} took it for this home, else a new
     * one released by {@link #close()}.
     */
    static synchronized HubLock forContext(Path home) throws HomeInUseException {
        Path key = home.toAbsolutePath().normalize();
        HubLock held = HELD.get(key);
        if (held != null && held.processWide) {
            return held;
        }
        return take(key, false);
    }

    private static HubLock take(Path home, boolean processWide) throws HomeInUseException {
        if (HELD.containsKey(home)) {
            throw new HomeInUseException(home, ProcessHandle.current().pid());
        }
        Path file = home.resolve("data").resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                long holder = holderPid(channel);
                channel.close();
                throw new HomeInUseException(home, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            HubLock hubLock = new HubLock(home, channel, lock, processWide);
            HELD.put(home, hubLock);
            return hubLock;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot take the hub's lock " + file, e);
        }
    }

    private static long holderPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether this process holds the lock of the home (the embedded database's orphan check relies on it). */
    static boolean heldHere(Path home) {
        HubLock held = HELD.get(home.toAbsolutePath().normalize());
        return held != null && held.lock.isValid();
    }

    @Override
    public synchronized void close() {
        if (processWide || !HELD.remove(home, this)) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release the hub's lock in " + home, e);
        }
    }

    /** Another hub (or this one, twice) works on the home. Its message is the one line an operator sees. */
    public static final class HomeInUseException extends Exception {

        private static final long serialVersionUID = 1L;

        HomeInUseException(Path home, long pid) {
            super("Another crahub is running on home " + home + (pid > 0 ? " (pid " + pid + ")" : "")
                    + "; stop it or choose another CRAHUB_HOME");
        }
    }
}
