package dev.crahub;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Names, in one line of the build output, the test tiers skipped because a service is missing (external PostgreSQL,
 * Chromium, a Redmine server): otherwise a green build on a bare machine says only in surefire's XML that it did
 * not test the browser pages or the real Redmine. A tier is a skipped or aborted test class whose reason (the
 * condition's {@code disabledReason}, or an assumption's message) starts with {@value #TIER} ("tier Chromium: ..."); the line is printed once per test run, only when a tier was skipped.
 * Registered for every JUnit run by {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public class SkippedTiersListener implements TestExecutionListener {

    /** The prefix of a conditional annotation's {@code disabledReason} that names a tier. */
    public static final String TIER = "tier ";

    private final Map<String, TreeSet<String>> skipped = new TreeMap<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            result.getThrowable().ifPresent(t -> record(test, t.getMessage()));
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("[crahub] Test tiers SKIPPED because a service is missing: ");
        String separator = "";
        for (var tier : skipped.entrySet()) {
            line.append(separator).append(tier.getKey()).append(" (").append(String.join(", ", tier.getValue()))
                    .append(')');
            separator = "; ";
        }
        System.out.println(line);
        System.out.flush();
        skipped.clear();
    }

    private synchronized void record(TestIdentifier test, String reason) {
        // JUnit puts a custom disabledReason after its own: "Environment variable [X] does not exist ==> tier ..."
        int at = reason == null ? -1 : reason.startsWith(TIER) ? 0 : reason.indexOf("==> " + TIER);
        if (at < 0) {
            return;
        }
        String tier = reason.substring(at).replaceFirst("^(==> )?" + TIER, "").trim();
        String className = test.getSource().filter(ClassSource.class::isInstance)
                .map(s -> ((ClassSource) s).getJavaClass().getSimpleName()).orElse(test.getDisplayName());
        skipped.computeIfAbsent(tier, k -> new TreeSet<>()).add(className);
    }
}
