package dev.crahub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile inputs through the running hub: control characters refused at the inbox and the push API in the user's
 * terms, the API's limits, a CRA failing on its own with a clear message when older data holds what XML cannot
 * carry, and the pools' health.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
class InputLimitsIntegrationTests extends HubTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void thePushApiRefusesAControlCharacterNamingTheEntryAndField() {
        Map<String, Object> batch = Map.of("source", "webhook", "entries", List.of(
                Map.of("id", "cc-1", "user", Map.of("id", "jdupont"), "date", "2026-06-01", "hours", 2, "comment", "ok"),
                Map.of("id", "cc-2", "user", Map.of("id", "jdupont"), "date", "2026-06-01", "hours", 2,
                        "comment", "Atelier\u0001")));
        ResponseEntity<Map> answer = admin().postForEntity("/api/time-entries", batch, Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((List<String>) answer.getBody().get("problems"))
                .containsExactly("entries[1].comment: control character U+0001 is not allowed (character 8)");
        assertThat(admin().getForObject("/api/time-entries?from=2026-06-01&to=2026-06-01", List.class)).isEmpty();
    }

    @Test
    void thePushApiRefusesMoreEntriesThanOneRequestMayHold() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            entries.add(Map.of("id", "n-" + i, "user", Map.of("id", "u"), "date", "2026-06-02", "hours", 1));
        }
        ResponseEntity<Map> answer = admin().postForEntity("/api/time-entries",
                Map.of("source", "webhook", "entries", entries), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat((List<String>) answer.getBody().get("problems")).singleElement().asString()
                .contains("more than 10,000 entries", "crahub.timesheet.limits.entries-per-request");
    }

    @Test
    void aReferentialTooBigForItsLimitIsRefusedUnreadFromTheInboxAndTheApi() throws Exception {
        // 3 MiB characters at most (crahub.referential.max-characters): a 13 MB document cannot be within it
        String comment = "# " + "x".repeat(1 << 20) + "\n";
        Path big = home.inbox("referential").resolve("big.yaml");
        Path temp = Files.createTempFile(big.getParent().getParent(), ".big-", ".tmp");
        try (var out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 13; i++) {
                out.write(comment);
            }
        }
        long size = Files.size(temp);
        Files.move(temp, big, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Path report = home.inbox("referential").resolve(".error/big.yaml.error.txt");
        // the report is written before the file is moved beside it: wait for both
        Path rejected = home.inbox("referential").resolve(".error/big.yaml");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report) && Files.exists(rejected));
        assertThat(Files.readString(report, StandardCharsets.UTF_8)).contains(String.format(java.util.Locale.ROOT,
                "the document holds %,d bytes, more than 3,145,728 characters can take (the limit "
                        + "crahub.referential.max-characters); nothing was read", size));

        ResponseEntity<Map> answer = admin().postForEntity("/api/referential",
                new org.springframework.http.HttpEntity<>(Files.readAllBytes(home.inbox("referential")
                        .resolve(".error/big.yaml")), yamlHeaders()), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) answer.getBody().get("problems")).singleElement().asString()
                .contains("more than 3,145,728 characters can take", "nothing was read");
    }

    private static org.springframework.http.HttpHeaders yamlHeaders() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/yaml"));
        return headers;
    }

    @Test
    void aNulByteInAnInboxFileIsReportedWithoutSql() throws Exception {
        drop("timesheets", "nul-2026-06.csv", "consultant,date,hours,project,comment\n"
                + "jdupont,2026-06-03,7,GLOBEX-PLATFORM,a\u0000b\n");
        Path report = home.inbox("timesheets").resolve(".error/nul-2026-06.csv.error.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        assertThat(Files.readString(report, StandardCharsets.UTF_8))
                .contains("line 2, column 5 'comment': control character U+0000 is not allowed (character 2)")
                .doesNotContain("COPY", "time_entry_staging", "SQL");
    }

    @Test
    void aCraFailsAloneWithAClearMessageWhenOlderDataHoldsWhatXmlCannotCarry() throws Exception {
        drop("referential", "ref-legacy.yaml", resource("/fixtures/referential.yaml"));
        awaitDone("referential", "ref-legacy.yaml");
        drop("timesheets", "legacy-2026-04.csv", """
                consultant;date;hours;project;comment
                jdupont;02/04/2026;7;GLOBEX-PLATFORM;Atelier
                """);
        awaitDone("timesheets", "legacy-2026-04.csv");
        // as an import before the rule could have stored it
        jdbc.sql("UPDATE time_entry SET comment = 'Atelier' || chr(1) WHERE work_date = DATE '2026-04-02'").update();

        Map<?, ?> built = admin().postForObject("/api/months/2026-04/cras", null, Map.class);
        assertThat((List<Map<String, Object>>) built.get("cras")).singleElement().satisfies(cra -> {
            assertThat(cra).containsEntry("outcome", "FAILED");
            assertThat((String) cra.get("error")).contains("cannot write comment", "entry[date=2026-04-02]",
                    "control character U+0001 is not allowed (character 8)");
        });
    }

    @Test
    void theServerPoolsHealthIsUpWhileTheAcceptorAndPoolsLive() {
        Map<?, ?> health = rest.withBasicAuth("ops", OPS_PASSWORD).getForObject("/actuator/health", Map.class);
        Map<?, ?> pools = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("serverPools");
        assertThat(pools.get("status")).isEqualTo("UP");
        assertThat((List<String>) ((Map<?, ?>) pools.get("details")).get("httpConnectors")).singleElement()
                .asString().startsWith("http-nio-");
    }
}
