package dev.crahub.cra;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One time line as the CRA states it and the invoice bills it: a consultant's hours over a span of the month in which
 * the contract's terms do not change, the billed quantity in its unit, the price per base quantity (EN 16931 BT-146,
 * BT-149) and the amount, which is exactly {@code quantity x unitPrice / baseQuantity} rounded once to the cent.
 *
 * @param unit     the contract's billing unit the quantity is counted in: DAY or HOUR (HALF_DAY bills days in halves)
 * @param unitCode the UN/ECE Recommendation 20 code of the quantity: {@code DAY} or {@code HUR}
 * @param days     the same time in days, for the CRA's tables (exact, or 4 decimals when hours do not divide)
 */
public record BilledTime(String consultant, String name, LocalDate from, LocalDate to, BigDecimal hours,
                         BigDecimal days, BigDecimal quantity, String unit, String unitCode, BigDecimal unitPrice,
                         BigDecimal baseQuantity, BigDecimal amount, String vatCategory, BigDecimal vatRate) {
}
