package dev.crahub.delivery;

/**
 * A channel cannot be used as configured (a secret missing from the environment, a folder outside the outbox, an
 * unsafe file name): trying again would fail the same way, so the channel counts as FAILED and the next one is tried.
 */
public class ChannelSetupException extends RuntimeException {

    public ChannelSetupException(String message) {
        super(message);
    }
}
