package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.expense.Expense;
import dev.crahub.expense.ExpenseBilling;
import dev.crahub.expense.ExpenseStore;
import dev.crahub.referential.Consultant;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ContractTerms;
import dev.crahub.referential.ExpenseTerms;
import dev.crahub.referential.ReferentialStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The re-billed expenses of an invoice being issued (ADR 0016): the contract's expenses not billed yet and dated up to
 * the end of the invoiced month, locked until the issuing transaction ends, priced by {@link ExpenseBilling}, as
 * EXPENSE lines ("description – consultant", quantity 1, unit C62, the expense's date as the line's period, its id as
 * the line's reference) and
 * the expenses annex. {@link InvoiceStore#save} marks them invoiced in the same transaction: a rolled-back issue leaves
 * them to the next one, and an expense is never billed twice.
 */
@Component
public class InvoiceExpenses {

    private final ExpenseStore expenses;
    private final ReferentialStore referential;

    public InvoiceExpenses(ExpenseStore expenses, ReferentialStore referential) {
        this.expenses = expenses;
        this.referential = referential;
    }

    /** The lines (numbered from {@code firstLine}) and the annex; no line and a null annex when nothing is billed. */
    public record Billed(List<InvoiceLine> lines, Invoice.ExpenseAnnex annex) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Billed bill(Contract contract, ContractTerms terms, LocalDate upTo, String currency, int firstLine) {
        if (contract.expenses().rebill() == ExpenseTerms.Rebill.NONE) {
            return new Billed(List.of(), null);
        }
        List<Expense> pending = expenses.uninvoicedForUpdate(contract.code(), upTo);
        List<InvoiceLine> lines = new ArrayList<>();
        List<Invoice.ExpenseDetail> details = new ArrayList<>();
        ExpenseBilling billing = new ExpenseBilling(contract.expenses(), terms.vatRegime(), terms.vatRate());
        for (ExpenseBilling.BillableExpense b : billing.lines(pending)) {
            Expense e = b.expense();
            if (!e.currency().equals(currency)) {
                throw new IllegalStateException("expense " + e.id() + " of contract " + contract.code() + " is in "
                        + e.currency() + ", the invoice in " + currency + ": record it again in " + currency);
            }
            int number = firstLine + lines.size();
            String name = referential.consultant(e.consultant()).map(Consultant::name).orElse(e.consultant());
            lines.add(new InvoiceLine(number, InvoiceLine.Kind.EXPENSE,
                    e.description() + " – " + name, e.consultant(),
                    String.valueOf(e.id()), e.date(), e.date(), BigDecimal.ONE, "C62", b.unitPrice(), BigDecimal.ONE,
                    List.of(), b.vatCategory(), b.vatRate(), b.netAmount()));
            details.add(new Invoice.ExpenseDetail(number, e.id(), e.date(), e.consultant(), name, e.category().name(),
                    e.description(), e.amountExclVat(), e.vatRate().setScale(2), e.vatAmount(), b.netAmount(),
                    e.receiptReference(), e.receipt() == null ? null : e.receipt().sha256(),
                    e.receipt() == null ? null : e.receipt().mediaType()));
        }
        if (lines.isEmpty()) {
            return new Billed(List.of(), null);
        }
        return new Billed(lines, new Invoice.ExpenseAnnex(contract.expenses().rebill().name(),
                contract.expenses().markupPercent(), details));
    }
}
