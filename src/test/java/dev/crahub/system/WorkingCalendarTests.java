package dev.crahub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

/** French public holidays (checked against the official calendars of 2024 to 2027) and working-day arithmetic. */
class WorkingCalendarTests {

    @Test
    void easterBasedHolidaysFollowTheComputus() {
        assertThat(WorkingCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(WorkingCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(WorkingCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(WorkingCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(WorkingCalendar.holidays(2026)).containsEntry(LocalDate.of(2026, 4, 6), WorkingCalendar.Holiday.EASTER_MONDAY)
                .containsEntry(LocalDate.of(2026, 5, 14), WorkingCalendar.Holiday.ASCENSION)
                .containsEntry(LocalDate.of(2026, 5, 25), WorkingCalendar.Holiday.WHIT_MONDAY)
                .hasSize(11);
        assertThat(WorkingCalendar.holidays(2025)).containsEntry(LocalDate.of(2025, 6, 9), WorkingCalendar.Holiday.WHIT_MONDAY)
                .containsEntry(LocalDate.of(2025, 5, 29), WorkingCalendar.Holiday.ASCENSION);
    }

    @Test
    void workingDaysSkipWeekendsAndHolidays() {
        // Friday 30 April 2027 + 1 working day: Saturday 1 May (Labour Day, also a weekend), Sunday, then Monday 3 May
        assertThat(WorkingCalendar.plusWorkingDays(LocalDate.of(2027, 4, 30), 1)).isEqualTo(LocalDate.of(2027, 5, 3));
        // Tuesday 10 November 2026 + 1: Wednesday 11 November is Armistice Day
        assertThat(WorkingCalendar.plusWorkingDays(LocalDate.of(2026, 11, 10), 1)).isEqualTo(LocalDate.of(2026, 11, 12));
        // Thursday 24 December 2026 + 2: Christmas Friday, weekend, Monday 28, Tuesday 29
        assertThat(WorkingCalendar.plusWorkingDays(LocalDate.of(2026, 12, 24), 2)).isEqualTo(LocalDate.of(2026, 12, 29));
        // backwards: 2 working days before Tuesday 7 April 2026 (Easter Monday the 6th) is Thursday 2 April
        assertThat(WorkingCalendar.plusWorkingDays(LocalDate.of(2026, 4, 7), -2)).isEqualTo(LocalDate.of(2026, 4, 2));
        // 0 days from a Saturday is the next working day
        assertThat(WorkingCalendar.plusWorkingDays(LocalDate.of(2026, 11, 28), 0)).isEqualTo(LocalDate.of(2026, 11, 30));
    }

    @Test
    void lastWorkingDayOfTheMonth() {
        assertThat(WorkingCalendar.lastWorkingDay(YearMonth.of(2026, 10))).isEqualTo(LocalDate.of(2026, 10, 30));
        assertThat(WorkingCalendar.lastWorkingDay(YearMonth.of(2026, 5))).isEqualTo(LocalDate.of(2026, 5, 29));
        assertThat(WorkingCalendar.lastWorkingDay(YearMonth.of(2027, 2))).isEqualTo(LocalDate.of(2027, 2, 26));
        assertThat(WorkingCalendar.workingDays(YearMonth.of(2026, 11))).isEqualTo(20);
    }
}
