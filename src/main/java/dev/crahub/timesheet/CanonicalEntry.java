package dev.crahub.timesheet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A time entry in the hub's canonical JSON shape, as pushed to {@code POST /api/time-entries} (and, later, dropped
 * as a JSON or XML file):
 * <pre>{"id": "42", "user": {"id": "7", "email": "jean@acme.example", "name": "Jean Dupont"},
 *  "client": "Globex", "project": "GLOBEX-FACT", "task": "Dev", "date": "2026-10-01",
 *  "start": "2026-10-01T09:00:00+02:00", "end": "2026-10-01T12:30:00+02:00", "hours": 3.5,
 *  "billable": true, "comment": "Atelier", "deleted": false}</pre>
 * {@code date} may be left out when {@code start} is given; {@code hours} when {@code start} and {@code end} are.
 */
public record CanonicalEntry(String id, User user, String client, String project, String task, LocalDate date,
                             OffsetDateTime start, OffsetDateTime end, BigDecimal hours, Boolean billable, String comment,
                             Boolean deleted) {

    /** Who logged the entry, as the tracker knows them. */
    public record User(String id, String email, String name) {
    }

    /** A batch: one source and its entries. */
    public record Batch(String source, List<CanonicalEntry> entries) {
    }

    /** Checks the entry with the default limits; see {@link #toTracked(String, String, List, TimesheetLimits)}. */
    public TrackedEntry toTracked(String source, String at, List<String> problems) {
        return toTracked(source, at, problems, TimesheetLimits.DEFAULTS);
    }

    /**
     * Checks the entry, its texts included ({@link EntryText}: characters, lengths); problems are added with the given
     * prefix ({@code entries[3].comment: ...}); returns null when invalid.
     */
    public TrackedEntry toTracked(String source, String at, List<String> problems, TimesheetLimits limits) {
        int before = problems.size();
        if (id == null || id.isBlank()) {
            problems.add(at + ".id: is required (the tracker's entry id)");
        } else if (id.length() > 200) {
            problems.add(at + ".id: longer than 200 characters");
        }
        if (user == null || (blank(user.id()) && blank(user.email()) && blank(user.name()))) {
            problems.add(at + ".user: an id, e-mail or name is required");
        }
        LocalDate day = date != null ? date : start != null ? start.toLocalDate() : null;
        if (day == null) {
            problems.add(at + ".date: is required (or start)");
        }
        if (start != null && end != null && end.isBefore(start)) {
            problems.add(at + ".end: is before start");
        }
        BigDecimal h = hours;
        if (h == null && start != null && end != null && !end.isBefore(start)) {
            h = BigDecimal.valueOf(Duration.between(start, end).getSeconds())
                    .divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
        }
        boolean isDeleted = Boolean.TRUE.equals(deleted);
        if (h != null && (h.scale() > 9 || h.precision() - h.scale() > 9)) {
            // 1e999999999 or 1e-999999999: writing or rounding it would take gigabytes
            problems.add(at + ".hours: is not a number of hours (more than 0 and at most 24)");
            return null;
        }
        if (h == null) {
            problems.add(at + ".hours: is required (or start and end)");
        } else if (!isDeleted && (h.signum() <= 0 || h.compareTo(BigDecimal.valueOf(24)) > 0)) {
            problems.add(at + ".hours: " + h.toPlainString() + " must be more than 0 and at most 24");
        }
        if (problems.size() > before) {
            return null;
        }
        TrackedEntry entry = new TrackedEntry(source, id.strip(), user.id(), user.email(), user.name(), client, project,
                task, day, start, end, h.setScale(2, RoundingMode.HALF_UP), billable, comment == null ? "" : comment,
                isDeleted);
        return EntryText.check(entry, limits, (field, reason) -> problems.add(at + "." + field + ": " + reason))
                ? entry : null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
