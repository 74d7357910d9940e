package dev.crahub.einvoice;

import java.util.List;

/**
 * A set of rules the gate runs on every e-invoice besides Mustang's validator (phive EN 16931 and Peppol BIS, the
 * French rules on UBL...). Every bean of this type is run; an ERROR message stops the e-invoice.
 */
public interface EInvoiceRules {

    /** A short name for logs and metrics, e.g. {@code phive}. */
    String name();

    List<ValidationMessage> check(EInvoiceFiles files);
}
