package dev.crahub.expense;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A checked expense, ready to be recorded: amount excluding VAT, the receipt's VAT rate and amount, currency. */
public record NewExpense(String contract, String consultant, LocalDate date, ExpenseCategory category,
                         String description, BigDecimal amountExclVat, BigDecimal vatRate, BigDecimal vatAmount,
                         String currency, String receiptReference) {
}
