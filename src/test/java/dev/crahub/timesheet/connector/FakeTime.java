package dev.crahub.timesheet.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when the code under test "sleeps": tests see every wait and never wait. */
public final class FakeTime extends Clock implements Sleeper {

    private Instant now;
    private final ZoneId zone;
    public final List<Duration> sleeps = new ArrayList<>();

    public FakeTime(Instant now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public FakeTime() {
        this(Instant.parse("2024-12-20T10:00:00Z"), ZoneId.of("Europe/Paris"));
    }

    @Override
    public synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** The budget's time: this clock's, so a wait for the next budget period is a fake sleep too. */
    @Override
    public synchronized long nanoTime() {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new FakeTime(now, z);
    }
}
