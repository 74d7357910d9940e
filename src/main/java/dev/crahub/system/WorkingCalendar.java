package dev.crahub.system;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Working days in France (metropolitan): Monday to Friday, except the eleven public holidays, Easter-based ones
 * included (Easter Monday, Ascension Thursday, Whit Monday). Deadlines, reminders and the scheduled CRA build count
 * in these days, so that a deadline never falls on a weekend or a holiday.
 */
public final class WorkingCalendar {

    /** The public holidays, by key (the label dictionaries name them {@code holiday.<key>}). */
    public enum Holiday {
        NEW_YEAR, EASTER_MONDAY, LABOUR_DAY, VICTORY_1945, ASCENSION, WHIT_MONDAY, BASTILLE_DAY, ASSUMPTION,
        ALL_SAINTS, ARMISTICE_1918, CHRISTMAS
    }

    private static final Map<Integer, Map<LocalDate, Holiday>> BY_YEAR = new ConcurrentHashMap<>();

    private WorkingCalendar() {
    }

    /** The holidays of a year, by date. */
    public static Map<LocalDate, Holiday> holidays(int year) {
        return BY_YEAR.computeIfAbsent(year, WorkingCalendar::compute);
    }

    public static Optional<Holiday> holiday(LocalDate date) {
        return Optional.ofNullable(holidays(date.getYear()).get(date));
    }

    public static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    public static boolean isWorkingDay(LocalDate date) {
        return !isWeekend(date) && !holidays(date.getYear()).containsKey(date);
    }

    /**
     * The working day {@code days} working days after {@code from} (before it when negative); 0 gives {@code from}
     * itself when it is a working day, else the next working day.
     */
    public static LocalDate plusWorkingDays(LocalDate from, int days) {
        LocalDate date = from;
        if (days == 0) {
            while (!isWorkingDay(date)) {
                date = date.plusDays(1);
            }
            return date;
        }
        int step = days > 0 ? 1 : -1;
        int left = Math.abs(days);
        while (left > 0) {
            date = date.plusDays(step);
            if (isWorkingDay(date)) {
                left--;
            }
        }
        return date;
    }

    /** The last working day of a month (the default day of the scheduled CRA build). */
    public static LocalDate lastWorkingDay(YearMonth month) {
        LocalDate date = month.atEndOfMonth();
        while (!isWorkingDay(date)) {
            date = date.minusDays(1);
        }
        return date;
    }

    /** Working days of a month. */
    public static int workingDays(YearMonth month) {
        int n = 0;
        for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                n++;
            }
        }
        return n;
    }

    /** Easter Sunday (Gregorian computus, Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }

    private static Map<LocalDate, Holiday> compute(int year) {
        Map<LocalDate, Holiday> days = new TreeMap<>();
        fixed(days, year, MonthDay.of(Month.JANUARY, 1), Holiday.NEW_YEAR);
        fixed(days, year, MonthDay.of(Month.MAY, 1), Holiday.LABOUR_DAY);
        fixed(days, year, MonthDay.of(Month.MAY, 8), Holiday.VICTORY_1945);
        fixed(days, year, MonthDay.of(Month.JULY, 14), Holiday.BASTILLE_DAY);
        fixed(days, year, MonthDay.of(Month.AUGUST, 15), Holiday.ASSUMPTION);
        fixed(days, year, MonthDay.of(Month.NOVEMBER, 1), Holiday.ALL_SAINTS);
        fixed(days, year, MonthDay.of(Month.NOVEMBER, 11), Holiday.ARMISTICE_1918);
        fixed(days, year, MonthDay.of(Month.DECEMBER, 25), Holiday.CHRISTMAS);
        LocalDate easter = easterSunday(year);
        days.put(easter.plusDays(1), Holiday.EASTER_MONDAY);
        days.put(easter.plusDays(39), Holiday.ASCENSION);
        days.put(easter.plusDays(50), Holiday.WHIT_MONDAY);
        return Map.copyOf(days);
    }

    private static void fixed(Map<LocalDate, Holiday> days, int year, MonthDay day, Holiday holiday) {
        days.put(day.atYear(year), holiday);
    }
}
