package dev.crahub.invoice;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Invoice arithmetic, as EN 16931 defines it, every amount rounded once to the cent (HALF_UP):
 * <ul>
 *   <li>line gross = quantity x unit price / base quantity; line net (BT-131) = gross - line allowances + line
 *       charges, each of those already in cents;</li>
 *   <li>BT-106 = sum of line nets; BT-109 = BT-106 - document allowances + document charges;</li>
 *   <li>VAT per category and rate (BG-23) = that group's base (its line nets, minus its document allowances, plus
 *       its document charges) x rate, rounded once: never summed from rounded line taxes;</li>
 *   <li>BT-112 = BT-109 + BT-110; BT-115 = BT-112.</li>
 * </ul>
 */
public final class InvoiceCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private InvoiceCalculator() {
    }

    /** quantity x price, rounded once to the cent. */
    public static BigDecimal lineNet(BigDecimal quantity, BigDecimal unitPrice) {
        return lineAmount(quantity, unitPrice, BigDecimal.ONE);
    }

    /** quantity x price / base quantity, rounded once to the cent. */
    public static BigDecimal lineAmount(BigDecimal quantity, BigDecimal unitPrice, BigDecimal baseQuantity) {
        return quantity.multiply(unitPrice).divide(baseQuantity, MathContext.DECIMAL128).setScale(2, RoundingMode.HALF_UP);
    }

    /** A line's net: its gross amount with its allowances and charges. */
    public static BigDecimal lineNet(InvoiceLine line) {
        BigDecimal net = line.grossAmount();
        for (AllowanceCharge ac : line.allowanceCharges()) {
            net = net.add(ac.signedAmount());
        }
        return net;
    }

    public static InvoiceTotals totals(List<InvoiceLine> lines) {
        return totals(lines, List.of());
    }

    /**
     * Totals of lines and document-level allowances and charges (which name their VAT category and rate).
     *
     * @throws IllegalArgumentException when a line's net is not its quantity x price with its allowances, or a
     *                                  document allowance names no VAT category
     */
    public static InvoiceTotals totals(List<InvoiceLine> lines, List<AllowanceCharge> document) {
        Map<String, BigDecimal> bases = new TreeMap<>();
        BigDecimal lineTotal = ZERO;
        for (InvoiceLine line : lines) {
            if (line.netAmount().compareTo(lineNet(line)) != 0) {
                throw new IllegalArgumentException("line " + line.number() + ": net amount " + line.netAmount()
                        + " is not quantity x unit price with its allowances and charges (" + lineNet(line) + ")");
            }
            lineTotal = lineTotal.add(line.netAmount());
            bases.merge(key(line.vatCategory(), line.vatRate()), line.netAmount(), BigDecimal::add);
        }
        BigDecimal allowances = ZERO;
        BigDecimal charges = ZERO;
        for (AllowanceCharge ac : document) {
            if (ac.vatCategory() == null || ac.vatRate() == null) {
                throw new IllegalArgumentException("document " + (ac.charge() ? "charge" : "allowance") + " '" + ac.reason()
                        + "' names no VAT category and rate");
            }
            if (ac.charge()) {
                charges = charges.add(ac.amount());
            } else {
                allowances = allowances.add(ac.amount());
            }
            bases.merge(key(ac.vatCategory(), ac.vatRate()), ac.signedAmount(), BigDecimal::add);
        }
        List<VatBreakdown> vat = new ArrayList<>();
        BigDecimal tax = ZERO;
        for (Map.Entry<String, BigDecimal> group : bases.entrySet()) {
            String[] parts = group.getKey().split("\\|");
            BigDecimal rate = new BigDecimal(parts[1]);
            BigDecimal base = group.getValue().setScale(2, RoundingMode.UNNECESSARY);
            BigDecimal amount = base.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP);
            vat.add(new VatBreakdown(parts[0], rate, base, amount));
            tax = tax.add(amount);
        }
        BigDecimal net = lineTotal.subtract(allowances).add(charges);
        BigDecimal gross = net.add(tax);
        return new InvoiceTotals(lineTotal, allowances, charges, net, tax, gross, gross, List.copyOf(vat));
    }

    private static String key(String category, BigDecimal rate) {
        return category + "|" + rate.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }
}
