package dev.crahub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub on its zero-setup defaults: embedded PostgreSQL, mails to the .eml outbox, guarded endpoints. */
@SuppressWarnings({"unchecked", "rawtypes"})
class HubIntegrationTests extends HubTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void anEmptyHomeReceivesTheBundledRoutesAndStylesheets() {
        assertThat(home.routes().resolve("cra/cra-build.yaml")).exists();
        assertThat(home.xsl().resolve("invoice-fo.xsl")).exists();
        assertThat(home.xsl().resolve("cra-fo.xsl")).exists();
        assertThat(home.data().resolve("pgdata/PG_VERSION")).exists();
    }

    @Test
    void everyRouteHasAKebabCaseIdAndADescription() {
        List<Route> routes = camel.getRoutes();
        assertThat(routes).extracting(Route::getRouteId).contains("timesheet-ingest-file", "referential-load-file",
                "cra-build", "cra-build-one", "cra-render-pdf", "invoice-issue", "invoice-issue-one",
                "invoice-render-pdf", "delivery-dispatch", "delivery-mail-invoice", "system-dead-letter");
        assertThat(routes).allSatisfy(route -> {
            assertThat(route.getRouteId()).matches("[a-z]+(-[a-z0-9]+)+");
            assertThat(route.getDescription()).as("description of " + route.getRouteId()).isNotBlank();
        });
    }

    @Test
    void aBadTimesheetIsQuarantinedWithAReportNamingEveryBadLine() throws Exception {
        drop("referential", "ref-bad-ts.yaml", resource("/fixtures/referential.yaml"));
        awaitDone("referential", "ref-bad-ts.yaml");
        String csv = """
                consultant,date,hours,project,comment
                jdupont,2026-09-01,7.5,GLOBEX-PLATFORM,ok line
                jdupont,2026-09-31,7.5,GLOBEX-PLATFORM,no such day
                jdupont,2026-09-02,seven,GLOBEX-PLATFORM,bad hours
                nobody,2026-09-03,2,GLOBEX-PLATFORM,unknown consultant
                """;
        drop("timesheets", "bad-2026-09.csv", csv);
        Path report = home.inbox("timesheets").resolve(".error/bad-2026-09.csv.error.txt");
        Path quarantined = home.inbox("timesheets").resolve(".error/bad-2026-09.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report) && Files.exists(quarantined));
        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text).contains("nothing of it was imported")
                .contains("line 3, column 2 'date'").contains("2026-09-31")
                .contains("line 4, column 3 'hours'").contains("seven");
        // nothing of the file was imported, not even its good line
        List<?> entries = admin().getForObject("/api/time-entries?from=2026-09-01&to=2026-09-30", List.class);
        assertThat(entries).isEmpty();
    }

    @Test
    void anInvalidReferentialIsRejectedWholeWithEveryProblem() throws Exception {
        String yaml = resource("/fixtures/referential.yaml")
                .replace("siren: \"123456782\"", "siren: \"123456789\"")
                .replace("dailyRate: 650.00", "dailyRate: -1");
        drop("referential", "broken.yaml", yaml);
        Path report = home.inbox("referential").resolve(".error/broken.yaml.error.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));
        assertThat(Files.readString(report)).contains("sellers[0].siren", "contracts[0].dailyRate");
    }

    @Test
    void theApiTakesReferentialsAndPushedEntriesWholeOrNotAtAll() throws Exception {
        org.springframework.http.HttpHeaders yaml = new org.springframework.http.HttpHeaders();
        yaml.setContentType(org.springframework.http.MediaType.parseMediaType("application/yaml"));
        ResponseEntity<Map> bad = admin().postForEntity("/api/referential",
                new org.springframework.http.HttpEntity<>("consultants:\n  - code: Bad Code\n", yaml), Map.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) bad.getBody().get("problems")).anyMatch(p -> p.startsWith("consultants[0].code"));
        ResponseEntity<Map> good = admin().postForEntity("/api/referential",
                new org.springframework.http.HttpEntity<>(resource("/fixtures/referential.yaml"), yaml), Map.class);
        assertThat(good.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.withBasicAuth("billing", BILLING_PASSWORD).postForEntity("/api/referential",
                new org.springframework.http.HttpEntity<>("consultants: []", yaml), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        Map<String, Object> batch = Map.of("source", "webhook", "entries", List.of(
                Map.of("id", "w-1", "user", Map.of("email", "nobody@else.example"), "project", "GLOBEX-PLATFORM",
                        "start", "2026-07-01T09:00:00+02:00", "end", "2026-07-01T12:30:00+02:00", "comment", "pushed"),
                Map.of("id", "w-2", "user", Map.of("id", "jdupont"), "project", "nowhere", "date", "2026-07-02",
                        "hours", 2)));
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries", batch, Map.class);
        assertThat(pushed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(pushed.getBody()).containsEntry("created", 2).containsEntry("unmapped", 2);
        assertThat(admin().postForEntity("/api/time-entries", batch, Map.class).getBody()).containsEntry("unchanged", 2);
        List<Map<String, Object>> july = admin().getForObject("/api/time-entries?from=2026-07-01&to=2026-07-31", List.class);
        assertThat(july).hasSize(2).anySatisfy(e -> {
            assertThat(e).containsEntry("externalId", "w-1").containsEntry("hours", 3.5)
                    .containsEntry("trackerUser", "nobody@else.example")
                    // the contract's rule names the generic source: a webhook's entry stays unmapped until a rule says so
                    .doesNotContainKey("contract").doesNotContainKey("consultant");
            assertThat((String) e.get("start")).startsWith("2026-07-01T07:00");
        });

        ResponseEntity<Map> invalid = admin().postForEntity("/api/time-entries", Map.of("source", "webhook", "entries",
                List.of(Map.of("id", "w-3", "user", Map.of("id", "jdupont"), "date", "2026-07-03", "hours", 2),
                        Map.of("user", Map.of("id", "jdupont"), "date", "2026-07-03", "hours", 30))), Map.class);
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) invalid.getBody().get("problems"))
                .anyMatch(p -> p.startsWith("entries[1].id")).anyMatch(p -> p.startsWith("entries[1].hours"));
        assertThat(admin().getForObject("/api/time-entries?from=2026-07-03&to=2026-07-03", List.class)).isEmpty();
    }

    @Test
    void withoutSmtpTheInvoiceMailIsWrittenToTheOutbox() throws Exception {
        drop("referential", "ref-eml.yaml", resource("/fixtures/referential.yaml"));
        awaitDone("referential", "ref-eml.yaml");
        drop("timesheets", "eml-2026-08.csv", """
                consultant;date;hours;project;comment
                jdupont;03/08/2026;7,5;GLOBEX-PLATFORM;Atelier d'août
                """);
        awaitDone("timesheets", "eml-2026-08.csv");
        Map<?, ?> cras = admin().postForObject("/api/months/2026-08/cras", null, Map.class);
        Number craId = (Number) ((Map<?, ?>) ((List<?>) cras.get("cras")).get(0)).get("id");
        approve(craId, "approved by phone");
        Map<?, ?> invoices = admin().postForObject("/api/months/2026-08/invoices", null, Map.class);
        String number = (String) ((Map<?, ?>) ((List<?>) invoices.get("invoices")).get(0)).get("number");

        awaitValidEInvoices("2026-08"); // the gate lets only VALID e-invoices leave
        Map<?, ?> dispatch = dispatchMonth("2026-08");
        assertThat((List<?>) dispatch.get("dispatches")).singleElement()
                .satisfies(d -> assertThat(((Map<?, ?>) d).get("status")).isEqualTo("SENT"));
        Path eml = home.outbox("mail").resolve(number + ".eml");
        assertThat(eml).exists();
        String mail = Files.readString(eml, StandardCharsets.ISO_8859_1);
        assertThat(mail).contains("To: factures@globex.example", "Content-Type: application/pdf",
                "filename=" + number + ".pdf", "Message-ID: <invoice." + number + "@");

        ResponseEntity<byte[]> pdf = admin().getForEntity("/api/invoices/{id}/pdf", byte[].class,
                ((Map<?, ?>) ((List<?>) invoices.get("invoices")).get(0)).get("id"));
        assertThat(pdf.getHeaders().getContentType().toString()).isEqualTo("application/pdf");
        assertThat(MonthEndIntegrationTests.text(pdf.getBody())).contains(number);
    }

    @Test
    void everythingButHealthNeedsALoginWithTheRightRole() {
        assertThat(rest.getForEntity("/api/invoices", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("admin", "wrong").getForEntity("/api/invoices", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(admin().getForEntity("/api/invoices", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.withBasicAuth("billing", BILLING_PASSWORD).getForEntity("/api/cras", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/cras", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<String> health = rest.getForEntity("/actuator/health", String.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).isEqualTo("{\"status\":\"UP\"}");

        assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode().is2xxSuccessful()).isFalse();
        ResponseEntity<String> metrics = rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/actuator/prometheus", String.class);
        assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(metrics.getBody()).contains("jvm_memory_used_bytes");

        assertThat(rest.getForEntity("/actuator/jolokia/version", String.class).getStatusCode().is2xxSuccessful()).isFalse();
        assertThat(rest.withBasicAuth("billing", BILLING_PASSWORD).getForEntity("/actuator/jolokia/version", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // ops reach Jolokia, but never by GET (a link on another site could trigger it): POST with CSRF only
        ResponseEntity<String> jolokia = rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/actuator/jolokia/version", String.class);
        assertThat(jolokia.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(jolokia.getBody()).contains("POST requests only").doesNotContain("\"agent\"");
        ResponseEntity<String> hawtio = rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/actuator/hawtio/", String.class);
        assertThat(hawtio.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(hawtio.getBody()).containsIgnoringCase("hawtio");
        assertThat(rest.withBasicAuth("billing", BILLING_PASSWORD).getForEntity("/actuator/hawtio/", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
