package dev.crahub.timesheet;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One session of work as a tracker or file reported it.
 *
 * @param externalId the tracker's own id, or a stable fingerprint when the source has none
 * @param contract the contract it maps to, or {@code null} when no mapping rule matches (kept as unmapped)
 */
public record TimeEntry(
        String source,
        String externalId,
        String consultant,
        String contract,
        String project,
        LocalDate date,
        BigDecimal hours,
        String comment,
        boolean billable) {
}
