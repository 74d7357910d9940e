package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What the month endpoints and the invoice listing answer for one invoice. */
public record InvoiceSummary(
        Long id,
        String number,
        String seller,
        String client,
        String contract,
        Long craId,
        String month,
        LocalDate issueDate,
        LocalDate dueDate,
        String currency,
        BigDecimal totalNet,
        BigDecimal totalVat,
        BigDecimal totalGross,
        String status,
        String error) {

    public static InvoiceSummary failed(Long craId, String month, String error) {
        return new InvoiceSummary(null, null, null, null, null, craId, month, null, null, null, null, null, null, "FAILED",
                error);
    }
}
