package dev.crahub.expense;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.crahub.system.InboxFileNames;
import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.TimesheetProblem;
import dev.crahub.timesheet.file.CsvTable;
import dev.crahub.timesheet.file.Fingerprints;
import dev.crahub.timesheet.file.LimitExceededException;
import dev.crahub.timesheet.file.MalformedTableException;
import dev.crahub.timesheet.file.ProblemLog;
import dev.crahub.timesheet.file.RowSource;
import dev.crahub.timesheet.file.TextInput;
import dev.crahub.timesheet.file.XlsxTable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The expenses inbox's entry point ({@code data/inbox/expenses/}, route {@code expense-ingest-file}): a CSV or XLSX
 * file recorded whole or not at all, in one transaction. Each line is checked ({@link ExpenseRules}); one bad line
 * rejects the file with a report naming every problem by line and column. Each line's idempotency key is a
 * fingerprint of what it states (contract, consultant, date, category, amounts, currency, description, receipt
 * reference) and its occurrence among identical lines of the file: dropping the same file again, under any name, or
 * an export overlapping an earlier one, records nothing twice.
 */
@Component
public class ExpenseImporter {

    private final ExpenseStore store;
    private final TransactionTemplate transaction;
    private final TimesheetLimits limits;
    private final Clock clock;

    public ExpenseImporter(ExpenseStore store, PlatformTransactionManager transactions, TimesheetLimits limits,
                           Clock clock) {
        this.store = store;
        this.transaction = new TransactionTemplate(transactions);
        this.limits = limits;
        this.clock = clock;
    }

    /** A file of the inbox, read from disk. */
    public ExpenseImportResult importInboxFile(String absolutePath, String relativePath) {
        String shown = InboxFileNames.shown(relativePath.replace('\\', '/'));
        return importFile(TextInput.of(Path.of(absolutePath), shown));
    }

    public ExpenseImportResult importFile(TextInput input) {
        return transaction.execute(status -> {
            ProblemLog problems = new ProblemLog();
            ExpenseRules rules = new ExpenseRules(store.contracts(), store.consultants(), LocalDate.now(clock));
            Fingerprints fingerprints = new Fingerprints();
            int read = 0;
            int recorded = 0;
            try (ExpenseFileReader reader = new ExpenseFileReader(open(input), problems)) {
                ExpenseFileReader.Row row;
                while ((row = reader.next()) != null) {
                    if (++read > limits.entriesPerFile()) {
                        problems.add(row.line(), null, String.format(Locale.ROOT, "the file holds more than %,d "
                                + "expenses, the limit %sentries-per-file; reading stopped here",
                                limits.entriesPerFile(), TimesheetLimits.PREFIX));
                        break;
                    }
                    if (row.input() == null) {
                        continue;
                    }
                    long line = row.line();
                    NewExpense expense = rules.check(row.input(),
                            (field, reason) -> problems.add(line, reader.column(field), reason));
                    if (expense != null && problems.isEmpty()) {
                        String key = fingerprints.next(content(expense));
                        if (store.insert(expense, ExpenseStore.Origin.file(input.name(), line), "file:" + key, null,
                                "inbox").isPresent()) {
                            recorded++;
                        }
                    }
                }
            } catch (LimitExceededException e) {
                problems.add(new TimesheetProblem(e.line(), e.column(), e.getMessage()));
            } catch (MalformedTableException e) {
                problems.add(new TimesheetProblem(e.line(), e.columnNumber(), e.column(), e.getMessage()));
            } catch (IOException e) {
                problems.add(0, null, "the file cannot be read: " + e.getMessage());
            }
            if (read == 0 && problems.isEmpty()) {
                problems.add(0, null, "the file holds no expense");
            }
            if (!problems.isEmpty()) {
                status.setRollbackOnly();
                throw new InvalidExpenseFileException(input.name(), problems.problems(), problems.omitted());
            }
            return new ExpenseImportResult(input.name(), read, recorded, read - recorded);
        });
    }

    private RowSource open(TextInput input) throws IOException {
        return input.name().toLowerCase(Locale.ROOT).endsWith(".xlsx") ? XlsxTable.open(input, limits)
                : CsvTable.open(input, limits);
    }

    /** What a line states, as its fingerprint reads it. */
    static String content(NewExpense e) {
        return String.join("\u001f", "expense", e.contract(), e.consultant(), e.date().toString(), e.category().name(),
                e.amountExclVat().toPlainString(), e.vatRate().toPlainString(), e.vatAmount().toPlainString(),
                e.currency(), e.description(), String.valueOf(e.receiptReference()));
    }
}
