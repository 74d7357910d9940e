package dev.crahub.invoice;

/**
 * A demand on invoices the hub refuses, in the user's terms: what is unknown (NOT_FOUND), what the document's
 * state forbids (CONFLICT: already issued, already credited) and what the request itself gets wrong (INVALID: a
 * line the invoice does not have, more than remains to credit). The HTTP layer answers 404, 409 and 422.
 */
public class DocumentRefusedException extends RuntimeException {

    /** Why it is refused. */
    public enum Kind {
        NOT_FOUND, CONFLICT, INVALID
    }

    private final Kind kind;

    public DocumentRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static DocumentRefusedException notFound(String message) {
        return new DocumentRefusedException(Kind.NOT_FOUND, message);
    }

    static DocumentRefusedException conflict(String message) {
        return new DocumentRefusedException(Kind.CONFLICT, message);
    }

    static DocumentRefusedException invalid(String message) {
        return new DocumentRefusedException(Kind.INVALID, message);
    }
}
