package dev.crahub.cra;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A CRA version ready to be rendered and stored, or the reason none is needed.
 *
 * @param existing the live version that stays as it is when {@link #outcome()} is not {@code CREATED}
 */
public record CraDraft(
        Long id,
        String contract,
        YearMonth month,
        int version,
        byte[] xml,
        BigDecimal totalHours,
        BigDecimal totalDays,
        LocalDate validationDeadline,
        String factsSha256,
        Long supersedes,
        CraSummary.Outcome outcome,
        CraSummary existing) {

    /** Whether a new version must be rendered and stored. */
    public boolean isNew() {
        return outcome == CraSummary.Outcome.CREATED;
    }
}
