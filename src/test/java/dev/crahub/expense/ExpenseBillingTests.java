package dev.crahub.expense;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import dev.crahub.referential.ExpenseTerms;
import dev.crahub.referential.VatRegime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Billed amounts of expenses, each computed by hand in the comments. */
class ExpenseBillingTests {

    private static Expense expense(long id, String net, String rate, String vat) {
        return new Expense(id, "exp-c", "exp-a", LocalDate.of(2023, 1, 10), ExpenseCategory.TRAVEL, "Train",
                new BigDecimal(net), new BigDecimal(rate), new BigDecimal(vat), "EUR", "API", null, null, null, null,
                null, "test", null, null);
    }

    private static ExpenseTerms markup(String percent) {
        return new ExpenseTerms(ExpenseTerms.Rebill.MARKUP, new BigDecimal(percent), null);
    }

    @Test
    void atCostBillsTheAmountExcludingVatAtTheContractsRate() {
        ExpenseBilling billing = new ExpenseBilling(new ExpenseTerms(null, null, null), VatRegime.STANDARD,
                new BigDecimal("20.00"));
        // a train ticket of 110.00 incl. 10 % VAT: 100.00 excl. VAT, billed 100.00 at 20 % (the service's rate)
        List<ExpenseBilling.BillableExpense> lines = billing.lines(List.of(expense(1, "100.00", "10.00", "10.00")));
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.unitPrice()).isEqualByComparingTo("100.00");
            assertThat(l.netAmount()).isEqualByComparingTo("100.00");
            assertThat(l.vatCategory()).isEqualTo("S");
            assertThat(l.vatRate()).isEqualByComparingTo("20");
        });
    }

    @Test
    void aMarkupIsRoundedOnceToTheCentHalfUp() {
        ExpenseBilling ten = new ExpenseBilling(markup("10"), VatRegime.STANDARD, new BigDecimal("20"));
        // 123.45 x 1.10 = 135.795 -> 135.80 (half up)
        assertThat(ten.price(new BigDecimal("123.45"))).isEqualByComparingTo("135.80");
        // 0.05 x 1.10 = 0.055 -> 0.06
        assertThat(ten.price(new BigDecimal("0.05"))).isEqualByComparingTo("0.06");
        ExpenseBilling odd = new ExpenseBilling(markup("7.5"), VatRegime.STANDARD, new BigDecimal("20"));
        // 99.99 x 1.075 = 107.48925 -> 107.49
        assertThat(odd.price(new BigDecimal("99.99"))).isEqualByComparingTo("107.49");
        // 0.01 x 1.075 = 0.01075 -> 0.01
        assertThat(odd.price(new BigDecimal("0.01"))).isEqualByComparingTo("0.01");
        ExpenseBilling twelve = new ExpenseBilling(markup("12.5"), VatRegime.STANDARD, new BigDecimal("20"));
        // 84.20 x 1.125 = 94.725 -> 94.73 (never rounded twice: 84.20 x 0.125 = 10.525 -> 10.53 + 84.20 = 94.73 too,
        // but 33.33 x 1.125 = 37.49625 -> 37.50)
        assertThat(twelve.price(new BigDecimal("84.20"))).isEqualByComparingTo("94.73");
        assertThat(twelve.price(new BigDecimal("33.33"))).isEqualByComparingTo("37.50");
    }

    @Test
    void theReceiptsRateWhenTheContractSaysSo() {
        ExpenseBilling billing = new ExpenseBilling(new ExpenseTerms(ExpenseTerms.Rebill.MARKUP, new BigDecimal("10"),
                ExpenseTerms.VatRule.RECEIPT), VatRegime.STANDARD, new BigDecimal("20"));
        List<ExpenseBilling.BillableExpense> lines = billing.lines(List.of(
                expense(1, "100.00", "10.00", "10.00"),   // 110.00 at 10 %
                expense(2, "40.00", "0.00", "0.00"),      // mileage: 44.00 at 0 %, category Z
                expense(3, "250.00", "20.00", "50.00"))); // 275.00 at 20 %
        assertThat(lines).extracting(ExpenseBilling.BillableExpense::netAmount)
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactly(new BigDecimal("110.00"), new BigDecimal("44.00"), new BigDecimal("275.00"));
        assertThat(lines).extracting(ExpenseBilling.BillableExpense::vatCategory).containsExactly("S", "Z", "S");
        assertThat(lines).extracting(l -> l.vatRate().toPlainString()).containsExactly("10.00", "0.00", "20.00");
    }

    @Test
    void anotherRegimeCoversTheExpensesToo() {
        ExpenseBilling billing = new ExpenseBilling(new ExpenseTerms(ExpenseTerms.Rebill.AT_COST, null,
                ExpenseTerms.VatRule.RECEIPT), VatRegime.REVERSE_CHARGE, BigDecimal.ZERO);
        assertThat(billing.lines(List.of(expense(1, "80.00", "20.00", "16.00")))).singleElement().satisfies(l -> {
            assertThat(l.netAmount()).isEqualByComparingTo("80.00");
            assertThat(l.vatCategory()).isEqualTo("AE");
            assertThat(l.vatRate()).isEqualByComparingTo("0");
        });
    }

    @Test
    void aContractThatDoesNotRebillBillsNothingAndAnExpenseIsNeverBilledTwice() {
        assertThat(new ExpenseBilling(ExpenseTerms.NONE, VatRegime.STANDARD, new BigDecimal("20"))
                .lines(List.of(expense(1, "100.00", "20.00", "20.00")))).isEmpty();
        Expense billed = new Expense(1, "exp-c", "exp-a", LocalDate.of(2023, 1, 10), ExpenseCategory.TRAVEL, "Train",
                new BigDecimal("10.00"), new BigDecimal("20"), new BigDecimal("2.00"), "EUR", "API", null, null, null,
                null, null, "test", 42L, null);
        assertThatThrownBy(() -> new ExpenseBilling(markup("10"), VatRegime.STANDARD, new BigDecimal("20"))
                .lines(List.of(billed))).hasMessageContaining("already billed by invoice 42");
    }
}
