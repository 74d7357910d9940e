package dev.crahub.delivery.reminder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an issued invoice still asks of its client: its total including VAT, less what its credit notes credit and
 * what was paid (by {@code POST /api/invoices/{id}/payments} or a platform's Encaissée), never below zero.
 *
 * @param typeCode 380 invoice, 381 credit note
 */
public record InvoiceBalance(long invoiceId, String number, String typeCode, String currency, LocalDate dueDate,
                             BigDecimal totalGross, BigDecimal credited, BigDecimal paid) {

    @JsonProperty("outstanding")
    public BigDecimal outstanding() {
        BigDecimal left = totalGross.subtract(credited).subtract(paid).setScale(2, RoundingMode.HALF_UP);
        return left.signum() < 0 ? BigDecimal.ZERO.setScale(2) : left;
    }

    /** Nothing remains due. */
    @JsonProperty("settled")
    public boolean settled() {
        return outstanding().signum() == 0;
    }

    public boolean creditNote() {
        return "381".equals(typeCode);
    }
}
