package dev.crahub.expense;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks an expense passes before it is recorded, and its amounts excluding VAT, computed by hand. */
class ExpenseRulesTests {

    private final ExpenseRules rules = new ExpenseRules(
            Map.of("exp-c", new ContractFacts("exp-c", "EUR", LocalDate.of(2023, 1, 1), LocalDate.of(2023, 3, 31),
                    Set.of("exp-a"))),
            Set.of("exp-a", "exp-b"), LocalDate.of(2023, 6, 1));

    private final List<String> problems = new ArrayList<>();

    private NewExpense check(ExpenseCategory category, String net, String gross, String rate, String vat) {
        return check("exp-a", LocalDate.of(2023, 1, 12), category, net, gross, rate, vat, null);
    }

    private NewExpense check(String consultant, LocalDate date, ExpenseCategory category, String net, String gross,
                             String rate, String vat, String currency) {
        problems.clear();
        return rules.check(new ExpenseInput(consultant, "exp-c", date, category, "Paris-Lyon return",
                        net == null ? null : new BigDecimal(net), gross == null ? null : new BigDecimal(gross),
                        rate == null ? null : new BigDecimal(rate), vat == null ? null : new BigDecimal(vat), currency,
                        "NDF-1"),
                (field, reason) -> problems.add(field + ": " + reason));
    }

    @Test
    void anAmountIncludingVatIsSplitAtTheRateRoundedToTheCent() {
        // 110.00 incl. 10 %: 110 / 1.10 = 100.00, VAT 10.00
        NewExpense train = check(ExpenseCategory.TRAVEL, null, "110.00", "10", null);
        assertThat(train.amountExclVat()).isEqualByComparingTo("100.00");
        assertThat(train.vatAmount()).isEqualByComparingTo("10.00");
        // 35.00 incl. 20 %: 35 / 1.2 = 29.1666.. -> 29.17, VAT 35.00 - 29.17 = 5.83
        NewExpense taxi = check(ExpenseCategory.TRAVEL, null, "35.00", "20", null);
        assertThat(taxi.amountExclVat()).isEqualByComparingTo("29.17");
        assertThat(taxi.vatAmount()).isEqualByComparingTo("5.83");
        // 12.40 incl. 5.5 % with the receipt's VAT 0.65: 11.75 excl. (11.75 x 5.5 % = 0.646 -> 0.65)
        NewExpense book = check(ExpenseCategory.OTHER, null, "12.40", "5.5", "0.65");
        assertThat(book.amountExclVat()).isEqualByComparingTo("11.75");
        assertThat(book.vatRate()).isEqualByComparingTo("5.5");
        assertThat(problems).isEmpty();
    }

    @Test
    void anAmountExcludingVatTakesTheVatOfTheRate() {
        // 150.00 excl. 10 %: VAT 15.00
        NewExpense hotel = check(ExpenseCategory.LODGING, "150.00", null, "10", null);
        assertThat(hotel.vatAmount()).isEqualByComparingTo("15.00");
        // three columns filled: they must add up (100 + 20 = 120)
        assertThat(check(ExpenseCategory.MEALS, "100.00", "120.00", "20", "20.00")).isNotNull();
        assertThat(check(ExpenseCategory.MEALS, "100.00", "121.00", "20", "20.00")).isNull();
        assertThat(problems).singleElement().asString().startsWith("amountInclVat: 121.00 is not 100.00 + 20.00");
    }

    @Test
    void ratesAmountsAndDecimalsAreFrench() {
        assertThat(check(ExpenseCategory.TRAVEL, "10.00", null, "19.6", null)).isNull();
        assertThat(problems).containsExactly("vatRate: 19.6 is not a French VAT rate (20, 10, 5.5, 2.1 or 0)");
        for (String rate : List.of("20", "10", "5.5", "2.1", "0", "20.00", "5.50")) {
            assertThat(check(ExpenseCategory.OTHER, "10.00", null, rate, null)).as(rate).isNotNull();
        }
        assertThat(check(ExpenseCategory.TRAVEL, "0", null, "20", null)).isNull();
        assertThat(problems).containsExactly("amountExclVat: 0 must be more than 0");
        assertThat(check(ExpenseCategory.TRAVEL, "-12.00", null, "20", null)).isNull();
        assertThat(problems).containsExactly("amountExclVat: -12.00 must be more than 0");
        assertThat(check(ExpenseCategory.TRAVEL, "12.345", null, "20", null)).isNull();
        assertThat(problems).containsExactly("amountExclVat: 12.345 has more than 2 decimals");
        assertThat(check(ExpenseCategory.TRAVEL, "12.300", null, "20", null)).isNotNull(); // 12.30
        assertThat(check(ExpenseCategory.TRAVEL, "1000000", null, "20", null)).isNull();
        assertThat(check(ExpenseCategory.MILEAGE, "45.20", null, "20", null)).isNull();
        assertThat(problems).containsExactly("vatRate: a mileage allowance carries no VAT: the rate must be 0");
        assertThat(check(ExpenseCategory.TRAVEL, "100.00", null, "20", "25.00")).isNull();
        assertThat(problems).singleElement().asString().startsWith("vatAmount: 25.00 does not match 20 % of 100.00 (20.00)");
        assertThat(check(ExpenseCategory.TRAVEL, null, null, "20", null)).isNull();
        assertThat(problems).containsExactly("amountExclVat: an amount is required, excluding VAT or including VAT");
    }

    @Test
    void theConsultantWorksOnTheContractWithinItsPeriodAndTheCurrencyIsTheContracts() {
        assertThat(check("exp-b", LocalDate.of(2023, 1, 12), ExpenseCategory.TRAVEL, "10", null, "20", null, null)).isNull();
        assertThat(problems).containsExactly("consultant: 'exp-b' does not work on contract 'exp-c'");
        assertThat(check("ghost", LocalDate.of(2023, 1, 12), ExpenseCategory.TRAVEL, "10", null, "20", null, null)).isNull();
        assertThat(problems).containsExactly("consultant: unknown consultant 'ghost'");
        assertThat(check("exp-a", LocalDate.of(2023, 4, 1), ExpenseCategory.TRAVEL, "10", null, "20", null, null)).isNull();
        assertThat(problems).containsExactly("date: 2023-04-01 is outside contract 'exp-c' (from 2023-01-01 to 2023-03-31)");
        assertThat(check("exp-a", LocalDate.of(2023, 1, 12), ExpenseCategory.TRAVEL, "10", null, "20", null, "USD")).isNull();
        assertThat(problems).singleElement().asString().startsWith("currency: 'USD' is not the contract's currency EUR");
        NewExpense eur = check("exp-a", LocalDate.of(2023, 1, 12), ExpenseCategory.TRAVEL, "10", null, "20", null, "eur");
        assertThat(eur.currency()).isEqualTo("EUR");
        ExpenseRules early = new ExpenseRules(Map.of("exp-c", new ContractFacts("exp-c", "EUR", null, null,
                Set.of("exp-a"))), Set.of("exp-a"), LocalDate.of(2023, 1, 11));
        problems.clear();
        assertThat(early.check(new ExpenseInput("exp-a", "exp-c", LocalDate.of(2023, 1, 12), ExpenseCategory.TRAVEL,
                "x", BigDecimal.TEN, null, BigDecimal.TEN, null, null, null), (f, r) -> problems.add(f + ": " + r))).isNull();
        assertThat(problems).containsExactly("date: 2023-01-12 is in the future");
    }

    @Test
    void everyProblemOfAnExpenseIsReportedAtOnce() {
        problems.clear();
        assertThat(rules.check(new ExpenseInput(" ", "nope", null, null, "bad\u0001text", new BigDecimal("-1"), null,
                new BigDecimal("7"), null, null, null), (f, r) -> problems.add(f + ": " + r))).isNull();
        assertThat(problems).containsExactlyInAnyOrder(
                "consultant: is required",
                "description: control character U+0001 is not allowed (character 4)",
                "contract: unknown contract 'nope'",
                "date: is required",
                "category: is required (TRAVEL, LODGING, MEALS, MILEAGE or OTHER)",
                "vatRate: 7 is not a French VAT rate (20, 10, 5.5, 2.1 or 0)",
                "amountExclVat: -1 must be more than 0");
    }

    @Test
    void categoriesReadInFrenchAndEnglish() {
        assertThat(ExpenseCategory.parse("Hôtel")).contains(ExpenseCategory.LODGING);
        assertThat(ExpenseCategory.parse("déplacement")).contains(ExpenseCategory.TRAVEL);
        assertThat(ExpenseCategory.parse("Indemnités kilométriques")).contains(ExpenseCategory.MILEAGE);
        assertThat(ExpenseCategory.parse("MEALS")).contains(ExpenseCategory.MEALS);
        assertThat(ExpenseCategory.parse("divers")).contains(ExpenseCategory.OTHER);
        assertThat(ExpenseCategory.parse("champagne")).isEmpty();
    }
}
