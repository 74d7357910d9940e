package dev.crahub.timesheet.connector.redmine;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crahub.timesheet.TrackedEntry;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.Json;
import dev.crahub.timesheet.connector.Pages;
import dev.crahub.timesheet.connector.Tracker;
import dev.crahub.timesheet.connector.TrackerHttp;
import dev.crahub.timesheet.connector.Urls;

/**
 * Redmine REST, {@code GET /time_entries.json?from&to&offset&limit} with {@code X-Redmine-API-Key} (an admin enables
 * REST), {@code limit} capped at 100 by Redmine, paged until {@code total_count}. Redmine filters by date only, so a
 * pull re-reads from its watermark (the last pull's day) minus {@code look-back} to today, and, as that range is read
 * whole, entries deleted in Redmine within it are marked deleted. Hours decimal, no start/end, no billable flag;
 * project = the project's name, client = its parent project's name (projects read once per pull from
 * {@code /projects.json}; a top-level project is its own client), task = the activity, the issue number is kept in
 * the comment ({@code #12 ...}).
 */
public class RedmineTracker implements Tracker {

    private static final int MAX_LIMIT = 100;

    private final String name;
    private final ConnectorSettings settings;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final TrackerHttp http;

    public RedmineTracker(String name, ConnectorSettings settings, String apiKey, TrackerHttp http, Clock clock) {
        this.name = name;
        this.settings = settings;
        if (settings.baseUrl() == null) {
            throw new IllegalStateException("Connector '" + name + "' (redmine) needs crahub.connectors." + name
                    + ".base-url");
        }
        this.baseUrl = settings.baseUrl();
        this.headers = Map.of("X-Redmine-API-Key", apiKey);
        this.http = http;
    }

    @Override
    public Batch changes(String watermark, LocalDate today) {
        return changesByDateRange(watermark, today, settings);
    }

    @Override
    public Iterator<TrackedEntry> range(LocalDate from, LocalDate to) {
        int limit = settings.pageSize() > 0 ? Math.min(settings.pageSize(), MAX_LIMIT) : MAX_LIMIT;
        int[] offset = {0};
        boolean[] done = {false};
        Map<String, String> clients = new java.util.HashMap<>();
        return Pages.of(() -> {
            if (done[0]) {
                return null;
            }
            if (offset[0] == 0) {
                clients.putAll(clients(limit));
            }
            JsonNode page = Json.parse(http.get(Urls.of(baseUrl, "/time_entries.json", Urls.params("from", from,
                    "to", to, "offset", offset[0], "limit", limit)), headers).body(), "Redmine time entries");
            JsonNode list = page.path("time_entries");
            List<TrackedEntry> entries = new ArrayList<>();
            list.forEach(e -> entries.add(entry(e, clients)));
            offset[0] += list.size();
            done[0] = list.isEmpty() || offset[0] >= page.path("total_count").asInt(0);
            return entries;
        });
    }

    /** Project id → client: the parent project's name, else the project's own. */
    private Map<String, String> clients(int limit) {
        Map<String, String> clients = new java.util.HashMap<>();
        int offset = 0;
        while (true) {
            JsonNode page = Json.parse(http.get(Urls.of(baseUrl, "/projects.json", Urls.params("offset", offset,
                    "limit", limit)), headers).body(), "Redmine projects");
            JsonNode list = page.path("projects");
            list.forEach(p -> clients.put(Json.text(p, "id"), Json.text(p, "parent", "name") != null
                    ? Json.text(p, "parent", "name") : Json.text(p, "name")));
            offset += list.size();
            if (list.isEmpty() || offset >= page.path("total_count").asInt(0)) {
                return clients;
            }
        }
    }

    TrackedEntry entry(JsonNode e, Map<String, String> clients) {
        String issue = Json.text(e, "issue", "id");
        String comment = Json.text(e, "comments");
        if (issue != null) {
            comment = "#" + issue + (comment == null || comment.isBlank() ? "" : " " + comment);
        }
        return new TrackedEntry(name, Json.text(e, "id"), Json.text(e, "user", "id"), null, Json.text(e, "user", "name"),
                clients.getOrDefault(Json.text(e, "project", "id"), Json.text(e, "project", "name")),
                Json.text(e, "project", "name"), Json.text(e, "activity", "name"),
                LocalDate.parse(Json.text(e, "spent_on")), null, null, new BigDecimal(Json.text(e, "hours")), null,
                comment, false);
    }
}
