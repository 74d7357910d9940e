package dev.crahub.cra;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What the month endpoints and the CRA listing answer for one CRA. */
public record CraSummary(
        Long id,
        String contract,
        String client,
        String month,
        Integer version,
        CraStatus status,
        BigDecimal totalHours,
        BigDecimal totalDays,
        LocalDate validationDeadline,
        Outcome outcome,
        String error) {

    /** What a build did for a contract. */
    public enum Outcome {
        /** a new version was built */
        CREATED,
        /** the live version already holds the same facts */
        UNCHANGED,
        /** the live version is approved: it stays as approved */
        LOCKED,
        /** the build failed; see error (and the dead letters) */
        FAILED
    }

    public CraSummary withOutcome(Outcome outcome) {
        return new CraSummary(id, contract, client, month, version, status, totalHours, totalDays, validationDeadline,
                outcome, error);
    }

    public static CraSummary failed(String contract, String month, String error) {
        return new CraSummary(null, contract, null, month, null, null, null, null, null, Outcome.FAILED, error);
    }
}
