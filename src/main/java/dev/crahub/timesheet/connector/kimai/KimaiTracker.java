package dev.crahub.timesheet.connector.kimai;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
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
 * Kimai 2, {@code GET /api/timesheets?begin&end&user=all&full=true&page&size} (Bearer API token; the token's user
 * needs the permission to see everyone's timesheets), pages until {@code X-Total-Pages}, {@code size} up to 500.
 * Times are the user's local time with an offset ({@code 2024-03-04T09:00:00+0100}): the work date is the local one.
 * Running records (no end) are skipped. Date-range connector (watermark = last pull's day, re-read from it minus
 * {@code look-back}, deletions in that range marked).
 */
public class KimaiTracker implements Tracker {

    static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd().toFormatter();

    private final String name;
    private final ConnectorSettings settings;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final TrackerHttp http;

    public KimaiTracker(String name, ConnectorSettings settings, String token, TrackerHttp http, Clock clock) {
        if (settings.baseUrl() == null) {
            throw new IllegalStateException("Connector '" + name + "' (kimai) needs crahub.connectors." + name
                    + ".base-url");
        }
        this.name = name;
        this.settings = settings;
        this.baseUrl = settings.baseUrl();
        this.headers = Map.of("Authorization", "Bearer " + token);
        this.http = http;
    }

    @Override
    public Batch changes(String watermark, LocalDate today) {
        return changesByDateRange(watermark, today, settings);
    }

    @Override
    public Iterator<TrackedEntry> range(LocalDate from, LocalDate to) {
        int size = settings.pageSize() > 0 ? Math.min(settings.pageSize(), 500) : 500;
        int[] page = {1};
        int[] pages = {1};
        return Pages.of(() -> {
            if (page[0] > pages[0]) {
                return null;
            }
            TrackerHttp.Response response = http.get(Urls.of(baseUrl, "/api/timesheets", Urls.params(
                    "begin", from + "T00:00:00", "end", to + "T23:59:59", "user", "all", "full", true,
                    "page", page[0], "size", size)), headers);
            String total = response.header("X-Total-Pages");
            pages[0] = total == null ? page[0] : Integer.parseInt(total.trim());
            page[0]++;
            List<TrackedEntry> entries = new ArrayList<>();
            for (JsonNode e : Json.parse(response.body(), "Kimai timesheets")) {
                if (Json.text(e, "end") != null && e.path("duration").asLong() > 0) {
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
        OffsetDateTime begin = OffsetDateTime.parse(Json.text(e, "begin"), TIME);
        OffsetDateTime end = OffsetDateTime.parse(Json.text(e, "end"), TIME);
        JsonNode user = e.path("user");
        String userId = user.isObject() ? Json.text(user, "id") : Json.text(e, "user");
        String userName = user.isObject() ? (Json.text(user, "alias") != null ? Json.text(user, "alias")
                : Json.text(user, "username")) : null;
        JsonNode project = e.path("project");
        JsonNode activity = e.path("activity");
        return new TrackedEntry(name, Json.text(e, "id"), userId, null, userName,
                project.isObject() ? Json.text(project, "customer", "name") : null,
                project.isObject() ? Json.text(project, "name") : Json.text(e, "project"),
                activity.isObject() ? Json.text(activity, "name") : Json.text(e, "activity"),
                begin.toLocalDate(), begin, end, Json.hours(e.path("duration").asLong()),
                e.hasNonNull("billable") ? e.get("billable").asBoolean() : null, Json.text(e, "description"), false);
    }
}
