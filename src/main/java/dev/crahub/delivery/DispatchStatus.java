package dev.crahub.delivery;

/**
 * Where an invoice's dispatch (or a CRA mail) stands. SENDING is committed before anything leaves and the outcome
 * right after: a dispatch found in SENDING after a crash may or may not have left, so it is never resent
 * automatically. RETRY waits for its next attempt on the same channel; BLOCKED was stopped by the e-invoice
 * validation gate (nothing sent); FAILED tried every channel of the client (ADR 0021).
 */
public enum DispatchStatus {
    PENDING, SENDING, SENT, RETRY, FAILED, BLOCKED
}
