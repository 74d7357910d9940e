package dev.crahub.referential;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A product or fixed fee a contract bills besides time: every month it runs (between {@code from} and {@code to}),
 * or once, on the invoice of the month holding {@code from}. Its VAT rate applies under the STANDARD regime (0 is a
 * zero-rated line, category Z); under another regime the line takes the regime's category at 0 %.
 *
 * @param unitCode UN/ECE Recommendation 20: C62 (one), MON (month), HUR, DAY...
 * @param discount a discount on the line (percentage or amount), or null
 */
public record ContractProduct(String code, Kind kind, String description, BigDecimal unitPrice, String unitCode,
                              BigDecimal vatRate, BigDecimal quantity, Every every, LocalDate from, LocalDate to,
                              Discount discount) {

    /** PRODUCT lines are goods (the invoice's operation category says so); FEE lines are services. */
    public enum Kind {
        PRODUCT, FEE
    }

    /** How often the line is billed. */
    public enum Every {
        MONTH, ONCE
    }

    public ContractProduct {
        kind = kind == null ? Kind.PRODUCT : kind;
        unitCode = unitCode == null ? "C62" : unitCode;
        quantity = quantity == null ? BigDecimal.ONE : quantity;
        every = every == null ? Every.MONTH : every;
    }

    /** Whether the line is billed on the invoice of the period [start, end]. */
    public boolean billedIn(LocalDate start, LocalDate end) {
        if (every == Every.ONCE) {
            return from != null && !from.isBefore(start) && !from.isAfter(end);
        }
        return (from == null || !from.isAfter(end)) && (to == null || !to.isBefore(start));
    }

    /** A discount on one line: a percentage of its amount or a fixed amount (exactly one), with its reason. */
    public record Discount(BigDecimal percent, BigDecimal amount, String reason) {
    }
}
