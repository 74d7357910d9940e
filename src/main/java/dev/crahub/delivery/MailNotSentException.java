package dev.crahub.delivery;

/**
 * A mail that did not leave for a reason that may pass (a 4xx answer, a server down, a connection cut): its row is
 * marked FAILED with the server's answer and tried again after a back-off.
 */
public class MailNotSentException extends RuntimeException {

    public MailNotSentException(String message) {
        super(message);
    }
}
