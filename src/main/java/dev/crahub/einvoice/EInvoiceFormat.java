package dev.crahub.einvoice;

/**
 * The e-invoice formats the hub produces from a canonical invoice (ADR 0020): Factur-X (PDF/A-3b carrying the CII as
 * {@code factur-x.xml}), UN/CEFACT CII D22B and UBL 2.1 (Peppol BIS Billing 3.0), all in the EN 16931 profile.
 */
public enum EInvoiceFormat {

    FACTURX("application/pdf", ".pdf"),
    CII("application/xml", "-cii.xml"),
    UBL("application/xml", "-ubl.xml");

    private final String mediaType;
    private final String suffix;

    EInvoiceFormat(String mediaType, String suffix) {
        this.mediaType = mediaType;
        this.suffix = suffix;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The file name of an invoice's document in this format: {@code <number>.pdf}, {@code <number>-cii.xml}... */
    public String fileName(String invoiceNumber) {
        return invoiceNumber + suffix;
    }

    /** Reads {@code facturx}, {@code factur-x}, {@code cii}, {@code ubl} (any case), as the referential and API say them. */
    public static EInvoiceFormat parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(java.util.Locale.ROOT).replace("-", "").replace("_", "");
        for (EInvoiceFormat f : values()) {
            if (f.name().equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown e-invoice format '" + text + "' (expected facturx, cii or ubl)");
    }
}
