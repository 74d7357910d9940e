package dev.crahub.invoice;

import java.math.BigDecimal;

/** VAT per category and rate (EN 16931 BG-23): taxable base and tax, tax rounded once on the base. */
public record VatBreakdown(String category, BigDecimal rate, BigDecimal taxableAmount, BigDecimal taxAmount) {
}
