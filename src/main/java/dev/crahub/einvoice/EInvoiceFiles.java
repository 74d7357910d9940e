package dev.crahub.einvoice;

/**
 * An invoice's e-invoice as built, before the gate's verdict: the canonical XML it comes from, the Factur-X (PDF/A-3b
 * with {@code factur-x.xml} = {@code facturxCii}), the CII and UBL that travel alone (with their attachments embedded),
 * and the template version its PDF was rendered with (null for invoices issued before template sets).
 */
public record EInvoiceFiles(long invoiceId, String invoiceNumber, byte[] canonical, byte[] facturx, byte[] facturxCii,
                            byte[] cii, byte[] ubl, String templateVersion) {
}
