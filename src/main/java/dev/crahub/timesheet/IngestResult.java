package dev.crahub.timesheet;

/**
 * What one batch (a file, a pull, a push) did: entries received, new ones, changed ones, unchanged ones, how many
 * map to no consultant or no contract yet, and how many were marked deleted.
 */
public record IngestResult(String source, String origin, long received, long created, long updated, long unchanged,
                           long unmapped, long deleted) {
}
