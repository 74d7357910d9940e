package dev.crahub.einvoice;

import org.springframework.stereotype.Component;

/**
 * What the rest of the hub asks of e-invoices: their state at the gate, and their files, which leave (a channel, a
 * download) only once the gate passed them. The single check every channel goes through.
 */
@Component
public class EInvoices {

    private final EInvoiceStore store;

    public EInvoices(EInvoiceStore store) {
        this.store = store;
    }

    public EInvoiceStore.State state(long invoiceId) {
        return store.state(invoiceId).orElseThrow(() -> new IllegalArgumentException("no invoice " + invoiceId));
    }

    /**
     * @return the file of a VALID e-invoice
     * @throws EInvoiceNotValidException when the gate has not passed it (PENDING or INVALID)
     */
    public EInvoiceDocument document(long invoiceId, EInvoiceFormat format) {
        EInvoiceStore.State state = state(invoiceId);
        if (state.status() != EInvoiceStatus.VALID) {
            throw new EInvoiceNotValidException(invoiceId, state.invoiceNumber(), state.status());
        }
        return store.document(invoiceId, format).orElseThrow();
    }
}
