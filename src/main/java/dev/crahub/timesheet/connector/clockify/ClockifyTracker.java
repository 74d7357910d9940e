package dev.crahub.timesheet.connector.clockify;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * Clockify API v1, {@code GET /v1/workspaces/{workspace-id}/user/{user-id}/time-entries?start&end&hydrated=true}
 * ({@code X-Api-Key}), pages by {@code page}/{@code page-size} until {@code Last-Page: true} or a short page; 50
 * requests per second. Durations are ISO-8601 ({@code PT1H45M}); running entries (no end) are skipped. EU and other
 * regional accounts set {@code base-url} to their regional host. Date-range connector (watermark = last pull's day,
 * re-read from it minus {@code look-back}, deletions in that range marked). The range's days are those of the hub's
 * zone.
 */
public class ClockifyTracker implements Tracker {

    public static final String DEFAULT_BASE_URL = "https://api.clockify.me/api";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final String name;
    private final ConnectorSettings settings;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final TrackerHttp http;
    private final Clock clock;

    public ClockifyTracker(String name, ConnectorSettings settings, String apiKey, TrackerHttp http, Clock clock) {
        if (settings.workspaceId() == null || settings.userId() == null) {
            throw new IllegalStateException("Connector '" + name + "' (clockify) needs crahub.connectors." + name
                    + ".workspace-id and .user-id");
        }
        this.name = name;
        this.settings = settings;
        this.baseUrl = settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl();
        this.headers = Map.of("X-Api-Key", apiKey);
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Batch changes(String watermark, LocalDate today) {
        return changesByDateRange(watermark, today, settings);
    }

    @Override
    public Iterator<TrackedEntry> range(LocalDate from, LocalDate to) {
        int size = settings.pageSize() > 0 ? Math.min(settings.pageSize(), 1000) : 1000;
        String start = UTC.format(from.atStartOfDay(clock.getZone()).withZoneSameInstant(ZoneOffset.UTC));
        String end = UTC.format(to.plusDays(1).atStartOfDay(clock.getZone()).withZoneSameInstant(ZoneOffset.UTC)
                .minusSeconds(1));
        String path = "/v1/workspaces/" + settings.workspaceId() + "/user/" + settings.userId() + "/time-entries";
        int[] page = {1};
        boolean[] done = {false};
        return Pages.of(() -> {
            if (done[0]) {
                return null;
            }
            TrackerHttp.Response response = http.get(Urls.of(baseUrl, path, Urls.params("start", start, "end", end,
                    "hydrated", true, "page", page[0], "page-size", size)), headers);
            JsonNode list = Json.parse(response.body(), "Clockify time entries");
            done[0] = list.size() < size || "true".equalsIgnoreCase(response.header("Last-Page"));
            page[0]++;
            List<TrackedEntry> entries = new ArrayList<>();
            for (JsonNode e : list) {
                if (Json.text(e, "timeInterval", "end") != null) {
                    TrackedEntry entry = entry(e);
                    if (entry.hours().signum() > 0) {
                        entries.add(entry);
                    }
                }
            }
            return entries;
        });
    }

    TrackedEntry entry(JsonNode e) {
        OffsetDateTime start = OffsetDateTime.parse(Json.text(e, "timeInterval", "start"));
        OffsetDateTime end = OffsetDateTime.parse(Json.text(e, "timeInterval", "end"));
        String iso = Json.text(e, "timeInterval", "duration");
        long seconds = iso != null && iso.startsWith("P") ? Duration.parse(iso).toSeconds()
                : Duration.between(start, end).toSeconds();
        String project = Json.text(e, "project", "name") != null ? Json.text(e, "project", "name")
                : Json.text(e, "projectId");
        String task = Json.text(e, "task", "name") != null ? Json.text(e, "task", "name") : Json.text(e, "taskId");
        return new TrackedEntry(name, Json.text(e, "id"), e.hasNonNull("userId") ? Json.text(e, "userId")
                : settings.userId(), null, null, Json.text(e, "project", "clientName"), project, task,
                start.atZoneSameInstant(clock.getZone()).toLocalDate(), start, end, Json.hours(seconds),
                e.hasNonNull("billable") ? e.get("billable").asBoolean() : null, Json.text(e, "description"), false);
    }
}
