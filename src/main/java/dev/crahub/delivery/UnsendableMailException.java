package dev.crahub.delivery;

/**
 * A mail that cannot be made whatever the number of attempts (a recipient that is not an e-mail address, a CRA
 * without its document): its row is marked FAILED for good with this message, and the other mails still go.
 */
public class UnsendableMailException extends RuntimeException {

    public UnsendableMailException(String message) {
        super(message);
    }
}
