package dev.crahub.invoice;

import java.math.BigDecimal;
import java.util.List;

/** Document totals (EN 16931 BG-22) and the VAT breakdown they come from. */
public record InvoiceTotals(BigDecimal lineTotal, BigDecimal taxExclusive, BigDecimal tax, BigDecimal taxInclusive,
                            BigDecimal payable, List<VatBreakdown> vat) {
}
