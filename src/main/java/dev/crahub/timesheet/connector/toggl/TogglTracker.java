package dev.crahub.timesheet.connector.toggl;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crahub.timesheet.TrackedEntry;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.Json;
import dev.crahub.timesheet.connector.Tracker;
import dev.crahub.timesheet.connector.TrackerHttp;
import dev.crahub.timesheet.connector.Urls;

/**
 * Toggl Track API v9, {@code GET /api/v9/me/time_entries} (the token owner's entries; one whole list, no paging),
 * Basic {@code <token>:api_token}, {@code meta=true} for client, project and user names. Incremental with
 * {@code since=<unix seconds>}, which also returns deleted entries ({@code server_deleted_at}: marked deleted).
 * Running entries ({@code stop} null, negative {@code duration}) are skipped until stopped. The work date is the
 * start's date in the hub's zone. Entries under 18 s (0.00 h) are skipped. Toggl limits calls per user and hour by plan: default quota 30 per hour.
 * Toggl accepts {@code since} only within the last 3 months: an older watermark reads the first-pull range instead.
 */
public class TogglTracker implements Tracker {

    public static final String DEFAULT_BASE_URL = "https://api.track.toggl.com";
    private static final Duration SINCE_LIMIT = Duration.ofDays(89);

    private final String name;
    private final ConnectorSettings settings;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final TrackerHttp http;
    private final Clock clock;

    public TogglTracker(String name, ConnectorSettings settings, String token, TrackerHttp http, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.baseUrl = settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl();
        String user = settings.email() != null ? settings.email() + ":" + token : token + ":api_token";
        this.headers = Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Batch changes(String watermark, LocalDate today) {
        Instant started = clock.instant();
        String next = String.valueOf(started.getEpochSecond() - 1);
        if (watermark == null || Instant.ofEpochSecond(Long.parseLong(watermark)).isBefore(started.minus(SINCE_LIMIT))) {
            return new Batch(range(today.minusDays(settings.firstPull().toDays()), today), () -> next, null);
        }
        return new Batch(read(Urls.of(baseUrl, "/api/v9/me/time_entries", Urls.params("since", watermark,
                "meta", true))), () -> next, null);
    }

    /** Entries started in {@code [from, to]} (Toggl's {@code end_date} is exclusive). */
    @Override
    public Iterator<TrackedEntry> range(LocalDate from, LocalDate to) {
        return read(Urls.of(baseUrl, "/api/v9/me/time_entries", Urls.params("start_date", from,
                "end_date", to.plusDays(1), "meta", true)));
    }

    private Iterator<TrackedEntry> read(java.net.URI uri) {
        JsonNode list = Json.parse(http.get(uri, headers).body(), "Toggl time entries");
        List<TrackedEntry> entries = new ArrayList<>();
        for (JsonNode e : list) {
            if (e.path("stop").isNull() || e.path("stop").isMissingNode() || e.path("duration").asLong() < 0) {
                continue; // running: taken once stopped
            }
            if (Json.hours(e.path("duration").asLong()).signum() == 0) {
                continue; // under 18 s: nothing to bill, and the hub stores no zero-hour entry
            }
            entries.add(entry(e));
        }
        return entries.iterator();
    }

    TrackedEntry entry(JsonNode e) {
        OffsetDateTime start = OffsetDateTime.parse(Json.text(e, "start"));
        OffsetDateTime stop = OffsetDateTime.parse(Json.text(e, "stop"));
        String project = Json.text(e, "project_name") != null ? Json.text(e, "project_name") : Json.text(e, "project_id");
        String task = Json.text(e, "task_name") != null ? Json.text(e, "task_name") : Json.text(e, "task_id");
        return new TrackedEntry(name, Json.text(e, "id"), Json.text(e, "user_id"), null, Json.text(e, "user_name"),
                Json.text(e, "client_name"), project, task, start.atZoneSameInstant(clock.getZone()).toLocalDate(),
                start, stop, Json.hours(e.path("duration").asLong()),
                e.hasNonNull("billable") ? e.get("billable").asBoolean() : null, Json.text(e, "description"),
                e.hasNonNull("server_deleted_at"));
    }
}
