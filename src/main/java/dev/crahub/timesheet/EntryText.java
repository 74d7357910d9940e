package dev.crahub.timesheet;

import java.util.function.BiConsumer;

import dev.crahub.system.XmlCharacters;

/**
 * Checks the texts of a time entry before it is stored: no character an XML document cannot carry (nor DEL, C1
 * controls; see {@link XmlCharacters}), names and ids within what the database keeps, a comment within
 * {@link TimesheetLimits#fieldLength()}. Every reader and the push API run it, so a bad value is refused at import
 * with its line or entry, in the user's terms, instead of failing later in the database or in a CRA.
 * TAB, LF and CR are allowed (multi-line comments are common in trackers).
 */
public final class EntryText {

    private EntryText() {
    }

    /**
     * Reports each bad text of the entry as {@code (field, reason)}; fields are named as in the canonical shape
     * ({@code id}, {@code user.id}, {@code user.email}, {@code user.name}, {@code client}, {@code project},
     * {@code task}, {@code comment}).
     *
     * @return whether the entry is clean
     */
    public static boolean check(TrackedEntry e, TimesheetLimits limits, BiConsumer<String, String> problem) {
        boolean ok = name("id", e.externalId(), problem);
        ok &= name("user.id", e.userId(), problem);
        ok &= name("user.email", e.userEmail(), problem);
        ok &= name("user.name", e.userName(), problem);
        ok &= name("client", e.client(), problem);
        ok &= name("project", e.project(), problem);
        ok &= name("task", e.task(), problem);
        ok &= text("comment", e.comment(), limits.fieldLength(), "field-length", problem);
        return ok;
    }

    private static boolean name(String field, String value, BiConsumer<String, String> problem) {
        return text(field, value, TimesheetLimits.NAME_LENGTH, null, problem);
    }

    /** One value: its characters, then its length ({@code key} names the setting of the limit, if any). */
    public static boolean text(String field, String value, int max, String key, BiConsumer<String, String> problem) {
        if (value == null) {
            return true;
        }
        int bad = XmlCharacters.firstRefused(value);
        if (bad >= 0) {
            problem.accept(field, XmlCharacters.describe(value, bad));
            return false;
        }
        if (value.length() > max) {
            problem.accept(field, tooLong(value.length(), max, key));
            return false;
        }
        return true;
    }

    /** {@code is 5,000 characters long; at most 4,000 are allowed (crahub.timesheet.limits.field-length)}. */
    public static String tooLong(long length, long max, String key) {
        return String.format(java.util.Locale.ROOT, "is %,d characters long; at most %,d are allowed", length, max)
                + (key == null ? "" : " (" + TimesheetLimits.PREFIX + key + ")");
    }
}
