package dev.crahub.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A discount on the whole invoice as EN 16931 needs it: a document-level allowance (BG-20) names one VAT category
 * and rate, so a discount on an invoice with several rates is split into one allowance per rate (ADR 0019):
 * <ul>
 *   <li>a percentage applies to each rate's base (its lines' net total): each part is that base x percent, rounded
 *       once to the cent, so every part states its base and percent truthfully;</li>
 *   <li>a fixed amount is shared pro rata to the bases: each part rounded once (HALF_UP), the last rate (the lowest,
 *       in the breakdown's order) taking the remainder, so the parts add up to the amount exactly.</li>
 * </ul>
 * The VAT of each rate is then computed on its base net of its part, as the calculator does.
 */
public final class DocumentDiscounts {

    private DocumentDiscounts() {
    }

    /**
     * @param percent a percentage (exclusive with {@code amount})
     * @param amount  a fixed amount in the invoice's currency
     * @throws IllegalArgumentException when the discount is more than the lines' total
     */
    public static List<AllowanceCharge> split(String reason, BigDecimal percent, BigDecimal amount, List<InvoiceLine> lines) {
        // groups in the breakdown's order (highest rate first): the last, lowest rate takes an amount's remainder
        java.util.Comparator<String> order = java.util.Comparator
                .comparing((String k) -> new BigDecimal(k.substring(k.indexOf('|') + 1)), java.util.Comparator.reverseOrder())
                .thenComparing(k -> k.substring(0, k.indexOf('|')));
        Map<String, BigDecimal> bases = new TreeMap<>(order);
        Map<String, InvoiceLine> sample = new TreeMap<>(order);
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (InvoiceLine l : lines) {
            String key = l.vatCategory() + "|" + l.vatRate().setScale(2, RoundingMode.UNNECESSARY).toPlainString();
            bases.merge(key, l.netAmount(), BigDecimal::add);
            sample.putIfAbsent(key, l);
            total = total.add(l.netAmount());
        }
        if (total.signum() <= 0) {
            throw new IllegalArgumentException("discount '" + reason + "': the invoice's lines total " + total
                    + ", nothing to discount");
        }
        List<AllowanceCharge> parts = new ArrayList<>();
        if (percent != null) {
            for (Map.Entry<String, BigDecimal> e : bases.entrySet()) {
                InvoiceLine l = sample.get(e.getKey());
                if (e.getValue().signum() > 0) {
                    parts.add(AllowanceCharge.discount(percent, e.getValue(), reason).withVat(l.vatCategory(), l.vatRate()));
                }
            }
            return parts;
        }
        BigDecimal wanted = amount.setScale(2, RoundingMode.UNNECESSARY);
        if (wanted.compareTo(total) > 0) {
            throw new IllegalArgumentException("discount '" + reason + "' of " + wanted + " is more than the invoice's lines ("
                    + total + ")");
        }
        BigDecimal given = BigDecimal.ZERO.setScale(2);
        List<Map.Entry<String, BigDecimal>> groups = bases.entrySet().stream().filter(e -> e.getValue().signum() > 0).toList();
        for (int i = 0; i < groups.size(); i++) {
            Map.Entry<String, BigDecimal> e = groups.get(i);
            InvoiceLine l = sample.get(e.getKey());
            BigDecimal part = i == groups.size() - 1 ? wanted.subtract(given)
                    : wanted.multiply(e.getValue()).divide(total, 2, RoundingMode.HALF_UP);
            given = given.add(part);
            if (part.signum() > 0) {
                parts.add(AllowanceCharge.discount(part, reason).withVat(l.vatCategory(), l.vatRate()));
            }
        }
        return parts;
    }
}
