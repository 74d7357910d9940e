package dev.crahub.timesheet.connector.toggl;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * Toggl Reports API v3 for a whole workspace (every user), kind {@code toggl-reports}:
 * {@code POST /reports/api/v3/workspace/{workspace-id}/search/time_entries} with {@code start_date}/{@code end_date},
 * paged by sending back the {@code X-Next-Row-Number} header as {@code first_row_number}. Each row groups entries
 * sharing user, project, task, description and billable; its {@code time_entries} carry id, seconds, start and stop
 * in the user's offset (the work date is that local date). Names are asked with {@code enrich_response} and used when
 * answered (project, client), else the ids. No "changed since" filter: a date-range connector (watermark = last pull's
 * day, re-read from it minus {@code look-back}; entries gone from the range are marked deleted).
 */
public class TogglReportsTracker implements Tracker {

    private final String name;
    private final ConnectorSettings settings;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final TrackerHttp http;

    public TogglReportsTracker(String name, ConnectorSettings settings, String token, TrackerHttp http, Clock clock) {
        if (settings.workspaceId() == null) {
            throw new IllegalStateException("Connector '" + name + "' (toggl-reports) needs crahub.connectors." + name
                    + ".workspace-id");
        }
        this.name = name;
        this.settings = settings;
        this.baseUrl = settings.baseUrl() == null ? TogglTracker.DEFAULT_BASE_URL : settings.baseUrl();
        String user = settings.email() != null ? settings.email() + ":" + token : token + ":api_token";
        this.headers = Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        this.http = http;
    }

    @Override
    public Batch changes(String watermark, LocalDate today) {
        return changesByDateRange(watermark, today, settings);
    }

    @Override
    public Iterator<TrackedEntry> range(LocalDate from, LocalDate to) {
        int size = settings.pageSize() > 0 ? Math.min(settings.pageSize(), 50) : 50;
        String path = "/reports/api/v3/workspace/" + settings.workspaceId() + "/search/time_entries";
        Long[] nextRow = {1L};
        return Pages.of(() -> {
            if (nextRow[0] == null) {
                return null;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("start_date", from.toString());
            body.put("end_date", to.toString());
            body.put("page_size", size);
            body.put("first_row_number", nextRow[0]);
            body.put("enrich_response", true);
            TrackerHttp.Response response = http.post(Urls.of(baseUrl, path, Map.of()), headers, Json.write(body));
            String next = response.header("X-Next-Row-Number");
            nextRow[0] = next == null || next.isBlank() ? null : Long.valueOf(next.trim());
            List<TrackedEntry> entries = new ArrayList<>();
            for (JsonNode row : Json.parse(response.body(), "Toggl report rows")) {
                for (JsonNode e : row.path("time_entries")) {
                    if (Json.text(e, "stop") != null && e.path("seconds").asLong() >= 18) {
                        entries.add(entry(row, e));
                    }
                }
            }
            return entries;
        });
    }

    TrackedEntry entry(JsonNode row, JsonNode e) {
        OffsetDateTime start = OffsetDateTime.parse(Json.text(e, "start"));
        OffsetDateTime stop = OffsetDateTime.parse(Json.text(e, "stop"));
        String project = Json.text(row, "project_name") != null ? Json.text(row, "project_name")
                : Json.text(row, "project_id");
        String task = Json.text(row, "task_name") != null ? Json.text(row, "task_name") : Json.text(row, "task_id");
        return new TrackedEntry(name, Json.text(e, "id"), Json.text(row, "user_id"), null, Json.text(row, "username"),
                Json.text(row, "client_name"), project, task, start.toLocalDate(), start, stop,
                Json.hours(e.path("seconds").asLong()),
                row.hasNonNull("billable") ? row.get("billable").asBoolean() : null, Json.text(row, "description"),
                false);
    }
}
