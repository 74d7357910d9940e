package dev.crahub.timesheet.connector.jira;

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
import dev.crahub.timesheet.connector.Urls;

/**
 * Jira Cloud worklogs. Incremental: {@code GET /rest/api/3/worklog/updated?since=<ms>} pages of ids (followed until
 * {@code lastPage}, the last {@code until} being the next watermark), each page's worklogs read with
 * {@code POST /rest/api/3/worklog/list}. Resync of a range: the issues with worklogs in it
 * ({@code GET /rest/api/3/search/jql}, {@code nextPageToken}), then each issue's worklogs started in it
 * ({@code startAt}/{@code maxResults}). Comments are Atlassian Document Format, turned into text ({@link Adf}).
 * Entry: project = the issue key (rules like {@code project: "GLOB-*"}), client = the Jira project's name,
 * task = the issue summary. Deletions: {@code /worklog/deleted?since=} after the updates (ids marked deleted); the
 * next watermark is the smaller of both feeds' {@code until}.
 */
public class JiraTracker implements Tracker {

    static final DateTimeFormatter STARTED = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").appendOffset("+HHMM", "+0000").toFormatter();

    private final String name;
    private final ConnectorSettings settings;
    private final JiraApi jira;
    private final Clock clock;

    public JiraTracker(String name, ConnectorSettings settings, JiraApi jira, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.jira = jira;
        this.clock = clock;
    }

    @Override
    public Batch changes(String watermark, LocalDate today) {
        long since = watermark != null ? Long.parseLong(watermark)
                : clock.instant().minus(settings.firstPull()).toEpochMilli();
        long[] until = {since};
        boolean[] last = {false};
        Iterator<TrackedEntry> entries = Pages.of(() -> {
            if (last[0]) {
                return null;
            }
            JsonNode page = jira.get("/rest/api/3/worklog/updated", Urls.params("since", until[0]));
            List<Long> ids = new ArrayList<>();
            page.path("values").forEach(v -> ids.add(v.path("worklogId").asLong()));
            last[0] = page.path("lastPage").asBoolean(true) || ids.isEmpty();
            until[0] = page.path("until").asLong(until[0]);
            List<TrackedEntry> batch = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += 1000) {
                jira.post("/rest/api/3/worklog/list", Map.of("ids", ids.subList(i, Math.min(ids.size(), i + 1000))))
                        .forEach(w -> batch.add(entry(w, jira.issue(Json.text(w, "issueId")))));
            }
            return batch;
        });
        long[] deletedUntil = {Long.MAX_VALUE};
        return new Batch(entries, () -> String.valueOf(Math.min(until[0], deletedUntil[0])), null, () -> {
            List<String> gone = new ArrayList<>();
            long from = since;
            while (true) {
                JsonNode page = jira.get("/rest/api/3/worklog/deleted", Urls.params("since", from));
                page.path("values").forEach(v -> gone.add(v.path("worklogId").asText()));
                from = page.path("until").asLong(from);
                if (page.path("lastPage").asBoolean(true) || page.path("values").isEmpty()) {
                    break;
                }
            }
            deletedUntil[0] = from;
            return gone;
        });
    }

    @Override
    public Iterator<TrackedEntry> range(LocalDate from, LocalDate to) {
        String jql = "worklogDate >= \"" + from + "\" AND worklogDate <= \"" + to + "\" ORDER BY key";
        long after = from.atStartOfDay(clock.getZone()).toInstant().toEpochMilli() - 1;
        long before = to.plusDays(1).atStartOfDay(clock.getZone()).toInstant().toEpochMilli();
        String[] token = {null};
        boolean[] last = {false};
        return Pages.of(() -> {
            if (last[0]) {
                return null;
            }
            JsonNode page = jira.get("/rest/api/3/search/jql", Urls.params("jql", jql, "fields", "summary,project",
                    "maxResults", 100, "nextPageToken", token[0]));
            token[0] = Json.text(page, "nextPageToken");
            last[0] = token[0] == null || page.path("isLast").asBoolean(false);
            List<TrackedEntry> batch = new ArrayList<>();
            for (JsonNode i : page.path("issues")) {
                JiraApi.Issue issue = jira.remember(i);
                int startAt = 0;
                while (true) {
                    JsonNode logs = jira.get("/rest/api/3/issue/" + issue.key() + "/worklog", Urls.params(
                            "startedAfter", after, "startedBefore", before, "startAt", startAt, "maxResults", 1000));
                    JsonNode list = logs.path("worklogs");
                    for (JsonNode w : list) {
                        TrackedEntry e = entry(w, issue);
                        if (!e.date().isBefore(from) && !e.date().isAfter(to)) {
                            batch.add(e);
                        }
                    }
                    startAt += list.size();
                    if (list.isEmpty() || startAt >= logs.path("total").asInt(0)) {
                        break;
                    }
                }
            }
            return batch;
        });
    }

    TrackedEntry entry(JsonNode w, JiraApi.Issue issue) {
        OffsetDateTime start = OffsetDateTime.parse(Json.text(w, "started"), STARTED);
        long seconds = w.path("timeSpentSeconds").asLong();
        return new TrackedEntry(name, Json.text(w, "id"), Json.text(w, "author", "accountId"),
                Json.text(w, "author", "emailAddress"), Json.text(w, "author", "displayName"), issue.projectName(),
                issue.key(), issue.summary(), start.atZoneSameInstant(clock.getZone()).toLocalDate(), start,
                start.plusSeconds(seconds), Json.hours(seconds), null, Adf.text(w.get("comment")), false);
    }
}
