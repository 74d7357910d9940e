package dev.crahub.einvoice;

/** One e-invoice file of an issued invoice, as a channel sends it and the API downloads it. */
public record EInvoiceDocument(long invoiceId, String invoiceNumber, String sellerCode, String clientCode,
                               EInvoiceFormat format, byte[] content, String sha256) {

    public String fileName() {
        return format.fileName(invoiceNumber);
    }

    public String mediaType() {
        return format.mediaType();
    }
}
