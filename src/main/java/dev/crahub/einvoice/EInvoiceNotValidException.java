package dev.crahub.einvoice;

/**
 * An e-invoice was asked for (download, dispatch) while the gate has not passed it: not built yet, or refused by a
 * validator. Nothing is sent; the messages stay on the invoice.
 */
public class EInvoiceNotValidException extends RuntimeException {

    private final long invoiceId;
    private final EInvoiceStatus status;

    public EInvoiceNotValidException(long invoiceId, String number, EInvoiceStatus status) {
        super(status == EInvoiceStatus.PENDING
                ? "the e-invoice of invoice " + number + " is not built and validated yet"
                : "the e-invoice of invoice " + number + " was refused by the validation gate: see its messages");
        this.invoiceId = invoiceId;
        this.status = status;
    }

    public long invoiceId() {
        return invoiceId;
    }

    public EInvoiceStatus status() {
        return status;
    }
}
