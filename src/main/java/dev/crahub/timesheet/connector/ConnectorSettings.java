package dev.crahub.timesheet.connector;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One connector instance, {@code crahub.connectors.<name>.*}. The credential never sits in a file: either
 * {@code token-env} names the environment variable holding it, or {@code token} is set from the environment
 * ({@code CRAHUB_CONNECTORS_<NAME>_TOKEN}).
 *
 * @param kind          toggl, toggl-reports, clockify, harvest, kimai, jira, tempo, redmine
 * @param schedule      a Spring cron expression ({@code 0 0/15 * * * *}) or an interval ({@code 15m}, {@code PT1H})
 * @param email         the account e-mail where the API authenticates with Basic (Jira)
 * @param workspaceId   Toggl/Clockify workspace
 * @param accountId     Harvest account
 * @param userId        Clockify user
 * @param jira          for Tempo: the name of the Jira connector that resolves issue keys and authors
 * @param lookBack      range connectors re-read this far back before their watermark (late edits)
 * @param firstPull     how far back the very first pull reaches
 * @param pageSize      the page size asked of the API (capped to the vendor's maximum)
 * @param quota         the request budget: at most this many requests per {@code quotaWindow}, shared by every pull
 *                      and sync of the connector (0: the vendor's default, {@link VendorQuotas})
 * @param maxAttempts   attempts per request on 5xx, 429 and I/O failures (timeouts included)
 * @param timeout       connect timeout, and the most one answer may take to arrive whole
 * @param maxWait       the longest the connector waits at once, for its budget or for a {@code Retry-After}: beyond,
 *                      the request fails at once (a hostile or exhausted tracker never holds a pull for hours)
 */
public record ConnectorSettings(
        String kind,
        String baseUrl,
        String schedule,
        @DefaultValue("true") boolean enabled,
        String token,
        String tokenEnv,
        String email,
        String workspaceId,
        String accountId,
        String userId,
        String jira,
        @DefaultValue("7d") Duration lookBack,
        @DefaultValue("31d") Duration firstPull,
        @DefaultValue("0") int pageSize,
        @DefaultValue("0") int quota,
        @DefaultValue("15s") Duration quotaWindow,
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("5m") Duration maxWait) {

    /** The credential: the variable named by {@code token-env}, else {@code token}; required. */
    public String credential(String name, Function<String, String> env) {
        String value = tokenEnv != null && !tokenEnv.isBlank() ? env.apply(tokenEnv) : token;
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Connector '" + name + "' has no credential: "
                    + (tokenEnv != null && !tokenEnv.isBlank() ? "the environment variable " + tokenEnv + " is not set"
                    : "set crahub.connectors." + name + ".token-env to the name of the environment variable holding it"
                    + (name.matches("[a-z0-9]+") ? " (or set CRAHUB_CONNECTORS_" + name.toUpperCase() + "_TOKEN)" : "")));
        }
        return value;
    }

    /** A copy for tests and tools, with every default as Spring would bind it. */
    public static ConnectorSettings of(String kind, String baseUrl, Map<String, String> ids) {
        return new ConnectorSettings(kind, baseUrl, null, true, ids.get("token"), ids.get("token-env"), ids.get("email"),
                ids.get("workspace-id"), ids.get("account-id"), ids.get("user-id"), ids.get("jira"), Duration.ofDays(7),
                Duration.ofDays(31), 0, 0, Duration.ofSeconds(15), 4, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /** A copy with another request budget and waiting limit (tests, tools). */
    public ConnectorSettings withBudget(int quota, Duration quotaWindow, int maxAttempts, Duration maxWait) {
        return new ConnectorSettings(kind, baseUrl, schedule, enabled, token, tokenEnv, email, workspaceId, accountId,
                userId, jira, lookBack, firstPull, pageSize, quota, quotaWindow, maxAttempts, timeout, maxWait);
    }
}
