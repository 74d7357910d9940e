package dev.crahub.einvoice;

/** The e-invoice build as the rest of the hub calls it (a proxy on {@code direct:einvoice-build}). */
public interface EInvoiceRoutes {

    /** Builds (or rebuilds, when not VALID) one invoice's e-invoice through the gate; throws when the gate refuses it. */
    EInvoiceStore.State build(long invoiceId);
}
