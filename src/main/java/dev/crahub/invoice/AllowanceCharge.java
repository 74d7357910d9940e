package dev.crahub.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A discount (allowance) or a surcharge (charge) on one line (EN 16931 BG-27/BG-28) or on the whole invoice
 * (BG-20/BG-21). Either a fixed amount, or a percentage of a base amount, rounded once to the cent (HALF_UP).
 * Document-level ones carry their own VAT category and rate (BT-95/BT-96, BT-102/BT-103); line-level ones take
 * the line's.
 *
 * @param amount     the amount in cents, always positive; {@code charge} says which way it goes
 * @param baseAmount what a percentage applies to (BT-93, BT-100, BT-137, BT-142), null for a fixed amount
 * @param reasonCode UNCL 5189 for allowances (95 = discount), UNCL 7161 for charges, optional
 */
public record AllowanceCharge(boolean charge, BigDecimal amount, BigDecimal baseAmount, BigDecimal percent,
                              String reason, String reasonCode, String vatCategory, BigDecimal vatRate) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A discount of a fixed amount. */
    public static AllowanceCharge discount(BigDecimal amount, String reason) {
        return new AllowanceCharge(false, amount.setScale(2, RoundingMode.UNNECESSARY), null, null, reason, "95", null, null);
    }

    /** A discount of a percentage of a base, rounded once to the cent. */
    public static AllowanceCharge discount(BigDecimal percent, BigDecimal base, String reason) {
        return new AllowanceCharge(false, percentOf(percent, base), base, percent, reason, "95", null, null);
    }

    /** The same allowance or charge, at document level, under a VAT category and rate. */
    public AllowanceCharge withVat(String category, BigDecimal rate) {
        return new AllowanceCharge(charge, amount, baseAmount, percent, reason, reasonCode, category, rate);
    }

    /** +amount for a charge, -amount for an allowance. */
    public BigDecimal signedAmount() {
        return charge ? amount : amount.negate();
    }

    static BigDecimal percentOf(BigDecimal percent, BigDecimal base) {
        return base.multiply(percent).divide(HUNDRED, 2, RoundingMode.HALF_UP);
    }
}
