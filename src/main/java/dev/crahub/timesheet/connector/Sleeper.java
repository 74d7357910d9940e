package dev.crahub.timesheet.connector;

import java.time.Duration;

/** Waits between attempts; tests pass one that only advances their clock. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
