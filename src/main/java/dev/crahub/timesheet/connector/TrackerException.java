package dev.crahub.timesheet.connector;

/** A tracker's API refused or failed a request for good (after retries); nothing of the pull is stored. */
public class TrackerException extends RuntimeException {

    private final int status;

    public TrackerException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public TrackerException(String message) {
        this(message, 0, null);
    }

    /** The last HTTP status, 0 when there was none (I/O failure, bad payload). */
    public int status() {
        return status;
    }
}
