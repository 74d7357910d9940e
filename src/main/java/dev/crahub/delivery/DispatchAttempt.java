package dev.crahub.delivery;

import java.time.OffsetDateTime;

/**
 * One try of one channel for an invoice, or one refusal by the validation gate (table {@code dispatch_attempt},
 * insert-only): what the API shows of a delivery's history.
 */
public record DispatchAttempt(long id, long dispatchId, long invoiceId, String channel, int position, String format,
                              OffsetDateTime attemptedAt, Outcome outcome, String remoteId, String message) {

    public enum Outcome {
        DELIVERED,
        RETRY,
        FAILED,
        /** the validation gate refused the e-invoice: no channel was tried */
        BLOCKED
    }
}
