package dev.crahub.invoice;

/** An invoice with its number and its canonical XML, waiting for its PDF inside the issuing transaction. */
public record IssuedInvoice(Invoice invoice, byte[] xml) {
}
