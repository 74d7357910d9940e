package dev.crahub.delivery;

import java.time.OffsetDateTime;

/**
 * Where one invoice's delivery stands (ADR 0021): the channel being tried ({@code position} in the client's fallback
 * order, {@code format} sent), its status, the remote id of the channel that delivered it (a Message-ID, a file, a
 * platform's flow id), the total attempts and, for a RETRY, when the next one is due.
 */
public record DispatchSummary(
        Long id,
        Long invoiceId,
        String invoiceNumber,
        String channel,
        String recipients,
        DispatchStatus status,
        String messageId,
        int attempts,
        OffsetDateTime sentAt,
        String error,
        int position,
        String format,
        String remoteId,
        OffsetDateTime nextAttemptAt) {
}
