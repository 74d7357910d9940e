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
 * Turns a month of time entries into billed quantities. Days are computed per consultant from the month's total
 * hours (not per day), rounded once to 2 decimals HALF_UP, so that the CRA and the invoice show the same figures.
 */
public final class ActivityCalculator {

    public static final int DAYS_SCALE = 2;

    private ActivityCalculator() {
    }

    /** Days billed for a number of hours. */
    public static BigDecimal days(BigDecimal hours, BigDecimal hoursPerDay) {
        return hours.divide(hoursPerDay, DAYS_SCALE, RoundingMode.HALF_UP);
    }

    /** Amount excluding VAT for a quantity of days, rounded to cents HALF_UP. */
    public static BigDecimal amount(BigDecimal days, BigDecimal dailyRate) {
        return days.multiply(dailyRate).setScale(2, RoundingMode.HALF_UP);
    }

    /** Per-consultant totals, in the order of the given names (the contract's consultants), then any other. */
    public static List<ConsultantActivity> perConsultant(List<TimeEntry> entries, Map<String, String> names,
                                                         BigDecimal hoursPerDay) {
        Map<String, BigDecimal> hours = new LinkedHashMap<>();
        names.keySet().forEach(code -> hours.put(code, BigDecimal.ZERO));
        for (TimeEntry e : entries) {
            hours.merge(e.consultant(), e.hours(), BigDecimal::add);
        }
        List<ConsultantActivity> result = new ArrayList<>();
        hours.forEach((code, h) -> {
            if (h.signum() > 0) {
                result.add(new ConsultantActivity(code, names.getOrDefault(code, code), h.setScale(2, RoundingMode.UNNECESSARY),
                        days(h, hoursPerDay)));
            }
        });
        return result;
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
