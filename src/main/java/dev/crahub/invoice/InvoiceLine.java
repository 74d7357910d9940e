package dev.crahub.invoice;

import java.math.BigDecimal;

/** An invoice line (EN 16931 BG-25): quantity in days (UN/ECE {@code DAY}) at the contract's daily rate. */
public record InvoiceLine(int number, String description, String consultant, BigDecimal quantity, String unitCode,
                          BigDecimal unitPrice, String vatCategory, BigDecimal vatRate, BigDecimal netAmount) {
}
