package dev.crahub.expense;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A recorded expense, as the API lists it and billing reads it: never changed once recorded, except for the invoice
 * that billed it (set once).
 *
 * @param source     {@code API} or {@code FILE} ({@code sourceFile}, {@code sourceLine}: where it was read)
 * @param receipt    the uploaded receipt, or {@code null}
 * @param invoiceId  the invoice that billed it, or {@code null} while not billed
 */
public record Expense(long id, String contract, String consultant, LocalDate date, ExpenseCategory category,
                      String description, BigDecimal amountExclVat, BigDecimal vatRate, BigDecimal vatAmount,
                      String currency, String source, String sourceFile, Long sourceLine, String receiptReference,
                      Receipt receipt, OffsetDateTime createdAt, String createdBy, Long invoiceId,
                      OffsetDateTime invoicedAt) {

    /** What the receipt said was paid: excluding VAT plus VAT. */
    @com.fasterxml.jackson.annotation.JsonProperty("amountInclVat")
    public BigDecimal amountInclVat() {
        return amountExclVat.add(vatAmount);
    }

    /** An uploaded receipt, without its bytes ({@code GET /api/expenses/{id}/receipt} gives them). */
    public record Receipt(long id, String mediaType, String sha256, String originalName, long size) {
    }
}
