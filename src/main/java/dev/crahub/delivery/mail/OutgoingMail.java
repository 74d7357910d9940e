package dev.crahub.delivery.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A composed mail on its way to a mailbox (the body of route {@code delivery-mail-send}): what it is, which mailbox
 * it leaves from, the message itself (its Message-ID fixed from its document and channel), the document it carries
 * (any of invoice, CRA, dispatch, CRA mail), and the file name it gets in the outbox when the mailbox has no SMTP.
 */
public record OutgoingMail(MailKind kind, String account, MimeMessage message, Long invoiceId, Long craId,
                           Long dispatchId, Long craMailId, String outboxFileName) {

    public String messageId() {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException("a composed mail has no Message-ID", e);
        }
    }

    @Override
    public String toString() {
        return "OutgoingMail[" + kind + " " + messageId() + " from mailbox " + account + "]";
    }
}
