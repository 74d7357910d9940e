package dev.crahub.invoice;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EN 16931 totals under each VAT regime (ADR 0019): line amounts to the cent, the VAT of each category and rate on
 * that group's base, rounded once; exempt categories at 0 % with their base. Amounts worked out by hand below.
 */
class VatRegimeTotalsTests {

    static InvoiceLine line(int n, String qty, String price, String category, String rate) {
        return new InvoiceLine(n, InvoiceLine.Kind.FEE, "line " + n, null, null, null, null, new BigDecimal(qty), "C62",
                new BigDecimal(price), BigDecimal.ONE, List.of(), category, new BigDecimal(rate), null).priced();
    }

    @Test
    void standardWithEveryFrenchRateAndAZeroRatedLine() {
        // 3 x 333.33 = 999.99 @20 -> 199.998 -> 200.00
        // 1.5 x 45.55 = 68.325 -> 68.33 @10 -> 6.833 -> 6.83
        // 7 x 12.99 = 90.93 @5.5 -> 5.00115 -> 5.00
        // 2 x 1.25 = 2.50 @2.1 -> 0.0525 -> 0.05
        // 1 x 40.00 = 40.00 Z @0 -> 0.00
        List<InvoiceLine> lines = List.of(line(1, "3", "333.33", "S", "20.00"), line(2, "1.5", "45.55", "S", "10.00"),
                line(3, "7", "12.99", "S", "5.50"), line(4, "2", "1.25", "S", "2.10"), line(5, "1", "40.00", "Z", "0.00"));
        InvoiceTotals t = InvoiceCalculator.totals(lines);
        assertThat(t.vat()).extracting(VatBreakdown::category, v -> v.rate().toPlainString(), v -> v.taxAmount().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("S", "20.00", "200.00"),
                        org.assertj.core.groups.Tuple.tuple("S", "10.00", "6.83"),
                        org.assertj.core.groups.Tuple.tuple("S", "5.50", "5.00"),
                        org.assertj.core.groups.Tuple.tuple("S", "2.10", "0.05"),
                        org.assertj.core.groups.Tuple.tuple("Z", "0.00", "0.00"));
        // net 999.99 + 68.33 + 90.93 + 2.50 + 40.00 = 1 201.75; VAT 211.88; 1 413.63
        assertThat(t.taxExclusive()).isEqualByComparingTo("1201.75");
        assertThat(t.tax()).isEqualByComparingTo("211.88");
        assertThat(t.payable()).isEqualByComparingTo("1413.63");
    }

    @Test
    void reverseCharge() {
        // 2.9375 x 700.00 = 2 056.25 AE @0: no VAT, base 2 056.25
        InvoiceTotals t = InvoiceCalculator.totals(List.of(line(1, "2.9375", "700.00", "AE", "0.00")));
        assertThat(t.vat()).singleElement().satisfies(v -> {
            assertThat(v.category()).isEqualTo("AE");
            assertThat(v.taxableAmount()).isEqualByComparingTo("2056.25");
            assertThat(v.taxAmount()).isEqualByComparingTo("0.00");
        });
        assertThat(t.payable()).isEqualByComparingTo("2056.25");
    }

    @Test
    void export() {
        // 3.75 x 800.00 = 3 000.00 G @0, plus a fee 1 x 49.99 G: 3 049.99, no VAT
        InvoiceTotals t = InvoiceCalculator.totals(List.of(line(1, "3.75", "800.00", "G", "0.00"),
                line(2, "1", "49.99", "G", "0.00")));
        assertThat(t.vat()).singleElement().satisfies(v -> assertThat(v.taxableAmount()).isEqualByComparingTo("3049.99"));
        assertThat(t.tax()).isEqualByComparingTo("0.00");
        assertThat(t.payable()).isEqualByComparingTo("3049.99");
    }

    @Test
    void franchiseEnBase() {
        // 1.25 x 400.00 = 500.00 E @0, with a discount of 10 % on the line: 450.00, no VAT
        InvoiceLine discounted = new InvoiceLine(1, InvoiceLine.Kind.TIME, "time", "jd", null, null, null,
                new BigDecimal("1.25"), "DAY", new BigDecimal("400.00"), BigDecimal.ONE,
                List.of(AllowanceCharge.discount(new BigDecimal("10"), new BigDecimal("500.00"), "Remise")), "E",
                new BigDecimal("0.00"), null).priced();
        InvoiceTotals t = InvoiceCalculator.totals(List.of(discounted));
        assertThat(discounted.netAmount()).isEqualByComparingTo("450.00");
        assertThat(t.vat()).singleElement().satisfies(v -> assertThat(v.category()).isEqualTo("E"));
        assertThat(t.payable()).isEqualByComparingTo("450.00");
    }
}
