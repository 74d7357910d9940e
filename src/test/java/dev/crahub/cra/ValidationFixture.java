package dev.crahub.cra;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRAs for the validation page's tests, made the normal way (referential, pushed time entries,
 * {@code POST /api/months/{m}/cras}) for contracts {@code page-fr} (French client) and {@code page-en} (English
 * client) in 2025-07, 2025-08 and 2025-09, then put in SENT state with a link of their own (the workflow's sending is
 * another lane's). Loaded once per database (the full-stack tests share one context and database).
 */
final class ValidationFixture {

    static final String REFERENTIAL = """
            sellers:
              - code: page-acme
                name: ACME Conseil SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: PAGE
            clients:
              - code: page-globex
                name: Globex France SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["Tour Horizon"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approver: {name: Claire Martin, email: claire.martin@globex.example}
                billing: {name: Comptabilité, email: factures@globex.example}
              - code: page-initech
                name: Initech UK Ltd
                address: {lines: ["1 Main Street"], postcode: "EC1A 1BB", city: London, country: GB}
                language: en
                approver: {name: Peter Gibbons, email: peter@initech.example}
                billing: {name: Accounts, email: accounts@initech.example}
            consultants:
              - code: page-jd
                name: Jean Dupont
                trackers: [{source: "*", user: page-jd}]
              - code: page-am
                name: Alice Moreau
                trackers: [{source: "*", user: page-am}]
            contracts:
              - code: page-fr
                seller: page-acme
                client: page-globex
                label: Refonte de la plateforme
                consultants: [page-jd, page-am]
                dailyRate: 650.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: page, project: PAGE-FR}]
              - code: page-en
                seller: page-acme
                client: page-initech
                label: Platform support
                consultants: [page-jd]
                dailyRate: 700.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: EXPORT
                vatRate: 0
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: page, project: PAGE-EN}]
            """;

    private ValidationFixture() {
    }

    /** The referential and the time of the three months, and their CRAs built (once). */
    static synchronized void load(TestRestTemplate admin, JdbcClient jdbc) {
        // once per database (a JVM may hold several test contexts, each with its own)
        if (jdbc.sql("SELECT count(*) FROM cra WHERE contract_code IN ('page-fr', 'page-en') AND month = '2025-09'")
                .query(Integer.class).single() == 2) {
            return;
        }
        HttpHeaders yaml = new HttpHeaders();
        yaml.setContentType(MediaType.parseMediaType("application/yaml"));
        assertThat(admin.postForEntity("/api/referential", new HttpEntity<>(REFERENTIAL, yaml), String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        for (String month : List.of("2025-07", "2025-08", "2025-09")) {
            List<Map<String, Object>> entries = new java.util.ArrayList<>();
            // Jean: full days on the 1st-4th working days, a half-day, a Saturday; Alice on page-fr too
            entries.add(entry(month, "jd-1", "page-jd", "PAGE-FR", "01", 8, "Atelier <b>cadrage</b> & \"recette\""));
            entries.add(entry(month, "jd-2", "page-jd", "PAGE-FR", "02", 3.5, "Revue <script>alert('x')</script>"));
            entries.add(entry(month, "jd-3", "page-jd", "PAGE-FR", "03", 8, "Développement du connecteur"));
            entries.add(entry(month, "am-1", "page-am", "PAGE-FR", "02", 8, "Tests de charge"));
            entries.add(entry(month, "am-2", "page-am", "PAGE-FR", "06", 4, "Astreinte week-end"));
            entries.add(entry(month, "en-1", "page-jd", "PAGE-EN", "01", 8, "Support level 2"));
            entries.add(entry(month, "en-2", "page-jd", "PAGE-EN", "04", 2, "Hand-over call"));
            Map<String, Object> batch = Map.of("source", "page", "entries", entries);
            assertThat(admin.postForEntity("/api/time-entries", batch, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(admin.postForEntity("/api/months/" + month + "/cras", null, Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }
    }

    private static Map<String, Object> entry(String month, String id, String user, String project, String day,
                                             double hours, String comment) {
        return Map.of("id", "page-" + month + "-" + id, "user", Map.of("id", user), "project", project,
                "date", month + "-" + day, "hours", hours, "comment", comment);
    }

    /** The live CRA of a contract and month. */
    static long cra(JdbcClient jdbc, String contract, String month) {
        return jdbc.sql("SELECT id FROM cra WHERE contract_code = :c AND month = :m AND status <> 'SUPERSEDED'")
                .param("c", contract).param("m", month).query(Long.class).single();
    }

    /**
     * Makes sure a CRA is SENT (the workflow sends it on build) with a fixed deadline, so the page reads the same any
     * day; marked escalated, so that the workflow's timer leaves that past deadline alone.
     */
    static void send(JdbcClient jdbc, long craId) {
        jdbc.sql("UPDATE cra SET status = 'SENT', sent_at = coalesce(sent_at, now()), validation_deadline = DATE '2025-10-10', escalated_at = coalesce(escalated_at, now()) WHERE id = :id AND status IN ('DRAFT', 'SENT')")
                .param("id", craId).update();
    }

    // ---------------------------------------------------------------- a browser without a browser

    /** A plain HTTP client that keeps the validation cookie, as a browser does, and never follows redirects. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        final String base;
        String cookie;
        String language = "fr-FR,fr;q=0.9";

        Browser(int port) {
            this.base = "http://localhost:" + port;
        }

        HttpResponse<String> get(String path) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET()
                    .header("User-Agent", "PageTest/1.0 (approver's phone)").header("Accept-Language", language);
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            keepCookie(response);
            return response;
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return postRaw(path, body);
        }

        HttpResponse<String> postRaw(String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", "PageTest/1.0 (approver's phone)").header("Accept-Language", language);
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            keepCookie(response);
            return response;
        }

        private void keepCookie(HttpResponse<String> response) {
            response.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(ValidationSecurity.CSRF_COOKIE + "="))
                    .findFirst().ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
        }
    }

    private static final Pattern CSRF_FIELD = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");

    /** The CSRF token of the page's form. */
    static String csrf(String html) {
        Matcher m = CSRF_FIELD.matcher(html);
        assertThat(m.find()).as("the page holds the form's CSRF field").isTrue();
        return m.group(1);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now();
    }
}
