package dev.crahub.timesheet.connector.redmine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.connector.ConnectorDatabase;
import dev.crahub.timesheet.connector.ConnectorPulls;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.FakeTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redmine connector against a real Redmine (Debian's package, started by {@code .ci/redmine} from {@code .ci/run},
 * which exports {@code REDMINE_URL} and {@code REDMINE_API_KEY}): a project, an issue and time entries are created
 * over Redmine's REST API, pulled, then one is deleted in Redmine and a resync marks it deleted.
 */
@EnabledIfEnvironmentVariable(named = "REDMINE_URL", matches = "https?://.+",
        disabledReason = "tier Redmine: REDMINE_URL/REDMINE_API_KEY are not set (.ci/run starts a real Redmine and sets them)")
@EnabledIfEnvironmentVariable(named = "REDMINE_API_KEY", matches = ".+",
        disabledReason = "tier Redmine: REDMINE_URL/REDMINE_API_KEY are not set (.ci/run starts a real Redmine and sets them)")
class RedmineConnectorIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String URL = System.getenv("REDMINE_URL");
    static final String KEY = System.getenv("REDMINE_API_KEY");

    static ConnectorDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = new ConnectorDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    static JsonNode redmine(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + path))
                .header("X-Redmine-API-Key", KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    static String entry(long issue, long activity, String day, String hours, String comment) throws Exception {
        return redmine("POST", "/time_entries.json", Map.of("time_entry", Map.of("issue_id", issue,
                "spent_on", day, "hours", hours, "activity_id", activity, "comments", comment)))
                .path("time_entry").path("id").asText();
    }

    @Test
    void pullsWhatWasSeededThenAResyncMarksTheEntryDeletedInRedmine() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<Integer> trackers = new java.util.ArrayList<>();
        redmine("GET", "/trackers.json", null).path("trackers").forEach(t -> trackers.add(t.path("id").asInt()));
        long client = redmine("POST", "/projects.json", Map.of("project", Map.of("name", "Client Ünïcode " + suffix,
                "identifier", "client-" + suffix))).path("project").path("id").asLong();
        long project = redmine("POST", "/projects.json", Map.of("project", Map.of("name", "Refonte " + suffix,
                "identifier", "crahub-" + suffix, "parent_id", client, "tracker_ids", trackers)))
                .path("project").path("id").asLong();
        long issue = redmine("POST", "/issues.json", Map.of("issue", Map.of("project_id", project,
                "subject", "Refonte du hub", "tracker_id", trackers.get(0)))).path("issue").path("id").asLong();
        long activity = redmine("GET", "/enumerations/time_entry_activities.json", null)
                .path("time_entry_activities").get(0).path("id").asLong();
        String kept = entry(issue, activity, "2024-03-04", "2.5", "Atelier « cadrage » – jour 1");
        String doomed = entry(issue, activity, "2024-03-05", "1.25", "Revue");
        String other = entry(issue, activity, "2024-03-06", "7", "");

        String name = "redmine-real";
        FakeTime time = new FakeTime(Instant.parse("2024-03-20T09:00:00Z"), ZoneId.of("Europe/Paris"));
        ConnectorPulls pulls = db.pulls(Map.of(name, ConnectorSettings.of("redmine", URL,
                Map.of("token-env", "REDMINE_API_KEY"))), time, System.getenv());

        IngestResult pulled = pulls.pull(name);
        assertThat(pulled.received()).isGreaterThanOrEqualTo(3);
        assertThat(db.count(name, "external_id = '" + kept + "' AND hours = 2.50 AND work_date = DATE '2024-03-04'"
                + " AND project = 'Refonte " + suffix + "' AND tracker_client = 'Client Ünïcode " + suffix + "'"
                + " AND tracker_user_name = 'Redmine Admin'"
                + " AND comment = '#" + issue + " Atelier « cadrage » – jour 1' AND NOT deleted")).isEqualTo(1);
        assertThat(db.count(name, "external_id IN ('" + doomed + "', '" + other + "') AND NOT deleted")).isEqualTo(2);
        assertThat(db.state(name).watermark()).isEqualTo("2024-03-20");

        redmine("DELETE", "/time_entries/" + doomed + ".json", null);
        IngestResult resync = pulls.sync(name, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31));
        assertThat(resync.deleted()).isEqualTo(1);
        assertThat(db.count(name, "external_id = '" + doomed + "' AND deleted")).isEqualTo(1);
        assertThat(db.count(name, "external_id IN ('" + kept + "', '" + other + "') AND NOT deleted")).isEqualTo(2);
    }
}
