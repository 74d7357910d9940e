package dev.crahub.invoice;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A discount on a whole invoice with several VAT rates, split per rate (ADR 0019), and the totals that follow. */
class DocumentDiscountsTests {

    static InvoiceLine line(int n, String amount, String category, String rate) {
        return new InvoiceLine(n, InvoiceLine.Kind.FEE, "line " + n, null, null, null, null, BigDecimal.ONE, "C62",
                new BigDecimal(amount), BigDecimal.ONE, List.of(), category, new BigDecimal(rate), null).priced();
    }

    static final List<InvoiceLine> LINES = List.of(line(1, "1000.00", "S", "20.00"), line(2, "333.33", "S", "10.00"),
            line(3, "100.01", "S", "5.50"));

    @Test
    void aPercentageAppliesToEachRatesBaseEachPartRoundedOnce() {
        // 1000.00 x 3 % = 30.00; 333.33 x 3 % = 9.9999 -> 10.00; 100.01 x 3 % = 3.0003 -> 3.00
        List<AllowanceCharge> parts = DocumentDiscounts.split("Remise", new BigDecimal("3"), null, LINES);
        assertThat(parts).extracting(AllowanceCharge::amount).containsExactly(new BigDecimal("30.00"),
                new BigDecimal("10.00"), new BigDecimal("3.00"));
        assertThat(parts).extracting(AllowanceCharge::baseAmount).containsExactly(new BigDecimal("1000.00"),
                new BigDecimal("333.33"), new BigDecimal("100.01"));
        assertThat(parts).extracting(AllowanceCharge::vatRate).containsExactly(new BigDecimal("20.00"),
                new BigDecimal("10.00"), new BigDecimal("5.50"));
        // bases 970.00 -> 194.00; 323.33 -> 32.333 -> 32.33; 97.01 -> 5.33555 -> 5.34; VAT 231.67
        InvoiceTotals t = InvoiceCalculator.totals(LINES, parts);
        assertThat(t.lineTotal()).isEqualByComparingTo("1433.34");
        assertThat(t.allowanceTotal()).isEqualByComparingTo("43.00");
        assertThat(t.taxExclusive()).isEqualByComparingTo("1390.34");
        assertThat(t.tax()).isEqualByComparingTo("231.67");
        assertThat(t.taxInclusive()).isEqualByComparingTo("1622.01");
    }

    @Test
    void anAmountIsSharedProRataTheLowestRateTakingTheRemainder() {
        // 100.00 over 1433.34: 100 x 1000.00 / 1433.34 = 69.767 -> 69.77; 100 x 333.33 / 1433.34 = 23.255 -> 23.26;
        // the last (5.5 %) takes 100.00 - 69.77 - 23.26 = 6.97 (pro rata would be 6.977 -> 6.98: the remainder wins)
        List<AllowanceCharge> parts = DocumentDiscounts.split("Geste commercial", null, new BigDecimal("100.00"), LINES);
        assertThat(parts).extracting(AllowanceCharge::amount).containsExactly(new BigDecimal("69.77"),
                new BigDecimal("23.26"), new BigDecimal("6.97"));
        assertThat(parts.stream().map(AllowanceCharge::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("100.00");
        assertThat(parts).allSatisfy(p -> assertThat(p.percent()).isNull());
        InvoiceTotals t = InvoiceCalculator.totals(LINES, parts);
        // bases 930.23 -> 186.046 -> 186.05; 310.07 -> 31.007 -> 31.01; 93.04 -> 5.1172 -> 5.12; VAT 222.18
        assertThat(t.taxExclusive()).isEqualByComparingTo("1333.34");
        assertThat(t.tax()).isEqualByComparingTo("222.18");
    }

    @Test
    void oneRateGivesOneAllowanceAndTooBigADiscountIsRefused() {
        List<InvoiceLine> one = List.of(line(1, "500.00", "S", "20.00"));
        assertThat(DocumentDiscounts.split("Remise", null, new BigDecimal("50"), one)).singleElement()
                .satisfies(p -> assertThat(p.amount()).isEqualByComparingTo("50.00"));
        assertThatThrownBy(() -> DocumentDiscounts.split("Remise", null, new BigDecimal("500.01"), one))
                .hasMessageContaining("more than the invoice's lines");
    }
}
