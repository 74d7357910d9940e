package dev.crahub.timesheet;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A stored session of work, mapped or not.
 *
 * @param externalId  the tracker's own id, or a stable fingerprint when the source has none
 * @param consultant  the consultant it maps to, or {@code null} (unmapped: see {@code trackerUser})
 * @param contract    the contract it maps to, or {@code null} when no rule matches (kept as unmapped)
 * @param trackerUser the user as the tracker named them (id, else name, else e-mail)
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
        boolean billable,
        String trackerUser,
        OffsetDateTime start,
        OffsetDateTime end) {

    public TimeEntry(String source, String externalId, String consultant, String contract, String project, LocalDate date,
                     BigDecimal hours, String comment, boolean billable) {
        this(source, externalId, consultant, contract, project, date, hours, comment, billable, consultant, null, null);
    }
}
