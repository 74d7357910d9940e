package dev.crahub.delivery;

/**
 * An invoice's dispatch ended without a delivery: every channel of its client failed, or the validation gate
 * refused its e-invoice. Raised by the orchestrating route so that the dispatch lands in the dead letters, from
 * which a replay starts a new round.
 */
public class UndeliveredInvoiceException extends RuntimeException {

    public UndeliveredInvoiceException(String message) {
        super(message);
    }
}
