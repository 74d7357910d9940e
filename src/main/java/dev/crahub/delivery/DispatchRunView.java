package dev.crahub.delivery;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A dispatch run as {@code GET /api/dispatches/{id}} shows it (ADR 0026): where it stands (RUNNING, DONE, FAILED),
 * how many of its documents were sent, failed or are still pending (among them the blocked ones and those waiting
 * for a retry), and one line per document. For a dry run, {@code sent} counts the mails rendered to files and
 * {@code failed} those that could not be made; {@code files} is the folder under the home holding them.
 */
public record DispatchRunView(
        long id,
        String month,
        String status,
        boolean dryRun,
        List<Long> selection,
        String requestedBy,
        OffsetDateTime requestedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        int total,
        int sent,
        int failed,
        int pending,
        int blocked,
        int retrying,
        String error,
        String files,
        List<Line> dispatches) {

    /**
     * One document of the run: its dispatch (id, invoice, channel, recipients, Message-ID, attempts...), its status
     * for this run (PENDING until the run is through with it, then its dispatch's status; RENDERED or NOT_MADE in a
     * dry run) and the last message about it (the last attempt's, or what the dry run noted).
     */
    public record Line(long id, long invoiceId, String invoiceNumber, String channel, String recipients, String status,
                       String messageId, int attempts, OffsetDateTime sentAt, String error, String remoteId,
                       OffsetDateTime nextAttemptAt, int position, String format, String lastMessage, String file) {
    }
}
