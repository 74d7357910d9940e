package dev.crahub.expense;

import java.time.LocalDate;
import java.util.Set;

/** What recording an expense needs to know of its contract: currency, period and the consultants working on it. */
public record ContractFacts(String code, String currency, LocalDate startDate, LocalDate endDate, Set<String> consultants) {

    public ContractFacts {
        consultants = Set.copyOf(consultants);
    }

    /** Whether the date falls within the contract's period (an open end runs forever). */
    public boolean covers(LocalDate date) {
        return (startDate == null || !date.isBefore(startDate)) && (endDate == null || !date.isAfter(endDate));
    }
}
