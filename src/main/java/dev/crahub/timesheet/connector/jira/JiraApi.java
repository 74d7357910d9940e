package dev.crahub.timesheet.connector.jira;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crahub.timesheet.connector.ConnectorSettings;
import dev.crahub.timesheet.connector.Json;
import dev.crahub.timesheet.connector.TrackerHttp;
import dev.crahub.timesheet.connector.Urls;

/**
 * Jira Cloud REST v3 as the connectors need it (Basic {@code email:token}), with the look-ups Tempo depends on:
 * issue id → key and project, account id → name and e-mail, each asked once per pull.
 */
public class JiraApi {

    /** An issue as entries name it. */
    public record Issue(String id, String key, String summary, String projectKey, String projectName) {
    }

    /** A person as entries name them (e-mail only when the user's privacy settings show it). */
    public record Person(String accountId, String name, String email) {
    }

    private final String baseUrl;
    private final Map<String, String> headers;
    private final TrackerHttp http;
    private final Map<String, Issue> issues = new HashMap<>();
    private final Map<String, Person> people = new HashMap<>();

    public JiraApi(String name, ConnectorSettings settings, String token, TrackerHttp http) {
        if (settings.baseUrl() == null || settings.email() == null) {
            throw new IllegalStateException("Connector '" + name + "' (jira) needs crahub.connectors." + name
                    + ".base-url and .email");
        }
        this.baseUrl = settings.baseUrl();
        String basic = settings.email() + ":" + token;
        this.headers = Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        this.http = http;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public JsonNode get(String path, Map<String, ?> query) {
        return Json.parse(http.get(Urls.of(baseUrl, path, query), headers).body(), "Jira " + path);
    }

    public JsonNode getLink(String link) {
        return Json.parse(http.get(Urls.rebase(baseUrl, link), headers).body(), "Jira");
    }

    public JsonNode post(String path, Object body) {
        return Json.parse(http.post(Urls.of(baseUrl, path, Map.of()), headers, Json.write(body)).body(), "Jira " + path);
    }

    public Issue issue(String idOrKey) {
        Issue known = issues.get(idOrKey);
        return known != null ? known
                : remember(get("/rest/api/3/issue/" + idOrKey, Urls.params("fields", "summary,project")));
    }

    /** An issue read elsewhere (a search): kept so worklogs don't ask again. */
    public Issue remember(JsonNode i) {
        Issue issue = new Issue(Json.text(i, "id"), Json.text(i, "key"), Json.text(i, "fields", "summary"),
                Json.text(i, "fields", "project", "key"), Json.text(i, "fields", "project", "name"));
        issues.put(issue.id(), issue);
        return issue;
    }

    public Person person(String accountId) {
        return people.computeIfAbsent(accountId, id -> {
            JsonNode u = get("/rest/api/3/user", Urls.params("accountId", id));
            return new Person(id, Json.text(u, "displayName"), Json.text(u, "emailAddress"));
        });
    }
}
