package dev.crahub.timesheet.file;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of exports as people's locales write them: decimals ({@code 7.5}, {@code 7,5},
 * {@code 1 234,5} with a no-break space), durations ({@code 7:30}, {@code 01:30:00}, {@code PT1H30M}, decimals,
 * Excel day fractions), dates (ISO, {@code dd/MM/yyyy}, {@code MM/dd/yyyy} for US English, {@code dd.MM.yyyy},
 * {@code yyyy/MM/dd}), times ({@code 09:00}, {@code 02:00 PM}) and booleans in several languages. Each method
 * throws {@link IllegalArgumentException} with a reason a person reads.
 */
public final class Values {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+([.,]\\d+)?");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,3}):([0-5]\\d)(?::([0-5]\\d))?");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u202F\\u2009']");
    private static final DateTimeFormatter DMY = strict("d/M/uuuu");
    private static final DateTimeFormatter MDY = strict("M/d/uuuu");
    private static final DateTimeFormatter YMD = strict("uuuu/M/d");
    private static final DateTimeFormatter DOTTED = strict("d.M.uuuu");
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("H:mm[:ss]").toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIME_12H = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("h:mm[:ss] a").toFormatter(Locale.US);
    private static final Set<String> TRUE = Set.of("yes", "y", "true", "1", "x", "oui", "o", "vrai", "ja", "si", "sí",
            "sim", "はい", "是", "billable", "facturable");
    private static final Set<String> FALSE = Set.of("no", "n", "false", "0", "non", "faux", "nein", "いいえ", "否",
            "não", "nao", "non-billable", "non facturable");

    private Values() {
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    /** A decimal number: {@code 7.5}, {@code 7,5}, {@code 1 234,5}, {@code 1,234.5}, {@code 1.234,5}. */
    public static BigDecimal decimal(String text) {
        String t = SPACES.matcher(text).replaceAll("");
        int comma = t.lastIndexOf(',');
        int dot = t.lastIndexOf('.');
        if (comma >= 0 && dot >= 0) {
            t = comma > dot ? t.replace(".", "").replace(',', '.') : t.replace(",", "");
        } else if (comma >= 0 && t.indexOf(',') != comma) {
            t = t.replace(",", ""); // 1,234,567
        } else if (dot >= 0 && t.indexOf('.') != dot) {
            t = t.replace(".", "");
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        return new BigDecimal(t.replace(',', '.'));
    }

    /**
     * Hours, scale 2 HALF_UP: {@code 7.5}, {@code 7,5}, {@code 7:30}, {@code 01:30:00}, {@code PT1H30M}. Never a
     * guess: one separator, {@code .} or {@code ,}, is the decimal one (read as a thousands separator, {@code 2,333}
     * would be 2333 h, past any day's 24); a number with a thousands separator or several separators
     * ({@code 1.234,5}, {@code 1 234}, {@code 1,234.5}) is refused with an {@link Ambiguous} reason, never read
     * one way or the other.
     */
    public static BigDecimal hours(String text) {
        String t = text.strip();
        if (t.indexOf(':') >= 0) {
            Matcher clock = CLOCK.matcher(t);
            if (clock.matches()) {
                long seconds = Long.parseLong(clock.group(1)) * 3600 + Long.parseLong(clock.group(2)) * 60
                        + (clock.group(3) == null ? 0 : Long.parseLong(clock.group(3)));
                return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
            }
        }
        if (t.startsWith("PT") || t.startsWith("P") && t.contains("T")) {
            try {
                return BigDecimal.valueOf(Duration.parse(t).getSeconds()).divide(BigDecimal.valueOf(3600), 2,
                        RoundingMode.HALF_UP);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration");
            }
        }
        BigDecimal number = plainNumber(t, text);
        if (number == null) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected 7.5, 7,5, 7:30, 01:30:00 or PT7H30M)");
        }
        return number.setScale(2, RoundingMode.HALF_UP);
    }

    /** A number of hours refused because it can be read two ways, or holds a thousands separator hours never need. */
    public static final class Ambiguous extends IllegalArgumentException {
        Ambiguous(String reason) {
            super(reason);
        }
    }

    /**
     * {@code [+-]digits[(.|,)digits]}, or {@code null} when the text is no such number; throws {@link Ambiguous} for
     * a grouped number ({@code 1.234,5}, {@code 1 234}, {@code 1,234,567}).
     */
    private static BigDecimal plainNumber(String t, String text) {
        int n = t.length();
        int i = n > 0 && (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
        int digitsStart = i;
        int separator = -1;
        int separators = 0;
        boolean grouping = false;
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                continue;
            }
            if (c == '.' || c == ',') {
                separators++;
                separator = i;
            } else if (c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009' || c == '\'') {
                grouping = true;
            } else {
                return null;
            }
        }
        int digits = n - digitsStart - separators;
        if (digits == 0) {
            return null;
        }
        if (grouping || separators > 1) {
            if (!SPACES.matcher(t).replaceAll(".").matches("[+-]?\\d{1,3}([.,]\\d{3})*([.,]\\d+)?")) {
                return null;
            }
            throw new Ambiguous("'" + text + "' is ambiguous: it holds a thousands separator or several decimal "
                    + "separators, which a number of hours (at most 24) never needs; write one separator: 7.5, 7,5 "
                    + "or 7:30");
        }
        if (separator == digitsStart || separator == n - 1) {
            return null;
        }
        return new BigDecimal(separator < 0 ? t : t.replace(',', '.'));
    }

    /** An Excel duration: a fraction of a day ({@code 0.3125} = 7:30), as hours scale 2 HALF_UP. */
    public static BigDecimal dayFraction(BigDecimal days) {
        if (days.scale() > 30 || days.precision() - days.scale() > 6) {
            throw new IllegalArgumentException("'" + days + "' is not a duration");
        }
        return days.multiply(BigDecimal.valueOf(24)).setScale(2, RoundingMode.HALF_UP);
    }

    /** A date: ISO first, then slashed in the locale's order, dotted, or year first. */
    public static LocalDate date(String text, Locale locale) {
        String t = text.strip();
        int space = t.indexOf(' ');
        if (space > 0 && t.indexOf('T') < 0) {
            t = t.substring(0, space); // "2024-03-04 09:00" as a date
        }
        if (t.length() == 10 && t.charAt(4) == '-' && t.charAt(7) == '-') {
            LocalDate iso = isoDate(t);
            if (iso != null) {
                return iso;
            }
        }
        try {
            if (t.length() >= 10 && t.charAt(4) == '-') {
                return LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t);
            }
            if (t.length() >= 8 && t.indexOf('/') == 4) {
                return LocalDate.parse(t, YMD);
            }
            if (t.indexOf('/') > 0) {
                return LocalDate.parse(t, monthFirst(locale) ? MDY : DMY);
            }
            if (t.indexOf('.') > 0) {
                return LocalDate.parse(t, DOTTED);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a date (expected " + (monthFirst(locale)
                ? "2024-03-31 or 03/31/2024)" : "2024-03-31 or 31/03/2024)"));
    }

    /** {@code yyyy-MM-dd} read without a formatter (a million rows' dates), or {@code null} to take the slow way. */
    private static LocalDate isoDate(String t) {
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    private static int digits(String t, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** US English writes months first; so does English without a country (Redmine's and Clockify's default). */
    static boolean monthFirst(Locale locale) {
        return locale.getLanguage().equals("en") && (locale.getCountry().isEmpty() || locale.getCountry().equals("US"));
    }

    /** A time of day: {@code 9:00}, {@code 09:00:00}, {@code 02:00 PM}, or the time part of an ISO date-time. */
    public static LocalTime time(String text) {
        String t = text.strip();
        int at = t.indexOf('T') > 0 ? t.indexOf('T') : t.indexOf(' ') == 10 ? 10 : -1;
        if (at > 0) {
            t = t.substring(at + 1);
            if (t.length() > 8) {
                t = t.substring(0, 8);
            }
        }
        // a 12-hour time ends with AM/PM: tried first, not after a failed 24-hour attempt (an exception per value
        // was the Clockify import's hot spot); the other form is still tried when the first fails
        boolean twelve = !t.isEmpty() && Character.isLetter(t.charAt(t.length() - 1));
        try {
            return LocalTime.parse(t, twelve ? TIME_12H : TIME);
        } catch (DateTimeParseException e) {
            try {
                return LocalTime.parse(t, twelve ? TIME : TIME_12H);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + text + "' is not a time of day (expected 09:30 or 09:30 AM)");
            }
        }
    }

    /** A localized boolean; {@code null} when empty. */
    public static Boolean bool(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return null;
        }
        if (TRUE.contains(t)) {
            return true;
        }
        if (FALSE.contains(t)) {
            return false;
        }
        throw new IllegalArgumentException("'" + text + "' is not yes or no");
    }
}
