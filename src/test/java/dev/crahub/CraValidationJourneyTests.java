package dev.crahub;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CRA validation journey as a client lives it, with the hub doing everything itself (SQL only reads): the month
 * built and sent on build, the links taken from the mails GreenMail received and opened in a real headless Chromium
 * (scripts off: the page needs none). A French CRA with two approvers is approved by the first (the second is told
 * and his link refused, a replay refused, the decided PDF and the invoice annex name the approver); an English CRA is
 * rejected with a disputed day (the account manager is told), corrected, and its version 2 sent with a new link
 * showing what changed while version 1's link is refused; expired, tampered and CSRF-less requests decide nothing.
 * Its own GreenMail (so its own Spring context and database); months 2024-03 and 2024-04, codes prefixed journey-.
 * Screenshots of each step go to {@code target/journey-*.png}. Skipped on a machine without Chromium.
 */
@EnabledIf(value = "chromiumInstalled", disabledReason = BrowserTier.REASON)
class CraValidationJourneyTests extends HubTestSupport {

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    }

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final String PUBLIC_BASE_URL = "https://hub.journey.example";
    static final String CSRF_COOKIE = "crahub-validation-csrf";
    static final Pattern LINK = Pattern.compile("(\\S*)/validation/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)");
    static final Pattern CSRF_FIELD = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");

    static final String CLAIRE = "claire.martin@journey-globex.example";
    static final String HUGO = "hugo.lefevre@journey-globex.example";
    static final String MANAGER = "bob.porter@journey-acme.example";
    static final String PETER = "peter.gibbons@journey-initech.example";
    static final String SELLER = "facturation@journey-acme.example";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("crahub.mail.from", () -> "factures@journey-acme.example");
        registry.add("crahub.cra.mail-poll", () -> 300);
        registry.add("crahub.public-base-url", () -> PUBLIC_BASE_URL);
    }

    static final String REFERENTIAL = """
            sellers:
              - code: journey-acme
                name: Journey Conseil SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@journey-acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: JRNY
            clients:
              - code: journey-globex
                name: Globex France SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["Tour Horizon"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approvers:
                  - {name: Claire Martin, email: claire.martin@journey-globex.example}
                  - {name: Hugo Lefèvre, email: hugo.lefevre@journey-globex.example}
                billing: {name: Comptabilité, email: factures@journey-globex.example}
              - code: journey-initech
                name: Initech UK Ltd
                address: {lines: ["1 Main Street"], postcode: "EC1A 1BB", city: London, country: GB}
                language: en
                approver: {name: Peter Gibbons, email: peter.gibbons@journey-initech.example}
                billing: {name: Accounts, email: accounts@journey-initech.example}
            consultants:
              - code: journey-jdupont
                name: Jean Dupont
                trackers: [{source: journey, user: journey-jd}]
              - code: journey-amoreau
                name: Alice Moreau
                trackers: [{source: journey, user: journey-am}]
            contracts:
              - code: journey-fr
                seller: journey-acme
                client: journey-globex
                label: Refonte de la plateforme
                consultants: [journey-jdupont, journey-amoreau]
                dailyRate: 650.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                deadlineAction: ESCALATE
                accountManager: {name: Bob Porter, email: bob.porter@journey-acme.example}
                trackers: [{source: journey, project: JOURNEY-FR}]
              - code: journey-en
                seller: journey-acme
                client: journey-initech
                label: Platform support
                consultants: [journey-jdupont]
                dailyRate: 700.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: EXPORT
                vatRate: 0
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: journey, project: JOURNEY-EN}]
            """;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestClock clock;

    WebDriver browser;
    int shot;

    @BeforeEach
    void startBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        // the page must work without scripts
        options.addArguments("--blink-settings=scriptEnabled=false");
        // a French approver's browser (the page of a known link speaks the client's language whatever the browser's)
        options.addArguments("--lang=fr-FR");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "fr-FR,fr"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        clock.reset();
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClientApprovesOneCraRejectsAnotherAndGetsItsCorrection() throws Exception {
        // ------------------------------------------------------------ 1. the month is built and sent on build
        HttpHeaders yaml = new HttpHeaders();
        yaml.setContentType(MediaType.parseMediaType("application/yaml"));
        ResponseEntity<String> loaded = admin().postForEntity("/api/referential", new HttpEntity<>(REFERENTIAL, yaml), String.class);
        assertThat(loaded.getStatusCode()).as(loaded.getBody()).isEqualTo(HttpStatus.OK);
        push(List.of(
                entry("fr-1", "journey-jd", "JOURNEY-FR", "2024-03-01", 8, "Atelier de cadrage"),
                entry("fr-2", "journey-jd", "JOURNEY-FR", "2024-03-04", 7.5, "Développement du connecteur"),
                entry("fr-3", "journey-am", "JOURNEY-FR", "2024-03-04", 4, "Recette fonctionnelle"),
                entry("en-1", "journey-jd", "JOURNEY-EN", "2024-03-05", 8, "Support level 2"),
                entry("en-2", "journey-jd", "JOURNEY-EN", "2024-03-06", 3, "Hand-over call")));
        List<Map<String, Object>> built = build("2024-03");
        Map<String, Object> fr = byContract(built, "journey-fr");
        Map<String, Object> en = byContract(built, "journey-en");
        assertThat(fr).containsEntry("outcome", "CREATED").containsEntry("status", "SENT").containsEntry("version", 1);
        assertThat(en).containsEntry("outcome", "CREATED").containsEntry("status", "SENT").containsEntry("version", 1);
        long frCra = id(fr);
        long enCra = id(en);

        // one VALIDATION_REQUEST per approver, the CRA's PDF attached, the link under the public base URL
        MimeMessage toClaire = awaitMail(CLAIRE, "VALIDATION_REQUEST", frCra);
        MimeMessage toHugo = awaitMail(HUGO, "VALIDATION_REQUEST", frCra);
        MimeMessage toPeter = awaitMail(PETER, "VALIDATION_REQUEST", enCra);
        String claireLink = link(toClaire);
        String hugoLink = link(toHugo);
        String peterV1Link = link(toPeter);
        assertThat(List.of(claireLink, hugoLink, peterV1Link)).doesNotHaveDuplicates();
        assertThat(toClaire.getSubject()).contains("CRA à valider", "Refonte de la plateforme", "mars 2024");
        assertThat(toPeter.getSubject()).contains("Platform support", "March 2024");
        for (MimeMessage request : List.of(toClaire, toHugo, toPeter)) {
            Part pdf = attachment(request);
            assertThat(pdf).as("the CRA PDF is attached").isNotNull();
            assertThat(pdf.getContentType()).startsWith("application/pdf");
            assertThat(pdf.getFileName()).matches("CRA-journey-(fr|en)-2024-03-v1\\.pdf");
        }
        assertThat(text(attachment(toClaire).getInputStream().readAllBytes()))
                .contains("Atelier de cadrage", "Développement du connecteur", "Jean Dupont", "Alice Moreau");
        assertThat(text(attachment(toPeter).getInputStream().readAllBytes())).contains("Hand-over call");

        // ------------------------------------------------------------ 2. the French CRA is approved in Chromium
        // a second tab of Claire's, outside the browser: its own CSRF cookie and form token, kept for the replay
        Http replayer = new Http();
        HttpResponse<String> secondTab = replayer.get(claireLink);
        assertThat(secondTab.statusCode()).isEqualTo(200);
        String replayCsrf = csrf(secondTab.body());

        browser.get(url(claireLink));
        assertThat(browser.getTitle()).contains("Validation du compte rendu d'activité", "mars 2024");
        String page = browser.findElement(By.tagName("body")).getText();
        assertThat(page).contains("Bonjour Claire Martin", "Approuver le compte rendu");
        assertThat(browser.findElement(By.cssSelector("td[data-date='2024-03-01']")).getAttribute("class")).contains("worked");
        assertThat(browser.findElement(By.cssSelector("td[data-date='2024-03-02']")).getAttribute("class")).contains("weekend");
        assertThat(browser.findElement(By.cssSelector("table.sessions")).getText())
                .contains("Atelier de cadrage", "Développement du connecteur", "Recette fonctionnelle");
        assertThat(browser.findElement(By.cssSelector("table.totals")).getText()).contains("Jean Dupont", "Alice Moreau");
        // the page's headings are the PDF's, from the same dictionary
        String mailedPdf = text(attachment(toClaire).getInputStream().readAllBytes());
        for (String label : List.of("Synthèse par intervenant", "Détail des sessions")) {
            assertThat(page).contains(label);
            assertThat(mailedPdf).contains(label);
        }
        screenshot("fr-open");

        browser.findElement(By.cssSelector("button.approve")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("section.outcome")).size() == 1);
        assertThat(browser.getCurrentUrl()).isEqualTo(url(claireLink));
        assertThat(browser.findElement(By.cssSelector("section.outcome")).getText())
                .contains("Merci, votre décision est enregistrée.", "Approuvé par Claire Martin le");
        assertThat(browser.findElements(By.tagName("form"))).isEmpty();
        screenshot("fr-approved");
        assertThat(status(frCra)).isEqualTo("APPROVED");
        Map<String, Object> decision = jdbc.sql("""
                SELECT outcome, kind, approver_name, approver_email, ip, user_agent FROM cra_decision WHERE cra_id = :id
                """).param("id", frCra).query().singleRow();
        assertThat(decision).containsEntry("outcome", "APPROVED").containsEntry("kind", "LINK")
                .containsEntry("approver_name", "Claire Martin").containsEntry("approver_email", CLAIRE)
                .containsEntry("ip", "127.0.0.1");
        assertThat((String) decision.get("user_agent")).contains("HeadlessChrome");
        // what Claire approved is, byte for byte, the PDF her mail carried
        assertThat(jdbc.sql("SELECT pdf_sha256 FROM cra_decision WHERE cra_id = :id").param("id", frCra).query(String.class).single())
                .isEqualTo(dev.crahub.system.Hashing.sha256(attachment(toClaire).getInputStream().readAllBytes()));
        String decidedOn = jdbc.sql("SELECT decided_at FROM cra_decision WHERE cra_id = :id").param("id", frCra)
                .query(OffsetDateTime.class).single().atZoneSameInstant(PARIS).format(DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm"));

        // Hugo's link: already decided by Claire (409), and Hugo is told by mail
        HttpResponse<String> hugoPage = new Http().get(hugoLink);
        assertThat(hugoPage.statusCode()).isEqualTo(409);
        assertThat(hugoPage.body()).contains("lang=\"fr\"", "Ce compte rendu a déjà reçu une décision", "Approuvé par Claire Martin le")
                .doesNotContain("<form");
        browser.get(url(hugoLink));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Ce compte rendu a déjà reçu une décision");
        screenshot("fr-second-approver-decided");
        MimeMessage notice = awaitMail(HUGO, "DECIDED_NOTICE", frCra);
        assertThat(part(notice, "text/plain")).contains("Claire Martin");

        // the replayed POST, same link, with a valid CSRF cookie and token: 409, nothing more decided
        HttpResponse<String> replay = replayer.post(claireLink, Map.of("_csrf", replayCsrf, "decision", "REJECT",
                "comment", "Finalement non"));
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("Ce compte rendu a déjà reçu une décision", "Approuvé par Claire Martin");
        assertThat(decisions(frCra)).isEqualTo(1);
        assertThat(status(frCra)).isEqualTo("APPROVED");

        // the decided rendering of the CRA names the approver and the date
        byte[] decidedPdf = awaitDecidedPdf(frCra);
        // (a long address may wrap after its hyphen in the narrow box: compared without spaces)
        assertThat(text(decidedPdf)).contains("Validé par Claire Martin (", "Validation en ligne");
        assertThat(squeezed(text(decidedPdf))).contains(squeezed("Validé par Claire Martin (" + CLAIRE + ") le " + decidedOn));

        // the audit trail: sent, opened in Chromium, approved, with IP and user agent
        List<Map<String, Object>> history = admin().getForObject("/api/cras/" + frCra + "/history", List.class);
        assertThat(history).extracting(e -> e.get("kind")).containsSubsequence("CREATED", "SENT", "OPENED", "APPROVED");
        assertThat(history).filteredOn(e -> "OPENED".equals(e.get("kind"))).anySatisfy(e -> {
            assertThat(e).containsEntry("ip", "127.0.0.1").containsEntry("actor", CLAIRE);
            assertThat((String) e.get("userAgent")).contains("HeadlessChrome");
        });
        assertThat(history).filteredOn(e -> "APPROVED".equals(e.get("kind"))).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("ip", "127.0.0.1");
            assertThat((String) e.get("userAgent")).contains("HeadlessChrome");
        });

        // the month's invoice: its annex names the client's approver, never a hub account
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2024-03/invoices", null, Map.class).get("invoices");
        assertThat(invoices).as("only the approved CRA is invoiced").singleElement()
                .satisfies(i -> assertThat(i).containsEntry("status", "ISSUED"));
        String invoiceText = text(admin().getForObject("/api/invoices/" + invoices.get(0).get("id") + "/pdf", byte[].class));
        assertThat(invoiceText).contains("Validé par Claire Martin (").doesNotContain("admin");
        assertThat(squeezed(invoiceText)).contains(squeezed("Validé par Claire Martin (" + CLAIRE + ") le " + decidedOn.substring(0, 10)));

        // ------------------------------------------------------------ 3. the English CRA is rejected, then corrected
        browser.get(url(peterV1Link));
        assertThat(browser.getTitle()).contains("Activity report approval", "March 2024");
        assertThat(browser.findElement(By.cssSelector("table.sessions")).getText()).contains("Support level 2", "Hand-over call");
        screenshot("en-open");
        browser.findElement(By.cssSelector("details summary")).click();
        browser.findElement(By.name("day.2024-03-06.dispute")).click();
        String dispute = "The hand-over call lasted one hour, not three";
        browser.findElement(By.name("day.2024-03-06.comment")).sendKeys(dispute);
        screenshot("en-dispute");
        browser.findElement(By.cssSelector("button.reject")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("section.outcome")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("section.outcome")).getText())
                .contains("Rejected by Peter Gibbons on", dispute);
        assertThat(browser.findElement(By.cssSelector("td[data-date='2024-03-06']")).getAttribute("class")).contains("disputed");
        screenshot("en-rejected");
        assertThat(status(enCra)).isEqualTo("REJECTED");
        assertThat(jdbc.sql("""
                SELECT d.work_date || ' ' || d.outcome || ' ' || d.comment FROM cra_day_decision d
                JOIN cra_decision k ON k.id = d.decision_id WHERE k.cra_id = :id
                """).param("id", enCra).query(String.class).list()).containsExactly("2024-03-06 REJECTED " + dispute);

        // no account manager on this contract: the seller's address hears of the rejection, with the comment
        MimeMessage rejection = awaitMail(SELLER, "REJECTION_NOTICE", enCra);
        assertThat(part(rejection, "text/plain")).contains("Peter Gibbons", dispute);
        assertThat((List<Map<String, Object>>) admin().getForObject("/api/cras?status=REJECTED&month=2024-03", List.class))
                .extracting(c -> ((Number) c.get("id")).longValue()).containsExactly(enCra);

        // the corrected timesheet (one hour on the 6th) and the next build: version 2, sent with a link of its own
        push(List.of(entry("en-2", "journey-jd", "JOURNEY-EN", "2024-03-06", 1, "Hand-over call")));
        List<Map<String, Object>> rebuilt = build("2024-03");
        assertThat(byContract(rebuilt, "journey-fr")).containsEntry("outcome", "LOCKED").containsEntry("status", "APPROVED"); // invoiced
        Map<String, Object> v2 = byContract(rebuilt, "journey-en");
        assertThat(v2).containsEntry("outcome", "CREATED").containsEntry("version", 2).containsEntry("status", "SENT");
        long enV2 = id(v2);
        MimeMessage toPeterV2 = awaitMail(PETER, "VALIDATION_REQUEST", enV2);
        String peterV2Link = link(toPeterV2);
        assertThat(peterV2Link).isNotEqualTo(peterV1Link);
        assertThat(attachment(toPeterV2).getFileName()).isEqualTo("CRA-journey-en-2024-03-v2.pdf");
        assertThat(part(toPeterV2, "text/plain")).contains("What changed since version 1");
        browser.get(url(peterV2Link));
        assertThat(browser.getTitle()).contains("Activity report approval", "March 2024");
        assertThat(browser.findElement(By.cssSelector("section.changes")).getText())
                .contains("Changes since version 1", "Hours changed");
        screenshot("en-v2-changes");

        // version 1's link: superseded, 410, in English
        HttpResponse<String> old = new Http().get(peterV1Link);
        assertThat(old.statusCode()).isEqualTo(410);
        assertThat(old.body()).contains("lang=\"en\"", "A newer version was sent to you").doesNotContain("<form");
        browser.get(url(peterV1Link));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("A newer version was sent to you");
        screenshot("en-v1-superseded");

        // ------------------------------------------------------------ 4. links and forms that decide nothing
        push(List.of(entry("fr-apr-1", "journey-jd", "JOURNEY-FR", "2024-04-02", 8, "Reprise après Pâques")));
        long april = id(byContract(build("2024-04"), "journey-fr"));
        String aprilLink = link(awaitMail(CLAIRE, "VALIDATION_REQUEST", april));

        // tampered: one character of the signature changed
        int dot = aprilLink.indexOf('.');
        char c = aprilLink.charAt(dot + 5);
        String tampered = aprilLink.substring(0, dot + 5) + (c == 'x' ? 'y' : 'x') + aprilLink.substring(dot + 6);
        HttpResponse<String> forged = new Http().get(tampered);
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.body()).contains("Lien inconnu").doesNotContain("Globex", "<form");
        browser.get(url(tampered));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Lien inconnu");
        screenshot("tampered");

        // a POST without the CSRF token, though the browser holds the cookie: 403, nothing decided
        Http approver = new Http();
        HttpResponse<String> aprilPage = approver.get(aprilLink);
        assertThat(aprilPage.statusCode()).isEqualTo(200);
        assertThat(aprilPage.body()).contains("avril 2024", "Lundi de Pâques", "Reprise après Pâques");
        String aprilCsrf = csrf(aprilPage.body());
        assertThat(approver.cookie).startsWith(CSRF_COOKIE + "=");
        HttpResponse<String> noToken = approver.post(aprilLink, Map.of("decision", "APPROVE"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("Formulaire expiré", "Rien n'a été enregistré");
        assertThat(status(april)).isEqualTo("SENT");
        assertThat(decisions(april)).isZero();

        // expired: the hub's clock past the link's 30 days; even a well-formed POST decides nothing
        try {
            clock.moveTo(ZonedDateTime.now(PARIS).plusDays(31));
            HttpResponse<String> expired = approver.get(aprilLink);
            assertThat(expired.statusCode()).isEqualTo(410);
            assertThat(expired.body()).contains("lang=\"fr\"", "Ce lien a expiré").doesNotContain("<form");
            HttpResponse<String> late = approver.post(aprilLink, Map.of("_csrf", aprilCsrf, "decision", "APPROVE"));
            assertThat(late.statusCode()).isEqualTo(410);
            browser.get(url(aprilLink));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ce lien a expiré");
            screenshot("expired");
        } finally {
            clock.reset();
        }
        assertThat(decisions(april)).isZero();
        assertThat(status(april)).isEqualTo("SENT");
        assertThat(jdbc.sql("SELECT count(*) FROM cra_event WHERE cra_id = :id AND kind IN ('APPROVED', 'REJECTED')")
                .param("id", april).query(Integer.class).single()).isZero();

        // every mail of the journey arrived once
        for (String[] one : new String[][] {{CLAIRE, "VALIDATION_REQUEST", "" + frCra}, {HUGO, "VALIDATION_REQUEST", "" + frCra},
                {HUGO, "DECIDED_NOTICE", "" + frCra}, {PETER, "VALIDATION_REQUEST", "" + enCra},
                {SELLER, "REJECTION_NOTICE", "" + enCra}, {PETER, "VALIDATION_REQUEST", "" + enV2},
                {CLAIRE, "VALIDATION_REQUEST", "" + april}}) {
            assertThat(received(one[0], one[1], Long.parseLong(one[2]))).as(String.join(" ", one)).hasSize(1);
        }
        assertThat(received(CLAIRE, "DECIDED_NOTICE", frCra)).as("the approver who decided is not told again").isEmpty();
        assertThat(received(MANAGER, "REJECTION_NOTICE", frCra)).isEmpty();
    }

    // ---------------------------------------------------------------- the hub's API

    private void push(List<Map<String, Object>> entries) {
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries", Map.of("source", "journey", "entries", entries), Map.class);
        assertThat(pushed.getStatusCode()).as(String.valueOf(pushed.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(pushed.getBody()).containsEntry("unmapped", 0);
    }

    private static Map<String, Object> entry(String id, String user, String project, String date, double hours, String comment) {
        return Map.of("id", "journey-" + id, "user", Map.of("id", user), "project", project, "date", date, "hours", hours,
                "comment", comment);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> build(String month) {
        ResponseEntity<Map> built = admin().postForEntity("/api/months/" + month + "/cras", null, Map.class);
        assertThat(built.getStatusCode()).as(String.valueOf(built.getBody())).isEqualTo(HttpStatus.OK);
        return (List<Map<String, Object>>) built.getBody().get("cras");
    }

    private static Map<String, Object> byContract(List<Map<String, Object>> cras, String contract) {
        return cras.stream().filter(c -> contract.equals(c.get("contract"))).findFirst()
                .orElseThrow(() -> new AssertionError("no CRA of " + contract + " in " + cras));
    }

    private static long id(Map<String, Object> cra) {
        return ((Number) cra.get("id")).longValue();
    }

    private String status(long craId) {
        return jdbc.sql("SELECT status FROM cra WHERE id = :id").param("id", craId).query(String.class).single();
    }

    private int decisions(long craId) {
        return jdbc.sql("SELECT count(*) FROM cra_decision WHERE cra_id = :id").param("id", craId).query(Integer.class).single();
    }

    /** Waits until {@code GET /api/cras/{id}/pdf} answers the decided rendering (route cra-render-decided-poll). */
    private byte[] awaitDecidedPdf(long craId) {
        byte[][] pdf = new byte[1][];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            ResponseEntity<byte[]> answer = admin().getForEntity("/api/cras/" + craId + "/pdf", byte[].class);
            pdf[0] = answer.getBody();
            String name = answer.getHeaders().getContentDisposition().getFilename();
            return name != null && name.endsWith("-decided.pdf");
        });
        return pdf[0];
    }

    // ---------------------------------------------------------------- the mails GreenMail received

    /** Waits for the one mail of this kind about this CRA to this recipient. */
    private static MimeMessage awaitMail(String to, String kind, long craId) {
        List<MimeMessage> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            found.clear();
            found.addAll(received(to, kind, craId));
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static List<MimeMessage> received(String to, String kind, long craId) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String[] kinds = m.getHeader("X-Crahub-Mail-Kind");
            String[] cras = m.getHeader("X-Crahub-Cra");
            boolean toHim = m.getAllRecipients() != null && Arrays.stream(m.getAllRecipients())
                    .anyMatch(a -> to.equalsIgnoreCase(((InternetAddress) a).getAddress()));
            if (toHim && kinds != null && Arrays.asList(kinds).contains(kind) && cras != null
                    && Arrays.asList(cras).contains(Long.toString(craId))) {
                found.add(m);
            }
        }
        return found;
    }

    /** The validation path ({@code /validation/<token>}) of the link in the mail's text, the same as its HTML's. */
    private static String link(MimeMessage mail) throws Exception {
        Matcher text = LINK.matcher(part(mail, "text/plain"));
        assertThat(text.find()).as("the mail's text holds a validation link").isTrue();
        assertThat(text.group(1)).isEqualTo(PUBLIC_BASE_URL);
        String path = "/validation/" + text.group(2);
        assertThat(part(mail, "text/html")).contains("href=\"" + PUBLIC_BASE_URL + path + "\"");
        return path;
    }

    private static String part(Part part, String type) throws Exception {
        return MailParts.text(part, type);
    }

    private static Part attachment(Part part) throws Exception {
        return MailParts.attachment(part);
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            // one line of text, as a line break in a narrow box is no change of wording
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replaceAll("\\s+", " ");
        }
    }

    private static String squeezed(String text) {
        return text.replace(" ", "");
    }

    // ---------------------------------------------------------------- the browser and a browser without a browser

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String csrf(String html) {
        Matcher m = CSRF_FIELD.matcher(html);
        assertThat(m.find()).as("the page holds the form's CSRF field").isTrue();
        return m.group(1);
    }

    private void screenshot(String name) throws Exception {
        // the whole page, not only the window (the driver's script channel works with the page's scripts off)
        long height = ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight")).longValue();
        Dimension window = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 140, 6000)));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        browser.manage().window().setSize(window);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "journey-%02d-%s.png".formatted(++shot, name)), png);
    }

    /** A plain HTTP client that keeps the validation page's CSRF cookie, as a browser does, and never follows redirects. */
    private final class Http {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String cookie;

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/x-www-form-urlencoded"));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            request.header("User-Agent", "JourneyTest/1.0").header("Accept-Language", "fr-FR,fr;q=0.9");
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(CSRF_COOKIE + "="))
                    .findFirst().ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
            return response;
        }
    }
}
