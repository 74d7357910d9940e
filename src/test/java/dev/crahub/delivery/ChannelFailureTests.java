package dev.crahub.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a channel that raised counts as, and how long a RETRY waits (ADR 0021). */
class ChannelFailureTests {

    private final ChannelDispatcher dispatcher = new ChannelDispatcher(null, null, null, new DeliverySettings(3, Duration.ofSeconds(30), null),
            null, null, null, null);

    @Test
    void whatTryingAgainCannotFixFailsAtOnceTheRestIsRetried() {
        assertThat(dispatcher.failure(new RuntimeException("Cannot connect", new ConnectException("Connection refused"))).result())
                .isEqualTo(ChannelOutcome.Result.RETRY);
        assertThat(dispatcher.failure(new IOException("SMTP server said 451")).result()).isEqualTo(ChannelOutcome.Result.RETRY);
        assertThat(dispatcher.failure(new RuntimeException("Cannot connect", new Exception("reject HostKey: [127.0.0.1]:2222"))).result())
                .isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(dispatcher.failure(new RuntimeException("x", new Exception("Auth fail for methods 'password'"))).result())
                .isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(dispatcher.failure(new ChannelSetupException("no credentials 'x' in the environment")).result())
                .isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(dispatcher.failure(new UnsendableMailException("not an e-mail address")).result())
                .isEqualTo(ChannelOutcome.Result.FAILED);
        ChannelOutcome outcome = dispatcher.failure(new RuntimeException("Cannot connect", new ConnectException("Connection refused")));
        assertThat(outcome.message()).contains("Cannot connect", "ConnectException: Connection refused");
        assertThat(outcome.remoteId()).isNull();
    }

    @Test
    void theBackOffDoublesAtEachAttemptUpToADay() {
        DeliverySettings settings = new DeliverySettings(null, null, null);
        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(480));
        assertThat(settings.backoff(40)).isEqualTo(Duration.ofDays(1));
    }
}
