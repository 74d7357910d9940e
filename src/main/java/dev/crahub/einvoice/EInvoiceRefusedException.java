package dev.crahub.einvoice;

import java.util.List;
import java.util.stream.Collectors;

/** The gate refused an e-invoice: its errors, as stored on the invoice. Nothing is dispatched. */
public class EInvoiceRefusedException extends RuntimeException {

    public EInvoiceRefusedException(String number, List<ValidationMessage> errors) {
        super("e-invoice of invoice " + number + " refused by the validation gate: " + errors.stream().limit(5)
                .map(m -> m.validator() + " " + m.rule() + ": " + m.text()).collect(Collectors.joining(" | "))
                + (errors.size() > 5 ? " | and " + (errors.size() - 5) + " more" : ""));
    }
}
