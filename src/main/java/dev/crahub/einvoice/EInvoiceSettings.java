package dev.crahub.einvoice;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code crahub.einvoice.*}: how the gate checks PDF/A (ADR 0020).
 *
 * @param pdfaCheck {@code PER_TEMPLATE_VERSION} (default): veraPDF's full PDF/A-3 check on the first Factur-X of each
 *                  template version, the cheap structural checks on every one; {@code EVERY_INVOICE}: the full check
 *                  on every Factur-X (about 0.1 s more per invoice)
 */
@ConfigurationProperties(prefix = "crahub.einvoice")
public record EInvoiceSettings(PdfaCheck pdfaCheck) {

    public enum PdfaCheck {
        PER_TEMPLATE_VERSION,
        EVERY_INVOICE
    }

    public EInvoiceSettings {
        pdfaCheck = pdfaCheck == null ? PdfaCheck.PER_TEMPLATE_VERSION : pdfaCheck;
    }
}
