package dev.crahub.invoice;

/**
 * An invoice or credit note was issued (published in the issuing transaction; listeners act after its commit, e.g.
 * the e-invoice build, ADR 0020). Drafts are not issued.
 */
public record InvoiceIssued(long invoiceId, String number) {
}
