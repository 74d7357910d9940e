package dev.crahub.document;

/**
 * A document could not be validated, transformed or rendered. Unchecked: callers (routes) decide where it goes.
 */
public class DocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DocumentException(String message) {
        super(message);
    }

    public DocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
