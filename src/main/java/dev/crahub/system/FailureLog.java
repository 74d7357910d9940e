package dev.crahub.system;

import java.time.Clock;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Logs the failures of units of work (a CRA, an invoice, a mail, an inbox file, a connector pull) so that a failure
 * repeated every minute stays readable: one WARN line per failure saying what failed, which unit, why and where it
 * was recorded, and the stack trace only the first time a failure of that <em>signature</em> is seen. A signature
 * is where it failed, the root exception's class and its message with every number taken out (ids, line numbers,
 * sizes), so "invoice 203 failed: no template at line 12" and "invoice 204 ..." are one signature. The signatures
 * are kept in a bounded map (the least recently seen go first); each line carries how many times its signature was
 * seen, so the log still counts the repeats it no longer explains. A 38 MB log of repeated traces becomes one trace
 * and a line per failure.
 */
@Component
public class FailureLog {

    static final int CAPACITY = 500;
    private static final Pattern NUMBERS = Pattern.compile("\\d+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Logger log;
    private final Clock clock;
    private final Map<String, Seen> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > CAPACITY;
        }
    };

    @org.springframework.beans.factory.annotation.Autowired
    public FailureLog(Clock clock) {
        this(LoggerFactory.getLogger(FailureLog.class), clock);
    }

    FailureLog(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * Logs one failure.
     *
     * @param where    what was being done: a route, an inbox, a connector ("route invoice-issue-one")
     * @param unit     which unit failed (a CRA id, a file name, a connector name)
     * @param why      the reason in one line as the caller words it (null: taken from the cause)
     * @param cause    the exception; its stack trace is logged the first time its signature is seen
     * @param recorded where the failure is kept for ops, e.g. "dead letter 203" (null: nowhere)
     */
    public void failed(String where, String unit, String why, Throwable cause, String recorded) {
        Throwable root = root(cause);
        String signature = signature(where, root);
        Seen entry;
        boolean first;
        synchronized (seen) {
            entry = seen.get(signature);
            first = entry == null;
            if (first) {
                entry = new Seen(LocalTime.now(clock).truncatedTo(ChronoUnit.SECONDS));
                seen.put(signature, entry);
            }
            entry.count++;
        }
        String line = "%s failed for '%s': %s%s".formatted(where, oneLine(unit),
                why == null ? reason(cause) : oneLine(why),
                recorded == null ? "" : " [" + recorded + "]");
        if (first) {
            log.warn(line, cause);
        } else {
            log.warn("{} (seen {} times, stack trace logged at {})", line, entry.count, entry.firstSeen);
        }
    }

    /**
     * Logs a failure that comes back on every poll for the same unit (an inbox file that cannot be moved, read or
     * reported): the first time as {@link #failed}, then only at DEBUG, with a WARN reminder at the 10th, 100th,
     * 1000th... time. A different unit, or a different failure of the same unit, is logged again.
     */
    public void failedRepeatedly(String where, String unit, String why, Throwable cause, String recorded) {
        String key = "repeat|" + signature(where, root(cause)) + "|" + unit;
        long count;
        synchronized (seen) {
            Seen entry = seen.computeIfAbsent(key, k -> new Seen(LocalTime.now(clock).truncatedTo(ChronoUnit.SECONDS)));
            count = ++entry.count;
        }
        if (count == 1) {
            failed(where, unit, why, cause, recorded);
        } else if (isPowerOfTen(count)) {
            log.warn("{} still fails for '{}' ({} times): {}", where, oneLine(unit), count,
                    why == null ? reason(cause) : oneLine(why));
        } else if (log.isDebugEnabled()) {
            log.debug("{} failed again for '{}' ({} times): {}", where, oneLine(unit), count,
                    why == null ? reason(cause) : oneLine(why));
        }
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    /** The signature a failure is counted under: where, the root cause's class, its message without numbers. */
    static String signature(String where, Throwable root) {
        String message = root == null || root.getMessage() == null ? "" : root.getMessage();
        return where + "|" + (root == null ? "" : root.getClass().getName()) + "|"
                + NUMBERS.matcher(message).replaceAll("#");
    }

    /** The failure in one line, as the user would read it: the innermost cause's class and message. */
    static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        Throwable root = root(cause);
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        if (root != cause && cause.getMessage() != null && !cause.getMessage().contains(text)
                && !text.contains(cause.getMessage())) {
            text = cause.getMessage() + " (" + text + ")";
        }
        return oneLine(text);
    }

    private static Throwable root(Throwable t) {
        Throwable root = t;
        int depth = 0;
        while (root != null && root.getCause() != null && root.getCause() != root && depth++ < 20) {
            root = root.getCause();
        }
        return root;
    }

    /** Line breaks and control characters in a file name or a message would forge log lines: folded to a space. */
    static String oneLine(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 1000));
        text.codePoints().limit(1000).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return SPACES.matcher(out).replaceAll(" ").strip() + (text.length() > 1000 ? "..." : "");
    }

    private static final class Seen {
        final LocalTime firstSeen;
        long count;

        Seen(LocalTime firstSeen) {
            this.firstSeen = firstSeen;
        }
    }
}
