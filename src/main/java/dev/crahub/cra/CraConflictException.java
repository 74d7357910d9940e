package dev.crahub.cra;

/** A CRA is in no state for what was asked (sending a decided CRA, approving a superseded one): HTTP 409. */
public class CraConflictException extends RuntimeException {

    public CraConflictException(String message) {
        super(message);
    }
}
