package dev.crahub.delivery;

import java.time.OffsetDateTime;

/**
 * One mail of the CRA workflow as {@code GET /api/cras/{id}/mails} shows it: a row found in SENDING (the hub stopped
 * between the claim and the send's end) may or may not have left, and is never resent blindly; this is where ops see
 * it.
 */
public record CraMail(long id, long craId, String kind, String recipientName, String recipientEmail,
                      DispatchStatus status, int attempts, OffsetDateTime createdAt, OffsetDateTime sentAt,
                      String lastError, String messageId, OffsetDateTime bouncedAt, String bounceStatus,
                      String bounceDiagnostic) {
}
