package dev.crahub.expense;

/**
 * What an expenses file did: expenses read, newly recorded, and already recorded by an earlier drop of the same lines
 * (left as they are).
 */
public record ExpenseImportResult(String file, int read, int recorded, int alreadyRecorded) {
}
