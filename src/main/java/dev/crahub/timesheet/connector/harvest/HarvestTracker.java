package dev.crahub.timesheet.connector.harvest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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
 * Harvest API v2, {@code GET /v2/time_entries}: Bearer token + {@code Harvest-Account-Id} + a {@code User-Agent};
 * pages followed through {@code links.next} (up to 2000 per page); incremental with {@code updated_since} (the
 * pull's start instant is the next watermark). Harvest's quota: 100 requests per 15 s. Running timers are skipped
 * until stopped. {@code updated_since} does not report deletions: a resync ({@code POST .../sync}) finds them.
 */
public class HarvestTracker implements Tracker {

    public static final String DEFAULT_BASE_URL = "https://api.harvestapp.com";

    private final String name;
    private final ConnectorSettings settings;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final TrackerHttp http;
    private final Clock clock;

    public HarvestTracker(String name, ConnectorSettings settings, String token, TrackerHttp http, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.baseUrl = settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl();
        if (settings.accountId() == null) {
            throw new IllegalStateException("Connector '" + name + "' (harvest) needs crahub.connectors." + name
                    + ".account-id");
        }
        this.headers = Map.of("Authorization", "Bearer " + token, "Harvest-Account-Id", settings.accountId(),
                "User-Agent", "crahub timesheet hub (" + name + ")");
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Batch changes(String watermark, LocalDate today) {
        Instant started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Iterator<TrackedEntry> entries = watermark == null
                ? range(today.minusDays(settings.firstPull().toDays()), today)
                : pages(Urls.of(baseUrl, "/v2/time_entries", Urls.params("updated_since", watermark,
                "per_page", perPage())));
        return new Batch(entries, started::toString, null);
    }

    @Override
    public Iterator<TrackedEntry> range(LocalDate from, LocalDate to) {
        return pages(Urls.of(baseUrl, "/v2/time_entries", Urls.params("from", from, "to", to, "per_page", perPage())));
    }

    private int perPage() {
        return settings.pageSize() > 0 ? Math.min(settings.pageSize(), 2000) : 2000;
    }

    private Iterator<TrackedEntry> pages(URI first) {
        URI[] next = {first};
        return Pages.of(() -> {
            if (next[0] == null) {
                return null;
            }
            JsonNode page = Json.parse(http.get(next[0], headers).body(), "Harvest time entries");
            String link = Json.text(page, "links", "next");
            next[0] = link == null ? null : Urls.rebase(baseUrl, link);
            List<TrackedEntry> entries = new ArrayList<>();
            for (JsonNode e : page.path("time_entries")) {
                if (!e.path("is_running").asBoolean(false)) {
                    entries.add(entry(e));
                }
            }
            return entries;
        });
    }

    TrackedEntry entry(JsonNode e) {
        return new TrackedEntry(name, Json.text(e, "id"), Json.text(e, "user", "id"), null, Json.text(e, "user", "name"),
                Json.text(e, "client", "name"), Json.text(e, "project", "name"), Json.text(e, "task", "name"),
                LocalDate.parse(Json.text(e, "spent_date")), null, null, new BigDecimal(Json.text(e, "hours")),
                e.hasNonNull("billable") ? e.get("billable").asBoolean() : null, Json.text(e, "notes"), false);
    }
}
