package dev.crahub.delivery.mail;

/**
 * What became of one transmission (the answer of route {@code delivery-mail-send}).
 *
 * @param status    SENT: the server accepted it (or it was written to the outbox, or it had already left);
 *                  RETRY: a transient failure (4xx, a connection refused or cut) before the mail left, try later;
 *                  FAILED: a permanent failure (5xx, a mail that cannot be made), trying again cannot help
 * @param transport SMTP or OUTBOX
 * @param detail    the server's answer or the reason, one line
 */
public record MailOutcome(Status status, String messageId, String transport, String detail) {

    public enum Status {
        SENT, RETRY, FAILED
    }

    public boolean sent() {
        return status == Status.SENT;
    }
}
