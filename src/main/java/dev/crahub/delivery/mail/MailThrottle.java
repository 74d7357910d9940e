package dev.crahub.delivery.mail;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Spaces the mails of each mailbox to its {@code rate} (mails a minute; 0 = no limit), so a month dispatched in one go
 * does not look like spam to the mailbox's provider (ADR 0024). Each mailbox has its own slot: one mailbox waiting never
 * holds back another. A mail takes the next free slot of its mailbox ({@code 60 s / rate} after the previous one)
 * and waits for it; the waits are timed ({@code crahub.mail.throttle.wait{account}}) and the step
 * {@code delivery-mail-send-throttle} shows them in Hawtio.
 */
@Component
public class MailThrottle {

    /** How the throttle waits (a test records instead of sleeping). */
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final MeterRegistry meters;

    @Autowired
    public MailThrottle(MeterRegistry meters) {
        this(System::nanoTime, TimeUnit.NANOSECONDS::sleep, meters);
    }

    public MailThrottle(LongSupplier nanoTime, Sleeper sleeper, MeterRegistry meters) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.meters = meters;
    }

    /**
     * Waits until the mailbox may send its next mail, and takes that slot.
     *
     * @return how long it waited, in milliseconds
     */
    public long await(MailAccount account) throws InterruptedException {
        if (account.rate() <= 0) {
            return 0;
        }
        long spacing = TimeUnit.MINUTES.toNanos(1) / account.rate();
        long[] wait = new long[1];
        nextSlot.compute(account.name(), (name, next) -> {
            long now = nanoTime.getAsLong();
            long slot = next == null || next - now < 0 ? now : next;
            wait[0] = slot - now;
            return slot + spacing;
        });
        if (wait[0] > 0) {
            sleeper.sleep(wait[0]);
        }
        meters.timer("crahub.mail.throttle.wait", "account", account.name()).record(wait[0], TimeUnit.NANOSECONDS);
        return TimeUnit.NANOSECONDS.toMillis(wait[0]);
    }
}
