package dev.crahub.expense;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.referential.ExpenseTerms;
import dev.crahub.referential.VatRegime;

/**
 * Turns a contract's expenses not billed yet into invoice lines, one per expense (quantity 1), by the contract's
 * {@link ExpenseTerms}: none under NONE; at cost, the amount excluding VAT (the VAT the firm paid is recovered by the
 * firm, not billed again); with a markup, that amount times (1 + markup %), rounded to the cent once, half up. Under
 * the STANDARD regime a line takes the contract's VAT rate (a re-billed cost is part of the price of the service: the
 * accessory follows the principal) or, when the contract says so, the receipt's rate (category S, or Z at 0 %);
 * under another regime it takes the contract's category at 0 % (reverse charge, export, franchise cover the whole
 * invoice). See ADR 0016.
 */
public final class ExpenseBilling {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** An expense as an invoice line: its price excluding VAT (= the line's amount) and VAT. */
    public record BillableExpense(Expense expense, BigDecimal unitPrice, String vatCategory, BigDecimal vatRate) {

        /** Quantity 1: the line's amount is its price. */
        public BigDecimal netAmount() {
            return unitPrice;
        }
    }

    private final ExpenseTerms terms;
    private final VatRegime regime;
    private final BigDecimal contractVatRate;

    public ExpenseBilling(ExpenseTerms terms, VatRegime regime, BigDecimal contractVatRate) {
        this.terms = terms;
        this.regime = regime;
        this.contractVatRate = contractVatRate;
    }

    /** The lines of these expenses, in their order; empty when the contract does not re-bill. */
    public List<BillableExpense> lines(List<Expense> expenses) {
        List<BillableExpense> lines = new ArrayList<>();
        if (terms.rebill() == ExpenseTerms.Rebill.NONE) {
            return lines;
        }
        for (Expense e : expenses) {
            if (e.invoiceId() != null) {
                throw new IllegalArgumentException("expense " + e.id() + " was already billed by invoice " + e.invoiceId());
            }
            lines.add(line(e));
        }
        return lines;
    }

    BillableExpense line(Expense e) {
        BigDecimal price = price(e.amountExclVat());
        if (regime != VatRegime.STANDARD) {
            return new BillableExpense(e, price, regime.category(), BigDecimal.ZERO.setScale(2));
        }
        BigDecimal rate = terms.vat() == ExpenseTerms.VatRule.RECEIPT ? e.vatRate() : contractVatRate;
        return new BillableExpense(e, price, rate.signum() == 0 ? "Z" : VatRegime.STANDARD.category(), rate.setScale(2));
    }

    /** The price of an expense excluding VAT: at cost, or with the markup, rounded once to the cent (half up). */
    public BigDecimal price(BigDecimal amountExclVat) {
        return switch (terms.rebill()) {
            case NONE -> throw new IllegalStateException("the contract does not re-bill expenses");
            case AT_COST -> amountExclVat.setScale(2, RoundingMode.UNNECESSARY);
            case MARKUP -> amountExclVat.multiply(HUNDRED.add(terms.markupPercent()))
                    .divide(HUNDRED, 2, RoundingMode.HALF_UP);
        };
    }
}
