package dev.crahub.cra;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.crahub.timesheet.TimeEntry;

/**
 * Aggregates a month of time for the CRA's tables: per consultant (hours as tracked, days as billed by
 * {@link TimeBilling}) and per day. Quantities and amounts themselves come from {@link TimeBilling}, so that the
 * CRA and the invoice show the same figures.
 */
public final class ActivityCalculator {

    private ActivityCalculator() {
    }

    /** Per-consultant totals of the billed time lines, in the order the lines come (the contract's consultants). */
    public static List<ConsultantActivity> perConsultant(List<BilledTime> lines) {
        Map<String, ConsultantActivity> result = new LinkedHashMap<>();
        for (BilledTime line : lines) {
            result.merge(line.consultant(), new ConsultantActivity(line.consultant(), line.name(), line.hours(), line.days()),
                    (a, b) -> new ConsultantActivity(a.code(), a.name(), a.hours().add(b.hours()), a.days().add(b.days())));
        }
        List<ConsultantActivity> list = new ArrayList<>();
        for (ConsultantActivity a : result.values()) {
            list.add(new ConsultantActivity(a.code(), a.name(), a.hours().setScale(Math.max(2, a.hours().scale()), RoundingMode.UNNECESSARY),
                    TimeBilling.normalize(a.days())));
        }
        return list;
    }

    /** Hours per consultant and date, sorted by date then consultant (the CRA's daily table). */
    public static Map<String, Map<String, BigDecimal>> perDay(List<TimeEntry> entries) {
        Map<String, Map<String, BigDecimal>> days = new TreeMap<>();
        for (TimeEntry e : entries) {
            days.computeIfAbsent(e.date().toString(), d -> new TreeMap<>()).merge(e.consultant(), e.hours(), BigDecimal::add);
        }
        return days;
    }
}
