package dev.crahub.delivery;

/**
 * What a channel route answers for one {@link ChannelDelivery}: delivered (with the remote id the channel gave: a
 * platform's flowId, Chorus Pro's deposit number, the file's name), to be retried later (a 429, a 5xx, a network
 * error: the same channel again), or failed for good (a 400 with the platform's errors: the client's next channel in
 * its fallback order is tried). {@code message} is what the channel said, for the attempt row and the API.
 */
public record ChannelOutcome(Result result, String remoteId, String message) {

    public enum Result {
        DELIVERED,
        RETRY,
        FAILED
    }

    public static ChannelOutcome delivered(String remoteId, String message) {
        return new ChannelOutcome(Result.DELIVERED, remoteId, message);
    }

    public static ChannelOutcome retry(String message) {
        return new ChannelOutcome(Result.RETRY, null, message);
    }

    public static ChannelOutcome failed(String message) {
        return new ChannelOutcome(Result.FAILED, null, message);
    }
}
