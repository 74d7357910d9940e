package dev.crahub.delivery;

import java.time.OffsetDateTime;

/** What the dispatch endpoint answers for one invoice's mail. */
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
        String error) {
}
