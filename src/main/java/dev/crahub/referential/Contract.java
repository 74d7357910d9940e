package dev.crahub.referential;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A time-and-materials contract between one of our sellers and a client. */
public record Contract(
        String code,
        String seller,
        String client,
        String label,
        List<String> consultants,
        BigDecimal dailyRate,
        String currency,
        BigDecimal hoursPerDay,
        VatRegime vatRegime,
        BigDecimal vatRate,
        int paymentTermsDays,
        String poNumber,
        int validationDeadlineDays,
        LocalDate startDate,
        LocalDate endDate,
        List<TrackerMapping> trackers) {

    public Contract {
        consultants = consultants == null ? List.of() : List.copyOf(consultants);
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
    }

    /** Whether the contract runs during at least one day of [from, to]. */
    public boolean activeBetween(LocalDate from, LocalDate to) {
        return (startDate == null || !startDate.isAfter(to)) && (endDate == null || !endDate.isBefore(from));
    }
}
