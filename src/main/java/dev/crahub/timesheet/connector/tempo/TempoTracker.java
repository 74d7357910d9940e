package dev.crahub.timesheet.connector.tempo;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
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
import dev.crahub.timesheet.connector.jira.JiraApi;

/**
 * Tempo Cloud API v4, {@code GET /4/worklogs?from&to&offset&limit} (Bearer), pages followed through
 * {@code metadata.next}. Tempo's worklogs carry neither the issue key nor the author's name: both are resolved
 * through the Jira connector named by {@code jira} (issue id → key and project, account id → name and e-mail).
 * Date-range connector: a pull re-reads from its watermark day minus {@code look-back}, the range read whole (deleted
 * worklogs marked). {@code startDate} + {@code startTime} are local: read in the hub's zone; billable when
 * {@code billableSeconds} &gt; 0.
 */
public class TempoTracker implements Tracker {

    public static final String DEFAULT_BASE_URL = "https://api.tempo.io";

    private final String name;
    private final ConnectorSettings settings;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final TrackerHttp http;
    private final JiraApi jira;
    private final Clock clock;

    public TempoTracker(String name, ConnectorSettings settings, String token, TrackerHttp http, JiraApi jira,
                        Clock clock) {
        this.name = name;
        this.settings = settings;
        this.baseUrl = settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl();
        this.headers = Map.of("Authorization", "Bearer " + token);
        this.http = http;
        this.jira = jira;
        this.clock = clock;
    }

    @Override
    public Batch changes(String watermark, LocalDate today) {
        return changesByDateRange(watermark, today, settings);
    }

    @Override
    public Iterator<TrackedEntry> range(LocalDate from, LocalDate to) {
        int limit = settings.pageSize() > 0 ? Math.min(settings.pageSize(), 5000) : 1000;
        java.net.URI[] next = {Urls.of(baseUrl, "/4/worklogs", Urls.params("from", from, "to", to, "offset", 0,
                "limit", limit))};
        return Pages.of(() -> {
            if (next[0] == null) {
                return null;
            }
            JsonNode page = Json.parse(http.get(next[0], headers).body(), "Tempo worklogs");
            String link = Json.text(page, "metadata", "next");
            next[0] = link == null ? null : Urls.rebase(baseUrl, link);
            List<TrackedEntry> entries = new ArrayList<>();
            page.path("results").forEach(w -> entries.add(entry(w)));
            return entries;
        });
    }

    TrackedEntry entry(JsonNode w) {
        JiraApi.Issue issue = jira.issue(Json.text(w, "issue", "id"));
        JiraApi.Person author = jira.person(Json.text(w, "author", "accountId"));
        LocalDate date = LocalDate.parse(Json.text(w, "startDate"));
        long seconds = w.path("timeSpentSeconds").asLong();
        OffsetDateTime start = null;
        OffsetDateTime end = null;
        String time = Json.text(w, "startTime");
        if (time != null) {
            start = date.atTime(LocalTime.parse(time)).atZone(clock.getZone()).toOffsetDateTime();
            end = start.plusSeconds(seconds);
        }
        Boolean billable = w.hasNonNull("billableSeconds") ? w.get("billableSeconds").asLong() > 0 : null;
        return new TrackedEntry(name, Json.text(w, "tempoWorklogId"), author.accountId(), author.email(), author.name(),
                issue.projectName(), issue.key(), issue.summary(), date, start, end, Json.hours(seconds), billable,
                Json.text(w, "description"), false);
    }
}
