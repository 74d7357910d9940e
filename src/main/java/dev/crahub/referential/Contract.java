package dev.crahub.referential;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A time-and-materials contract between one of our sellers and a client, with the terms of its CRA validation:
 * hold CRAs for review before sending ({@code craReview}), reminders in working days before the deadline, what the
 * deadline does, and who hears about rejections and escalations ({@code accountManager}, else the seller's e-mail).
 * {@code templateSet} names the template set of its invoices (else the client's, else {@code default}; ADR 17).
 */
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
        List<TrackerMapping> trackers,
        boolean craReview,
        List<Integer> reminderDays,
        DeadlineAction deadlineAction,
        Contact accountManager,
        String templateSet) {

    /** Reminders sent when the referential names none: two and one working days before the deadline. */
    public static final List<Integer> DEFAULT_REMINDER_DAYS = List.of(2, 1);

    /** What happens when the validation deadline of a CRA passes without a decision. */
    public enum DeadlineAction {
        /** the CRA is approved tacitly (recorded as such, invoiceable) */
        TACIT_APPROVAL,
        /** the account manager is told; the CRA stays open */
        ESCALATE
    }

    public Contract {
        consultants = consultants == null ? List.of() : List.copyOf(consultants);
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
        reminderDays = reminderDays == null ? DEFAULT_REMINDER_DAYS
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(reminderDays));
        deadlineAction = deadlineAction == null ? DeadlineAction.ESCALATE : deadlineAction;
    }

    /** Whether the contract runs during at least one day of [from, to]. */
    public boolean activeBetween(LocalDate from, LocalDate to) {
        return (startDate == null || !startDate.isAfter(to)) && (endDate == null || !endDate.isBefore(from));
    }
}
