package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What the month endpoints and the invoice listing answer for one invoice, credit note or draft: its type code
 * (380 invoice, 381 credit note), its status (DRAFT: no number yet; ISSUED) and, for a credit note or a
 * replacement, the invoice it cites and how ({@code correction}: CREDIT or REPLACEMENT).
 */
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
        String error,
        String typeCode,
        Long precedingInvoiceId,
        String precedingInvoiceNumber,
        String correction) {

    public InvoiceSummary(Long id, String number, String seller, String client, String contract, Long craId,
                          String month, LocalDate issueDate, LocalDate dueDate, String currency, BigDecimal totalNet,
                          BigDecimal totalVat, BigDecimal totalGross, String status, String error) {
        this(id, number, seller, client, contract, craId, month, issueDate, dueDate, currency, totalNet, totalVat,
                totalGross, status, error, "380", null, null, null);
    }

    public static InvoiceSummary failed(Long craId, String month, String error) {
        return new InvoiceSummary(null, null, null, null, null, craId, month, null, null, null, null, null, null, "FAILED",
                error);
    }
}
