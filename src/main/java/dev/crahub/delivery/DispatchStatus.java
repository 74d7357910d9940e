package dev.crahub.delivery;

/**
 * Where an invoice's dispatch stands. SENDING is committed before the mail leaves and SENT right after: a dispatch
 * found in SENDING after a crash may or may not have left, so it is never resent automatically.
 */
public enum DispatchStatus {
    PENDING, SENDING, SENT, FAILED
}
