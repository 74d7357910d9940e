package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An invoice line (EN 16931 BG-25) of any kind: time from the approved CRA, a re-billed expense, a product or a
 * fixed fee. Its net amount (BT-131) is {@code quantity x unitPrice / baseQuantity} rounded once to the cent
 * (the gross amount), minus its allowances, plus its charges (BG-27, BG-28), each already in cents.
 *
 * @param unitCode     UN/ECE Recommendation 20 (DAY, HUR, C62 for a piece or a flat fee)
 * @param baseQuantity the quantity the unit price is for (BT-149): 1, or the hours of a day when time is counted in
 *                     hours at a daily rate
 * @param periodStart  the line's own period (BG-26), null when it is the invoice's
 * @param consultant   the consultant's code for TIME and EXPENSE lines, else null
 * @param reference    what the line comes from: the expense id, the product code, null for time
 */
public record InvoiceLine(int number, Kind kind, String description, String consultant, String reference,
                          LocalDate periodStart, LocalDate periodEnd, BigDecimal quantity, String unitCode,
                          BigDecimal unitPrice, BigDecimal baseQuantity, List<AllowanceCharge> allowanceCharges,
                          String vatCategory, BigDecimal vatRate, BigDecimal netAmount) {

    /** What an invoice line bills. */
    public enum Kind {
        TIME, EXPENSE, PRODUCT, FEE
    }

    public InvoiceLine {
        baseQuantity = baseQuantity == null ? BigDecimal.ONE : baseQuantity;
        allowanceCharges = allowanceCharges == null ? List.of() : List.copyOf(allowanceCharges);
    }

    /** A line of time in days, without allowances, for the invoice's period. */
    public InvoiceLine(int number, String description, String consultant, BigDecimal quantity, String unitCode,
                       BigDecimal unitPrice, String vatCategory, BigDecimal vatRate, BigDecimal netAmount) {
        this(number, Kind.TIME, description, consultant, null, null, null, quantity, unitCode, unitPrice, BigDecimal.ONE,
                List.of(), vatCategory, vatRate, netAmount);
    }

    /** quantity x unit price / base quantity, rounded once to the cent: the amount before allowances and charges. */
    public BigDecimal grossAmount() {
        return InvoiceCalculator.lineAmount(quantity, unitPrice, baseQuantity);
    }

    /** A line with its net amount computed from its quantity, price and allowances/charges. */
    public InvoiceLine priced() {
        return new InvoiceLine(number, kind, description, consultant, reference, periodStart, periodEnd, quantity,
                unitCode, unitPrice, baseQuantity, allowanceCharges, vatCategory, vatRate,
                InvoiceCalculator.lineNet(this));
    }

    /** The same line renumbered. */
    public InvoiceLine withNumber(int newNumber) {
        return new InvoiceLine(newNumber, kind, description, consultant, reference, periodStart, periodEnd, quantity,
                unitCode, unitPrice, baseQuantity, allowanceCharges, vatCategory, vatRate, netAmount);
    }
}
