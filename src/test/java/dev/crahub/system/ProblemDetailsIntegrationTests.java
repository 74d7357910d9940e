package dev.crahub.system;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP error of the API and the console, for a client that is not a browser, is an RFC 9457 problem detail
 * ({@code application/problem+json}, title, status, detail in the user's terms, no stack trace, no class name, no
 * internal message): {@code GET /error} itself, 401, 403, 404, 405, 400 and a server failure (a test endpoint that
 * throws what a broken database driver would). Browsers keep the HTML pages.
 */
@Import(ProblemDetailsIntegrationTests.Broken.class)
class ProblemDetailsIntegrationTests extends HubTestSupport {

    /** A bug, as a controller that lets an internal exception out would be. */
    @RestController
    static class Broken {
        @GetMapping("/api/test/broken")
        String broken() {
            throw new IllegalStateException("org.postgresql.util.PSQLException: FATAL password=hunter2 for 10.1.2.3");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private LoopbackClient.Answer call(String method, String path, Map<String, String> headers) throws Exception {
        return new LoopbackClient("127.0.0.1", port).send(method, path, headers, null);
    }

    private static JsonNode problem(LoopbackClient.Answer answer, int status) throws Exception {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception", "trace", "dev.crahub", "org.springframework", "999");
        return problem;
    }

    private static Map<String, String> as(String user, String password) {
        return Map.of("Authorization", LoopbackClient.basic(user, password), "Accept", "application/json");
    }

    @Test
    void theErrorPageAskedDirectlyIsNotFoundNotStatus999() throws Exception {
        JsonNode p = problem(call("GET", "/error", Map.of("Accept", "application/json")), 404);
        assertThat(p.path("title").asText()).isEqualTo("Not Found");
        assertThat(p.path("detail").asText()).isEqualTo("There is nothing at /error.");
        LoopbackClient.Answer html = call("GET", "/error", Map.of("Accept", "text/html"));
        assertThat(html.status()).isEqualTo(404);
        assertThat(html.body()).contains("Not Found").doesNotContain("999").doesNotContain("None");
    }

    @Test
    void withoutCredentialsTheApiAnswers401() throws Exception {
        JsonNode p = problem(call("GET", "/api/invoices", Map.of()), 401);
        assertThat(p.path("detail").asText()).contains("login");
        problem(call("GET", "/api/invoices", as("billing", "not-the-password")), 401);
    }

    @Test
    void aRoleThatDoesNotAllowItGets403() throws Exception {
        JsonNode p = problem(call("GET", "/api/cras", as("ops", OPS_PASSWORD)), 403);
        assertThat(p.path("detail").asText()).isEqualTo("Your role does not allow GET /api/cras.");
        problem(call("POST", "/api/referential", as("billing", BILLING_PASSWORD)), 403);
    }

    @Test
    void anUnknownAddressIs404() throws Exception {
        JsonNode p = problem(call("GET", "/api/nothing-here", as("billing", BILLING_PASSWORD)), 404);
        assertThat(p.path("detail").asText()).contains("/api/nothing-here");
        assertThat(problem(call("GET", "/api/invoices/424242", as("billing", BILLING_PASSWORD)), 404)
                .path("detail").asText()).isEqualTo("No invoice 424242");
    }

    @Test
    void aWrongMethodIs405() throws Exception {
        JsonNode p = problem(call("DELETE", "/api/invoices", as("billing", BILLING_PASSWORD)), 405);
        assertThat(p.path("detail").asText()).contains("DELETE");
    }

    @Test
    void aBadRequestIs400AndSaysWhy() throws Exception {
        JsonNode p = problem(call("POST", "/api/months/2026-13/cras", as("billing", BILLING_PASSWORD)), 400);
        assertThat(p.path("detail").asText()).contains("'2026-13' is not a month");
    }

    @Test
    void aServerFailureIs500WithoutItsInternals() throws Exception {
        LoopbackClient.Answer answer = call("GET", "/api/test/broken", as("billing", BILLING_PASSWORD));
        JsonNode p = problem(answer, 500);
        assertThat(p.path("detail").asText()).isEqualTo("The hub failed to handle this request; the cause is in its log.");
        assertThat(answer.body()).doesNotContain("hunter2", "PSQL", "10.1.2.3", "postgresql");
    }

    @Test
    void theConsoleAnswersProblemsToScriptsAndPagesToBrowsers() throws Exception {
        problem(call("GET", "/actuator/prometheus", Map.of("Accept", "application/json")), 401);
        problem(call("GET", "/actuator/prometheus", as("billing", BILLING_PASSWORD)), 403);
        problem(call("GET", "/actuator/nothing-here", as("ops", OPS_PASSWORD)), 404);
        LoopbackClient.Answer browser = call("GET", "/actuator/hawtio/", Map.of("Accept", "text/html"));
        assertThat(browser.status()).isEqualTo(302);
        assertThat(browser.header("Location")).endsWith("/login");
    }
}
