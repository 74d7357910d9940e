package dev.crahub.timesheet.connector;

import java.time.Duration;
import java.util.Map;

/**
 * The request budget each kind of connector gets unless {@code quota}/{@code quota-window} say otherwise: the vendor's
 * documented limit for its smallest plan, or, where a vendor publishes no figure (Jira's and Tempo's limits are
 * dynamic, Redmine and Kimai are self-hosted), a gentle pace the hub chose. Sources in connectors.md.
 */
public final class VendorQuotas {

    /** At most {@code requests} per {@code per}. */
    public record Quota(int requests, Duration per) {
    }

    private static final Quota HUB_PACE = new Quota(10, Duration.ofSeconds(1));

    private static final Map<String, Quota> BY_KIND = Map.of(
            // Toggl: 30 requests per hour per user on the Free plan, and for every plan on /me (support.toggl.com)
            "toggl", new Quota(30, Duration.ofHours(1)),
            "toggl-reports", new Quota(30, Duration.ofHours(1)),
            // Harvest v2: 100 requests per 15 seconds (help.getharvest.com/api-v2, rate limiting)
            "harvest", new Quota(100, Duration.ofSeconds(15)),
            // Clockify: 50 requests per second on paid workspaces (clockify.me/help, webhook and API limitations)
            "clockify", new Quota(50, Duration.ofSeconds(1)));

    private VendorQuotas() {
    }

    public static Quota of(String kind) {
        return BY_KIND.getOrDefault(kind, HUB_PACE);
    }
}
