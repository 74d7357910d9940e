package dev.crahub.einvoice;

/** Where an invoice's e-invoice stands at the validation gate (table {@code e_invoice}, ADR 0020). */
public enum EInvoiceStatus {
    /** issued, not built or not validated yet */
    PENDING,
    /** built, every validator passed: it may be dispatched, and never changes */
    VALID,
    /** a validator refused it: no channel sends it; its messages say why */
    INVALID
}
