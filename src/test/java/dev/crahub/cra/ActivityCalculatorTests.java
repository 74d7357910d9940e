package dev.crahub.cra;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.crahub.timesheet.TimeEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityCalculatorTests {

    private static TimeEntry entry(String consultant, int day, String hours) {
        return new TimeEntry("generic", consultant + day + hours, consultant, "c", "P", LocalDate.of(2026, 10, day),
                new BigDecimal(hours), "", true);
    }

    @Test
    void daysComeFromTheMonthsHoursRoundedOnce() {
        // 3 x 2.5 h at 7 h/day: per-day rounding would give 3 x 0.36 = 1.08; once: 7.5 / 7 = 1.07
        List<TimeEntry> entries = List.of(entry("a", 1, "2.50"), entry("a", 2, "2.50"), entry("a", 3, "2.50"));
        Map<String, String> names = new LinkedHashMap<>();
        names.put("a", "Alice");
        List<ConsultantActivity> activity = ActivityCalculator.perConsultant(entries, names, new BigDecimal("7"));
        assertThat(activity).singleElement().satisfies(a -> {
            assertThat(a.hours()).isEqualByComparingTo("7.50");
            assertThat(a.days()).isEqualByComparingTo("1.07");
            assertThat(a.name()).isEqualTo("Alice");
        });
    }

    @Test
    void consultantsWithoutTimeAreLeftOutAndOthersKeptInContractOrder() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("b", "Bob");
        names.put("a", "Alice");
        names.put("z", "Zoe");
        List<ConsultantActivity> activity = ActivityCalculator.perConsultant(
                List.of(entry("a", 1, "8"), entry("b", 1, "4"), entry("x", 2, "1")), names, new BigDecimal("8"));
        assertThat(activity).extracting(ConsultantActivity::code).containsExactly("b", "a", "x");
        assertThat(ActivityCalculator.amount(new BigDecimal("1.94"), new BigDecimal("650"))).isEqualByComparingTo("1261.00");
    }

    @Test
    void theDailyTableSumsSessionsPerDayAndConsultant() {
        var perDay = ActivityCalculator.perDay(List.of(entry("a", 2, "3.5"), entry("a", 2, "4"), entry("b", 1, "1")));
        assertThat(perDay.keySet()).containsExactly("2026-10-01", "2026-10-02");
        assertThat(perDay.get("2026-10-02").get("a")).isEqualByComparingTo("7.5");
    }
}
