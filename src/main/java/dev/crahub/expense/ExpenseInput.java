package dev.crahub.expense;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An expense as a consultant states it, from a file line or an API call, before it is checked: the amount either
 * excluding VAT or including it (what the receipt shows at the bottom), the receipt's VAT rate, and optionally the
 * VAT amount the receipt prints. {@link ExpenseRules} turns it into a {@link NewExpense} or says what is wrong.
 */
public record ExpenseInput(String consultant, String contract, LocalDate date, ExpenseCategory category,
                           String description, BigDecimal amountExclVat, BigDecimal amountInclVat, BigDecimal vatRate,
                           BigDecimal vatAmount, String currency, String receiptReference) {
}
