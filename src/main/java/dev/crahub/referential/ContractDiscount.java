package dev.crahub.referential;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A discount a contract grants on its whole invoices (a document-level allowance, EN 16931 BG-20) from/to a date:
 * a percentage of the lines' total, or a fixed amount (exactly one). When the invoice has several VAT rates the
 * discount is split between them pro rata (ADR 0019).
 */
public record ContractDiscount(String reason, BigDecimal percent, BigDecimal amount, LocalDate from, LocalDate to) {

    /** Whether the discount applies to the invoice of the period [start, end] (it runs on the period's last day). */
    public boolean appliesTo(LocalDate start, LocalDate end) {
        return (from == null || !from.isAfter(end)) && (to == null || !to.isBefore(end));
    }
}
