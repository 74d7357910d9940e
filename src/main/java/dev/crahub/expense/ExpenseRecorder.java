package dev.crahub.expense;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records one expense from the API, with its receipt when one was sent, in one transaction; the receipt's archive
 * copy is written after the commit. A caller's {@code externalId} (its own expense id) makes a retried call
 * harmless: the same id answers the expense already recorded, never a second one, and the same id with other
 * values is refused. Without it every call records a new expense.
 */
@Component
public class ExpenseRecorder {

    static final int EXTERNAL_ID_LENGTH = 150;

    private final ExpenseStore store;
    private final ReceiptArchive archive;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public ExpenseRecorder(ExpenseStore store, ReceiptArchive archive, PlatformTransactionManager transactions,
                           Clock clock) {
        this.store = store;
        this.archive = archive;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** What a call did: the expense, and whether it was recorded now (false: an earlier call with its id did). */
    public record Recorded(Expense expense, boolean created) {
    }

    /** The expense's problems, each {@code field: reason}; nothing was recorded. */
    public static final class InvalidExpenseException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final List<String> problems;
        private final boolean conflict;

        InvalidExpenseException(List<String> problems, boolean conflict) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
            this.conflict = conflict;
        }

        public List<String> problems() {
            return problems;
        }

        /** The external id is already recorded with other values (409). */
        public boolean conflict() {
            return conflict;
        }
    }

    /** Checks the expense; throws {@link InvalidExpenseException} listing every problem. */
    public NewExpense check(ExpenseInput input, String externalId) {
        List<String> problems = new ArrayList<>();
        if (externalId != null && (externalId.isBlank() || externalId.length() > EXTERNAL_ID_LENGTH
                || !externalId.chars().allMatch(c -> c > 0x20 && c < 0x7F))) {
            problems.add("externalId: 1 to " + EXTERNAL_ID_LENGTH + " printable ASCII characters without spaces");
        }
        ExpenseRules rules = new ExpenseRules(store.contracts(), store.consultants(), LocalDate.now(clock));
        NewExpense expense = rules.check(input, (field, reason) -> problems.add(field + ": " + reason));
        if (!problems.isEmpty()) {
            throw new InvalidExpenseException(problems, false);
        }
        return expense;
    }

    /**
     * Records a checked expense and its checked receipt (or none).
     *
     * @param user who called (kept as {@code created_by})
     */
    public Recorded record(NewExpense expense, String externalId, Receipts.Checked receipt, String user) {
        String key = "api:" + (externalId != null ? "id:" + externalId : UUID.randomUUID());
        return transaction.execute(status -> {
            if (externalId != null) {
                var earlier = store.byKey(key);
                if (earlier.isPresent()) {
                    return replay(earlier.get(), expense, receipt);
                }
            }
            Long receiptId = receipt == null ? null : store.insertReceipt(receipt, user);
            var id = store.insert(expense, ExpenseStore.Origin.API, key, receiptId, user);
            if (id.isEmpty()) { // the same external id recorded meanwhile by a concurrent call
                status.setRollbackOnly();
                return replay(store.byKey(key).orElseThrow(), expense, null);
            }
            if (receipt != null) {
                archive.writeAfterCommit(receipt);
            }
            return new Recorded(store.find(id.get()).orElseThrow(), true);
        });
    }

    private static Recorded replay(Expense earlier, NewExpense expense, Receipts.Checked receipt) {
        boolean same = earlier.contract().equals(expense.contract()) && earlier.consultant().equals(expense.consultant())
                && earlier.date().equals(expense.date()) && earlier.category() == expense.category()
                && earlier.description().equals(expense.description())
                && earlier.amountExclVat().compareTo(expense.amountExclVat()) == 0
                && earlier.vatRate().compareTo(expense.vatRate()) == 0
                && earlier.vatAmount().compareTo(expense.vatAmount()) == 0
                && (receipt == null || earlier.receipt() != null && earlier.receipt().sha256().equals(receipt.sha256()));
        if (!same) {
            throw new InvalidExpenseException(List.of("externalId: expense " + earlier.id()
                    + " was already recorded with this id and other values; an expense is never changed"), true);
        }
        return new Recorded(earlier, false);
    }
}
