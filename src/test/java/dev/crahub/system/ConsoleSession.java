package dev.crahub.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of the ops console as a browser is, over real HTTP: fetches the login form (and its XSRF-TOKEN cookie),
 * posts the form, then keeps the session and CSRF cookies and sends the token back in {@code X-XSRF-TOKEN}, as
 * Hawtio's scripts do. Keeps every {@code Set-Cookie} it received so tests can check the cookies' attributes.
 */
final class ConsoleSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    final List<String> setCookies = new java.util.ArrayList<>();

    ConsoleSession(int port) {
        this.base = "http://localhost:" + port;
    }

    /** Logs in through the form; returns the answer to the form's POST (a redirect when it worked). */
    HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/login")).GET());
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrfToken());
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        // the token changes at login: fetch the new one as Hawtio's page load does
        send(HttpRequest.newBuilder(URI.create(base + "/actuator/hawtio/")).GET());
        return answer;
    }

    String csrfToken() {
        return cookies.get("XSRF-TOKEN");
    }

    boolean hasSession() {
        return cookies.containsKey("JSESSIONID");
    }

    /** A Jolokia request by POST with the CSRF token, as Hawtio sends it. */
    JsonNode jolokia(String requestJson) throws IOException, InterruptedException {
        HttpResponse<String> answer = jolokiaPost(requestJson, true, Map.of());
        if (answer.statusCode() != 200) {
            throw new AssertionError("Jolokia answered HTTP " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    HttpResponse<String> jolokiaPost(String requestJson, boolean withCsrf, Map<String, String> headers)
            throws IOException, InterruptedException {
        return post("/actuator/jolokia", requestJson, withCsrf, headers);
    }

    HttpResponse<String> post(String path, String requestJson, boolean withCsrf, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestJson));
        if (withCsrf) {
            request.header("X-XSRF-TOKEN", csrfToken());
        }
        headers.forEach(request::header);
        return send(request);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String header : answer.headers().allValues("Set-Cookie")) {
            setCookies.add(header);
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return answer;
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
