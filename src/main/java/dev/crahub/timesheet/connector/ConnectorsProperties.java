package dev.crahub.timesheet.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.scheduling.support.CronExpression;

/**
 * Every configured connector by name ({@code crahub.connectors.<name>.*}); the name is the entries' source. Checked
 * at start: a misspelt kind, a name that can't be a source or a schedule that is neither cron nor interval stops the
 * hub with every problem listed, rather than failing at 3 a.m.
 */
@ConfigurationProperties("crahub")
public record ConnectorsProperties(Map<String, ConnectorSettings> connectors) {

    public static final Set<String> KINDS = Set.of("toggl", "toggl-reports", "harvest", "redmine", "jira", "tempo",
            "clockify", "kimai");
    private static final int MAX_ATTEMPTS = 10;
    private static final java.time.Duration MAX_WAIT = java.time.Duration.ofHours(1);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public ConnectorsProperties {
        connectors = connectors == null ? Map.of() : new TreeMap<>(connectors);
        List<String> problems = new ArrayList<>();
        connectors.forEach((name, s) -> {
            String key = "crahub.connectors." + name;
            if (!NAME.matcher(name).matches()) {
                problems.add(key + ": the name must be 1-32 lower-case letters, digits, '-' or '_' (it is the source)");
            }
            if (s.kind() == null || !KINDS.contains(s.kind())) {
                problems.add(key + ".kind: '" + s.kind() + "' is not one of " + new java.util.TreeSet<>(KINDS));
            }
            if (s.schedule() != null && !s.schedule().isBlank() && !validSchedule(s.schedule().trim())) {
                problems.add(key + ".schedule: '" + s.schedule() + "' is neither a cron expression nor an interval");
            }
            budgetProblems(key, s, problems);
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid connector configuration: " + String.join("; ", problems));
        }
    }

    /** The request budget, the retries and the waits: a typo must not mean "no limit" nor "wait forever". */
    private static void budgetProblems(String key, ConnectorSettings s, List<String> problems) {
        if (s.quota() < 0) {
            problems.add(key + ".quota: " + s.quota() + " is negative (0: the vendor's default)");
        }
        if (!positive(s.quotaWindow())) {
            problems.add(key + ".quota-window: " + s.quotaWindow() + " must be a positive duration");
        }
        if (s.maxAttempts() < 1 || s.maxAttempts() > MAX_ATTEMPTS) {
            problems.add(key + ".max-attempts: " + s.maxAttempts() + " is not between 1 and " + MAX_ATTEMPTS);
        }
        if (!positive(s.timeout())) {
            problems.add(key + ".timeout: " + s.timeout() + " must be a positive duration");
        }
        if (!positive(s.maxWait()) || s.maxWait().compareTo(MAX_WAIT) > 0) {
            problems.add(key + ".max-wait: " + s.maxWait() + " is not between 1 ms and " + MAX_WAIT);
        }
    }

    private static boolean positive(java.time.Duration d) {
        return d != null && d.toMillis() >= 1;
    }

    private static boolean validSchedule(String schedule) {
        if (CronExpression.isValidExpression(schedule)) {
            return true;
        }
        try {
            return !DurationStyle.detectAndParse(schedule).isNegative();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
