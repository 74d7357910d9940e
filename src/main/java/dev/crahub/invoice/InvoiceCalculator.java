package dev.crahub.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Invoice arithmetic, as EN 16931 defines it: line net = quantity x unit price rounded to cents (HALF_UP); VAT per
 * category and rate = sum of line nets x rate, rounded once to cents (HALF_UP), never summed from rounded line taxes;
 * total incl. VAT = total excl. VAT + VAT.
 */
public final class InvoiceCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private InvoiceCalculator() {
    }

    public static BigDecimal lineNet(BigDecimal quantity, BigDecimal unitPrice) {
        return quantity.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
    }

    public static InvoiceTotals totals(List<InvoiceLine> lines) {
        Map<String, BigDecimal[]> groups = new TreeMap<>();
        BigDecimal lineTotal = BigDecimal.ZERO.setScale(2);
        for (InvoiceLine line : lines) {
            if (line.netAmount().compareTo(lineNet(line.quantity(), line.unitPrice())) != 0) {
                throw new IllegalArgumentException("line " + line.number() + ": net amount " + line.netAmount()
                        + " is not quantity x unit price");
            }
            lineTotal = lineTotal.add(line.netAmount());
            String key = line.vatCategory() + "|" + line.vatRate().setScale(2).toPlainString();
            groups.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO.setScale(2)})[0] =
                    groups.get(key)[0].add(line.netAmount());
        }
        List<VatBreakdown> vat = new ArrayList<>();
        BigDecimal tax = BigDecimal.ZERO.setScale(2);
        for (Map.Entry<String, BigDecimal[]> group : groups.entrySet()) {
            String[] parts = group.getKey().split("\\|");
            BigDecimal rate = new BigDecimal(parts[1]);
            BigDecimal base = group.getValue()[0];
            BigDecimal amount = base.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP);
            vat.add(new VatBreakdown(parts[0], rate, base, amount));
            tax = tax.add(amount);
        }
        BigDecimal gross = lineTotal.add(tax);
        return new InvoiceTotals(lineTotal, lineTotal, tax, gross, gross, List.copyOf(vat));
    }
}
