package dev.crahub.delivery.mail;

import java.util.List;

/**
 * What a delivery-status notification (RFC 3464) says about one mail the hub sent: which mail (its Message-ID, from
 * the returned headers), and per recipient what became of it. Read by {@link DsnParser}, acted on by {@link Bounces}.
 *
 * @param dsnId             the notification's own Message-ID (or a digest of it when it has none): a DSN read twice
 *                          is recognised
 * @param originalMessageId the Message-ID of the mail it is about, {@code <...>}; null when it cannot be told
 * @param reportingMta      who wrote it ({@code dns; mx.example.com}), may be null
 * @param recipients        one entry per recipient the notification reports on
 */
public record DeliveryStatusNotice(String dsnId, String originalMessageId, String reportingMta,
                                   List<Recipient> recipients) {

    public DeliveryStatusNotice {
        recipients = List.copyOf(recipients);
    }

    /**
     * One recipient's fate.
     *
     * @param action     failed, delayed, delivered, relayed or expanded (lower case)
     * @param status     the enhanced status code, {@code 5.1.1}
     * @param diagnostic the remote server's answer ({@code smtp; 550 5.1.1 User unknown}), unfolded, may be null
     */
    public record Recipient(String finalRecipient, String action, String status, String diagnostic) {

        /** The mail will never reach this recipient: Action failed, or a 5.x.x status. */
        public boolean permanent() {
            return "failed".equals(action) || status != null && status.startsWith("5");
        }

        /** Not delivered yet, still being tried: Action delayed, or a 4.x.x status. */
        public boolean transientFailure() {
            return !permanent() && ("delayed".equals(action) || status != null && status.startsWith("4"));
        }

        /** One line for people: status, recipient and the server's answer. */
        public String describe() {
            StringBuilder s = new StringBuilder(status == null ? action : status);
            if (finalRecipient != null) {
                s.append(" for ").append(finalRecipient);
            }
            if (diagnostic != null) {
                s.append(": ").append(diagnostic);
            }
            return s.toString();
        }
    }

    /** The first recipient the mail will never reach, if any. */
    public java.util.Optional<Recipient> permanentFailure() {
        return recipients.stream().filter(Recipient::permanent).findFirst();
    }

    /** The first recipient still being tried (delayed), if no recipient failed for good. */
    public java.util.Optional<Recipient> delay() {
        return permanentFailure().isPresent() ? java.util.Optional.empty()
                : recipients.stream().filter(Recipient::transientFailure).findFirst();
    }
}
