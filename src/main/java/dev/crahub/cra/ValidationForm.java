package dev.crahub.cra;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.crahub.system.XmlCharacters;

/**
 * Reads the decision form of the validation page, within bounds: a form built by hand (too many fields, a repeated
 * field, a comment too long or holding a control character, a date that is not a date or not in the CRA's month) is
 * refused whole with a {@link Problem}, and fields the page never sends are ignored. What passes is then checked
 * against the rules of a decision: a rejection says why (a global comment, or at least one disputed day with its
 * reason); an approval disputes no day.
 * <p>
 * Fields: {@code decision} ({@code APPROVE} or {@code REJECT}), {@code comment}, and per day
 * {@code day.<yyyy-MM-dd>.dispute} (a ticked box) and {@code day.<yyyy-MM-dd>.comment}; a day with a reason but no
 * tick is disputed as well (the approver wrote why).
 */
public final class ValidationForm {

    public static final int MAX_COMMENT = 2000;
    public static final int MAX_DAY_COMMENT = 500;
    /** decision, comment, the CSRF token, two fields per day of a 31-day month, some slack for what a browser adds */
    public static final int MAX_FIELDS = 80;
    /** bytes of a form body (a month of day comments at their longest, UTF-8) */
    public static final int MAX_BODY_BYTES = 128 * 1024;

    /** The form is out of bounds (400): nothing is recorded, the page says which rule. */
    public record Problem(String code, String argument) {
    }

    /** A form within bounds: what the approver asked for, and what they typed. */
    public record Submission(CraDecisions.Outcome outcome, String comment, Map<LocalDate, String> disputed) {

        /** The rule of a decision this form breaks ({@code page.message.<code>}), or null. */
        public String brokenRule() {
            if (outcome == CraDecisions.Outcome.APPROVED) {
                return disputed.isEmpty() ? null : "approve-with-disputes";
            }
            boolean reasoned = comment != null || disputed.values().stream().anyMatch(c -> c != null);
            return reasoned ? null : "reject-needs-comment";
        }

        /** The per-day verdicts of a rejection. */
        public List<CraDecisions.DayVerdict> days() {
            List<CraDecisions.DayVerdict> days = new ArrayList<>();
            disputed.forEach((date, c) -> days.add(new CraDecisions.DayVerdict(date, CraDecisions.Outcome.REJECTED, c)));
            return days;
        }

        public ValidationPage.Input input() {
            return new ValidationPage.Input(comment, disputed);
        }
    }

    /** The outcome of reading a form: a submission, or the problem that refused it. */
    public record Result(Submission submission, Problem problem) {
    }

    private ValidationForm() {
    }

    public static Result read(Map<String, String[]> fields, YearMonth month) {
        if (fields.size() > MAX_FIELDS) {
            return problem("too-many-fields", null);
        }
        String decision = null;
        String comment = null;
        Map<LocalDate, String> comments = new TreeMap<>();
        Map<LocalDate, Boolean> ticked = new TreeMap<>();
        for (Map.Entry<String, String[]> field : fields.entrySet()) {
            String name = field.getKey();
            boolean known = name.equals("decision") || name.equals("comment")
                    || (name.startsWith("day.") && (name.endsWith(".dispute") || name.endsWith(".comment")));
            if (!known) {
                continue;
            }
            String[] values = field.getValue();
            if (values == null || values.length != 1) {
                return problem("duplicate-field", null);
            }
            String value = values[0];
            if (XmlCharacters.firstRefused(value) >= 0 || XmlCharacters.firstUnwritable(value) >= 0) {
                return problem("bad-character", null);
            }
            switch (name) {
                case "decision" -> decision = value;
                case "comment" -> {
                    if (value.length() > MAX_COMMENT) {
                        return problem("comment-too-long", Integer.toString(MAX_COMMENT));
                    }
                    comment = blankToNull(value);
                }
                default -> {
                    String date = name.substring(4, name.lastIndexOf('.'));
                    LocalDate day;
                    try {
                        day = LocalDate.parse(date);
                    } catch (DateTimeParseException e) {
                        return problem("bad-date", null);
                    }
                    if (!YearMonth.from(day).equals(month)) {
                        return problem("date-outside-month", null);
                    }
                    if (name.endsWith(".comment")) {
                        if (value.length() > MAX_DAY_COMMENT) {
                            return problem("comment-too-long", Integer.toString(MAX_DAY_COMMENT));
                        }
                        if (blankToNull(value) != null) {
                            comments.put(day, value.strip());
                        }
                    } else {
                        ticked.put(day, true);
                    }
                }
            }
        }
        CraDecisions.Outcome outcome;
        if ("APPROVE".equals(decision)) {
            outcome = CraDecisions.Outcome.APPROVED;
        } else if ("REJECT".equals(decision)) {
            outcome = CraDecisions.Outcome.REJECTED;
        } else {
            return problem("bad-decision", null);
        }
        Map<LocalDate, String> disputed = new TreeMap<>();
        ticked.keySet().forEach(day -> disputed.put(day, comments.get(day)));
        comments.forEach(disputed::put);
        return new Result(new Submission(outcome, comment, disputed), null);
    }

    private static Result problem(String code, String argument) {
        return new Result(null, new Problem(code, argument));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
