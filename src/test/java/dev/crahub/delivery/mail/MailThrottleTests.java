package dev.crahub.delivery.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each mailbox's mails spaced to its rate, one mailbox never holding back another (ADR 0024); a fake clock. */
class MailThrottleTests {

    private long now = 1_000_000_000L;
    private final List<Long> slept = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MailThrottle throttle = new MailThrottle(() -> now, nanos -> {
        slept.add(nanos);
        now += nanos; // the wait passes
    }, meters);

    private static MailAccount box(String name, int rate) {
        return new MailAccount(name, name + "@acme.example", null, new MailAccount.Server("smtp", 25, MailAccount.Tls.NONE),
                null, "Sent", "INBOX", null, null, null, rate, MailAccount.SentCopy.NONE);
    }

    @Test
    void mailsOfOneMailboxAreSpacedToItsRateAnotherMailboxIsNotHeldBack() throws Exception {
        MailAccount slow = box("mb-slow", 30); // one mail every 2 s
        MailAccount other = box("mb-other", 30);
        assertThat(throttle.await(slow)).isZero();
        assertThat(throttle.await(slow)).isEqualTo(2000);
        assertThat(throttle.await(other)).as("its own slot, not the slow mailbox's").isZero();
        assertThat(throttle.await(slow)).isEqualTo(2000);
        assertThat(slept).containsExactly(TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(2));
        // idle for a while: the next mail goes at once, no burst credit beyond one slot
        now += TimeUnit.SECONDS.toNanos(10);
        assertThat(throttle.await(slow)).isZero();
        assertThat(throttle.await(slow)).isEqualTo(2000);
        assertThat(meters.timer("crahub.mail.throttle.wait", "account", "mb-slow").count()).isEqualTo(5);
    }

    @Test
    void rateZeroIsNoLimit() throws Exception {
        MailAccount free = box("mb-free", 0);
        for (int i = 0; i < 100; i++) {
            assertThat(throttle.await(free)).isZero();
        }
        assertThat(slept).isEmpty();
    }
}
