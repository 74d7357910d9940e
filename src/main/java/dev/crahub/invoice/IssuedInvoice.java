package dev.crahub.invoice;

import java.math.BigDecimal;
import java.util.List;

/**
 * A document with its number (or a draft without one) and its canonical XML, waiting for its PDF inside the
 * issuing transaction; a credit note also carries what it credits on each line of the original (the ledger the
 * next credit note is checked against).
 */
public record IssuedInvoice(Invoice invoice, byte[] xml, List<Credited> credited) {

    public IssuedInvoice {
        credited = credited == null ? List.of() : List.copyOf(credited);
    }

    public IssuedInvoice(Invoice invoice, byte[] xml) {
        this(invoice, xml, List.of());
    }

    /** The net amount (and quantity, when credited by quantity) a credit note credits on a line of the original. */
    public record Credited(int originalLine, BigDecimal quantity, BigDecimal amount) {
    }
}
