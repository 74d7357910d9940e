package dev.crahub.invoice;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvoiceCalculatorTests {

    private static InvoiceLine line(int n, String qty, String price, String category, String rate) {
        BigDecimal q = new BigDecimal(qty);
        BigDecimal p = new BigDecimal(price);
        return new InvoiceLine(n, "line " + n, null, q, "DAY", p, category, new BigDecimal(rate),
                InvoiceCalculator.lineNet(q, p));
    }

    @Test
    void lineNetIsQuantityTimesPriceRoundedHalfUp() {
        assertThat(InvoiceCalculator.lineNet(new BigDecimal("1.94"), new BigDecimal("650.00"))).isEqualByComparingTo("1261.00");
        assertThat(InvoiceCalculator.lineNet(new BigDecimal("0.33"), new BigDecimal("333.35"))).isEqualByComparingTo("110.01");
        assertThat(InvoiceCalculator.lineNet(new BigDecimal("0.5"), new BigDecimal("0.01"))).isEqualByComparingTo("0.01");
    }

    @Test
    void vatIsComputedOncePerRateOnTheSumOfLines_BR_CO_17() {
        // three lines whose own taxes would round up separately: 3 x 0.0167 -> 0.02 each, 0.06 total;
        // EN 16931 taxes the base once: 0.25 x 20 % = 0.05
        List<InvoiceLine> lines = List.of(line(1, "1", "0.08", "S", "20"), line(2, "1", "0.08", "S", "20"),
                line(3, "1", "0.09", "S", "20"));
        InvoiceTotals totals = InvoiceCalculator.totals(lines);
        assertThat(totals.vat()).singleElement().satisfies(v -> {
            assertThat(v.taxableAmount()).isEqualByComparingTo("0.25");
            assertThat(v.taxAmount()).isEqualByComparingTo("0.05");
        });
        assertThat(totals.taxInclusive()).isEqualByComparingTo("0.30");
    }

    @Test
    void ratesAndCategoriesAreBrokenDownSeparately() {
        InvoiceTotals totals = InvoiceCalculator.totals(List.of(line(1, "2", "100", "S", "20"),
                line(2, "1", "100", "S", "10"), line(3, "3", "50", "AE", "0")));
        assertThat(totals.vat()).extracting(VatBreakdown::category, v -> v.rate().toPlainString(),
                        v -> v.taxableAmount().toPlainString(), v -> v.taxAmount().toPlainString())
                .containsExactly( // highest rate first (ADR 0019)
                        org.assertj.core.groups.Tuple.tuple("S", "20.00", "200.00", "40.00"),
                        org.assertj.core.groups.Tuple.tuple("S", "10.00", "100.00", "10.00"),
                        org.assertj.core.groups.Tuple.tuple("AE", "0.00", "150.00", "0.00"));
        assertThat(totals.taxExclusive()).isEqualByComparingTo("450.00");
        assertThat(totals.tax()).isEqualByComparingTo("50.00");
        assertThat(totals.payable()).isEqualByComparingTo("500.00");
    }

    @Test
    void aLineWhoseNetIsNotQuantityTimesPriceIsRefused() {
        InvoiceLine wrong = new InvoiceLine(1, "x", null, BigDecimal.ONE, "DAY", BigDecimal.TEN, "S",
                BigDecimal.valueOf(20), new BigDecimal("11.00"));
        assertThatThrownBy(() -> InvoiceCalculator.totals(List.of(wrong))).hasMessageContaining("line 1");
    }
}
