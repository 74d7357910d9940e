package dev.crahub.invoice;

import java.math.BigDecimal;
import java.util.List;

/**
 * Document totals (EN 16931 BG-22) and the VAT breakdown they come from.
 *
 * @param lineTotal      sum of line net amounts (BT-106)
 * @param allowanceTotal sum of document-level allowances (BT-107)
 * @param chargeTotal    sum of document-level charges (BT-108)
 * @param taxExclusive   BT-106 - BT-107 + BT-108 (BT-109)
 * @param tax            sum of the VAT per category and rate (BT-110)
 * @param taxInclusive   BT-109 + BT-110 (BT-112)
 * @param payable        amount due (BT-115)
 */
public record InvoiceTotals(BigDecimal lineTotal, BigDecimal allowanceTotal, BigDecimal chargeTotal,
                            BigDecimal taxExclusive, BigDecimal tax, BigDecimal taxInclusive, BigDecimal payable,
                            List<VatBreakdown> vat) {

    public InvoiceTotals(BigDecimal lineTotal, BigDecimal taxExclusive, BigDecimal tax, BigDecimal taxInclusive,
                         BigDecimal payable, List<VatBreakdown> vat) {
        this(lineTotal, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), taxExclusive, tax, taxInclusive,
                payable, vat);
    }
}
