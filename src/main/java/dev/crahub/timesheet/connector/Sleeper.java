package dev.crahub.timesheet.connector;

import java.time.Duration;

/**
 * The time a connector waits on: between attempts, and for its request budget. Tests pass one whose clock only moves
 * when it "sleeps" (the budget reads {@link #nanoTime()}), so they see every wait and never wait.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(d.toNanos());

    void sleep(Duration duration) throws InterruptedException;

    /** A monotonic time in nanoseconds, for the request budget's periods. */
    default long nanoTime() {
        return System.nanoTime();
    }
}
