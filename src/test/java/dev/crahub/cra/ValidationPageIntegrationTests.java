package dev.crahub.cra;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.crahub.HubTestSupport;
import dev.crahub.system.Hashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.crahub.cra.ValidationFixture.csrf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation page through real HTTP on the running hub: each verdict's status and language, the OPENED event,
 * a decision recorded with IP, user agent and the SHA-256 of what was seen, its mails queued, a second decision
 * refused, and forged or out-of-bounds requests refused with nothing recorded. Contracts page-fr / page-en, months
 * 2025-07 and 2025-09 (the browser tests use 2025-08).
 */
class ValidationPageIntegrationTests extends HubTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ValidationTokens tokens;

    @LocalServerPort
    int port;

    ValidationFixture.Browser browser;

    @BeforeEach
    void load() {
        ValidationFixture.load(admin(), jdbc);
        browser = new ValidationFixture.Browser(port);
    }

    private String link(long craId, String name, String email) {
        return "/validation/" + tokens.issue(craId, name, email, OffsetDateTime.now()).token();
    }

    private int events(long craId, String kind) {
        return jdbc.sql("SELECT count(*) FROM cra_event WHERE cra_id = :id AND kind = :kind").param("id", craId)
                .param("kind", kind).query(Integer.class).single();
    }

    private int decisions(long craId) {
        return jdbc.sql("SELECT count(*) FROM cra_decision WHERE cra_id = :id").param("id", craId).query(Integer.class).single();
    }

    private static void assertSecured(HttpResponse<?> response) {
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("X-Robots-Tag")).hasValueSatisfying(v -> assertThat(v).contains("noindex"));
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'", "frame-ancestors 'none'").doesNotContain("script-src"));
    }

    @Test
    void anApproverOpensApprovesAndCannotDecideTwice() throws Exception {
        long cra = ValidationFixture.cra(jdbc, "page-fr", "2025-07");
        ValidationFixture.send(jdbc, cra);
        String page = link(cra, "Claire Martin", "claire.martin@globex.example");

        HttpResponse<String> opened = browser.get(page);
        assertThat(opened.statusCode()).isEqualTo(200);
        assertSecured(opened);
        assertThat(opened.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(opened.body()).contains("lang=\"fr\"", "Validation du compte rendu d'activité", "juillet 2025",
                "Bonjour Claire Martin", "Approuver le compte rendu", "Fête nationale", "vendredi 10/10/2025")
                .contains("Atelier &lt;b&gt;cadrage&lt;/b&gt;").doesNotContain("<script>alert");
        assertThat(browser.cookie).startsWith(ValidationSecurity.CSRF_COOKIE + "=");
        assertThat(opened.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .contains("HttpOnly", "SameSite=Strict", "Path=/validation"));
        assertThat(events(cra, "OPENED")).isEqualTo(1);
        Map<String, Object> event = jdbc.sql("SELECT ip, user_agent, actor FROM cra_event WHERE cra_id = :id AND kind = 'OPENED'")
                .param("id", cra).query().singleRow();
        assertThat(event).containsEntry("ip", "127.0.0.1").containsEntry("user_agent", "PageTest/1.0 (approver's phone)")
                .containsEntry("actor", "claire.martin@globex.example");
        // the link opened (the build issued the approvers' own links too, never opened here)
        OffsetDateTime first = jdbc.sql("SELECT first_opened_at FROM cra_validation_token WHERE cra_id = :id AND first_opened_at IS NOT NULL")
                .param("id", cra).query(OffsetDateTime.class).single();
        assertThat(first).isNotNull();
        browser.get(page);
        assertThat(events(cra, "OPENED")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT first_opened_at FROM cra_validation_token WHERE cra_id = :id AND first_opened_at IS NOT NULL").param("id", cra)
                .query(OffsetDateTime.class).single()).isEqualTo(first);

        // the PDF, same link
        HttpResponse<String> pdf = browser.get(page + "/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"CRA-page-fr-2025-07-v1.pdf\"");
        assertSecured(pdf);

        // approve (a field naming another CRA's link is ignored: the link in the address decides)
        String other = link(ValidationFixture.cra(jdbc, "page-fr", "2025-09"), "Claire Martin", "claire.martin@globex.example");
        HttpResponse<String> approved = browser.post(page, Map.of("_csrf", csrf(browser.get(page).body()), "decision", "APPROVE",
                "token", other.substring(12), "craId", "1", "comment", ""));
        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(approved.headers().firstValue("Location")).hasValue(page);
        assertSecured(approved);
        Map<String, Object> decision = jdbc.sql("""
                SELECT d.outcome, d.kind, d.approver_name, d.approver_email, d.ip, d.user_agent, d.xml_sha256, d.pdf_sha256,
                       c.status, c.xml, c.pdf, t.used_at
                FROM cra_decision d JOIN cra c ON c.id = d.cra_id JOIN cra_validation_token t ON t.id = d.token_id
                WHERE d.cra_id = :id
                """).param("id", cra).query().singleRow();
        assertThat(decision).containsEntry("outcome", "APPROVED").containsEntry("kind", "LINK")
                .containsEntry("approver_name", "Claire Martin").containsEntry("approver_email", "claire.martin@globex.example")
                .containsEntry("ip", "127.0.0.1").containsEntry("user_agent", "PageTest/1.0 (approver's phone)")
                .containsEntry("status", "APPROVED");
        assertThat(decision.get("xml_sha256")).isEqualTo(Hashing.sha256(((String) decision.get("xml")).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(decision.get("pdf_sha256")).isEqualTo(Hashing.sha256((byte[]) decision.get("pdf")));
        assertThat(decision.get("used_at")).isNotNull();
        assertThat(decisions(ValidationFixture.cra(jdbc, "page-fr", "2025-09"))).isZero();

        // the page now shows the outcome, no form; the PDF is still there
        HttpResponse<String> done = browser.get(page);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Merci, votre décision est enregistrée.", "Approuvé par Claire Martin le").doesNotContain("<form");
        assertThat(browser.get(page + "/pdf").statusCode()).isEqualTo(200);

        // a second decision with the same link, even with a fresh CSRF token: 409, nothing changes
        HttpResponse<String> again = browser.post(page, Map.of("_csrf", csrf(opened.body()), "decision", "REJECT", "comment", "Non"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("Ce compte rendu a déjà reçu une décision", "Approuvé par Claire Martin");
        assertThat(decisions(cra)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT status FROM cra WHERE id = :id").param("id", cra).query(String.class).single()).isEqualTo("APPROVED");

        // another approver's link: decided by someone else, 409 with who and when, in the client's language
        HttpResponse<String> colleague = new ValidationFixture.Browser(port).get(link(cra, "Bob Second", "bob@globex.example"));
        assertThat(colleague.statusCode()).isEqualTo(409);
        assertThat(colleague.body()).contains("Approuvé par Claire Martin le").doesNotContain("<form");
    }

    @Test
    void aRejectionWithADisputedDayIsRecordedAndItsMailsQueued() throws Exception {
        long cra = ValidationFixture.cra(jdbc, "page-en", "2025-07");
        ValidationFixture.send(jdbc, cra);
        jdbc.sql("UPDATE contract SET account_manager_name = 'Paul Manager', account_manager_email = 'paul@acme.example' WHERE code = 'page-en'").update();
        jdbc.sql("""
                INSERT INTO client_approver (client_code, position, name, email) VALUES ('page-initech', 9, 'Bill Lumbergh', 'bill@initech.example')
                ON CONFLICT DO NOTHING
                """).update();
        String page = link(cra, "Peter Gibbons", "peter@initech.example");
        HttpResponse<String> opened = browser.get(page);
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).contains("lang=\"en\"", "Activity report approval", "July 2025", "Dispute this day");
        String token = csrf(opened.body());

        // reject with nothing said: refused, the form comes back, nothing recorded
        HttpResponse<String> mute = browser.post(page, Map.of("_csrf", token, "decision", "REJECT", "comment", "  "));
        assertThat(mute.statusCode()).isEqualTo(422);
        assertThat(mute.body()).contains("To reject, write a comment", "<form");
        // approve while disputing a day: refused with a message
        HttpResponse<String> mixed = browser.post(page, Map.of("_csrf", csrf(mute.body()), "decision", "APPROVE",
                "day.2025-07-04.dispute", "1", "day.2025-07-04.comment", "Call <b>cancelled</b>"));
        assertThat(mixed.statusCode()).isEqualTo(422);
        assertThat(mixed.body()).contains("You disputed some days", "Call &lt;b&gt;cancelled&lt;/b&gt;");
        assertThat(decisions(cra)).isZero();

        HttpResponse<String> rejected = browser.post(page, Map.of("_csrf", csrf(mixed.body()), "decision", "REJECT",
                "day.2025-07-04.dispute", "1", "day.2025-07-04.comment", "Call <b>cancelled</b>", "unknown", "ignored"));
        assertThat(rejected.statusCode()).isEqualTo(303);
        Map<String, Object> decision = jdbc.sql("SELECT id, outcome, comment FROM cra_decision WHERE cra_id = :id")
                .param("id", cra).query().singleRow();
        assertThat(decision).containsEntry("outcome", "REJECTED").containsEntry("comment", null);
        assertThat(jdbc.sql("SELECT work_date || ' ' || outcome || ' ' || comment FROM cra_day_decision WHERE decision_id = :id")
                .param("id", decision.get("id")).query(String.class).list())
                .containsExactly("2025-07-04 REJECTED Call <b>cancelled</b>");
        // the mails the decision queued (the validation requests were queued when the CRA was sent on build)
        assertThat(jdbc.sql("SELECT kind || ' ' || recipient_email FROM cra_mail WHERE cra_id = :id AND kind <> 'VALIDATION_REQUEST' ORDER BY kind")
                .param("id", cra).query(String.class).list())
                .containsExactly("DECIDED_NOTICE bill@initech.example", "REJECTION_NOTICE paul@acme.example");
        assertThat(events(cra, "REJECTED")).isEqualTo(1);

        HttpResponse<String> done = browser.get(page);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Rejected by Peter Gibbons on", "Call &lt;b&gt;cancelled&lt;/b&gt;",
                "you will receive a corrected version").doesNotContain("<form");
    }

    @Test
    void linksThatCannotBeUsedGetAPageInTheClientsLanguageAndDecideNothing() throws Exception {
        long fr = ValidationFixture.cra(jdbc, "page-fr", "2025-09");
        long en = ValidationFixture.cra(jdbc, "page-en", "2025-09");
        ValidationFixture.send(jdbc, fr);
        ValidationFixture.send(jdbc, en);
        int openedBefore = events(fr, "OPENED");

        // expired: issued 40 days ago (30 days of validity)
        String expired = "/validation/" + tokens.issue(fr, "Claire Martin", "claire.martin@globex.example",
                OffsetDateTime.now().minusDays(40)).token();
        HttpResponse<String> gone = browser.get(expired);
        assertThat(gone.statusCode()).isEqualTo(410);
        assertSecured(gone);
        assertThat(gone.body()).contains("lang=\"fr\"", "Ce lien a expiré").doesNotContain("<form");
        assertThat(browser.post(expired, Map.of("decision", "APPROVE")).statusCode()).isEqualTo(403); // no CSRF cookie
        assertThat(browser.get(expired + "/pdf").statusCode()).isEqualTo(410);

        // withdrawn (re-sent) and superseded, in English for the English client
        String resent = link(en, "Peter Gibbons", "peter@initech.example");
        jdbc.sql("UPDATE cra_validation_token SET revoked_at = now(), revoked_reason = 'RESENT' WHERE cra_id = :id").param("id", en).update();
        HttpResponse<String> revoked = browser.get(resent);
        assertThat(revoked.statusCode()).isEqualTo(410);
        assertThat(revoked.body()).contains("lang=\"en\"", "This link was withdrawn");
        String old = link(en, "Peter Gibbons", "peter@initech.example");
        jdbc.sql("UPDATE cra_validation_token SET revoked_at = now(), revoked_reason = 'SUPERSEDED' WHERE cra_id = :id AND revoked_at IS NULL")
                .param("id", en).update();
        HttpResponse<String> superseded = browser.get(old);
        assertThat(superseded.statusCode()).isEqualTo(410);
        assertThat(superseded.body()).contains("A newer version was sent to you");

        // tampered: one character of the signature changed; unknown: garbage; both 404, language from the browser
        String good = link(fr, "Claire Martin", "claire.martin@globex.example");
        char last = good.charAt(good.length() - 1);
        String tampered = good.substring(0, good.length() - 1) + (last == 'A' ? 'B' : 'A');
        HttpResponse<String> forged = browser.get(tampered);
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.body()).contains("Lien inconnu").doesNotContain("Globex");
        browser.language = "en-GB,en;q=0.8";
        assertThat(browser.get("/validation/not-a-token").body()).contains("Unknown link");
        browser.language = "de-DE";
        HttpResponse<String> german = browser.get("/validation/" + "x".repeat(300));
        assertThat(german.statusCode()).isEqualTo(404);
        assertThat(german.body()).contains("Lien inconnu");
        // a 10 KB token is refused before it reaches the hub (the request line is over the server's limit), 4 KB by the page
        assertThat(browser.get("/validation/" + "A".repeat(10 * 1024)).statusCode()).isBetween(400, 499);
        assertThat(browser.get("/validation/" + "A".repeat(4 * 1024)).statusCode()).isEqualTo(404);
        assertThat(browser.get("/validation/").statusCode()).isEqualTo(404);
        assertThat(events(fr, "OPENED")).isEqualTo(openedBefore);

        // CSRF: a POST without the token, or with a token but not the cookie (another site's form), is refused
        HttpResponse<String> page = browser.get(good);
        assertThat(page.statusCode()).isEqualTo(200);
        String csrf = csrf(page.body());
        HttpResponse<String> noToken = browser.post(good, Map.of("decision", "APPROVE"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertSecured(noToken);
        assertThat(noToken.body()).contains("Formulaire expiré", "Rien n'a été enregistré");
        ValidationFixture.Browser elsewhere = new ValidationFixture.Browser(port);
        assertThat(elsewhere.post(good, Map.of("_csrf", csrf, "decision", "APPROVE")).statusCode()).isEqualTo(403);
        elsewhere.cookie = ValidationSecurity.CSRF_COOKIE + "=made-up";
        assertThat(elsewhere.post(good, Map.of("_csrf", "made-up", "decision", "APPROVE")).statusCode()).isEqualTo(403);
        assertThat(decisions(fr)).isZero();

        // out of bounds: 400 with a readable page, nothing recorded
        Map<String, String> outside = Map.of("_csrf", csrf, "decision", "REJECT", "day.2025-10-01.comment", "not this month");
        HttpResponse<String> month = browser.post(good, outside);
        assertThat(month.statusCode()).isEqualTo(400);
        assertThat(month.body()).contains("Une date contestée n'est pas dans le mois", "Revenir au compte rendu");
        assertThat(browser.post(good, Map.of("_csrf", csrf, "decision", "REJECT", "comment", "x".repeat(2001))).body())
                .contains("Un commentaire dépasse 2000 caractères");
        assertThat(browser.post(good, Map.of("_csrf", csrf, "decision", "REJECT", "comment", "bell \u0007")).statusCode()).isEqualTo(400);
        assertThat(browser.post(good, Map.of("_csrf", csrf, "decision", "MAYBE")).statusCode()).isEqualTo(400);
        assertThat(browser.post(good, Map.of("_csrf", csrf, "decision", "REJECT", "day.2025-09-31.comment", "x")).statusCode()).isEqualTo(400);
        Map<String, String> many = new HashMap<>(Map.of("_csrf", csrf, "decision", "APPROVE"));
        for (int i = 0; i < 100; i++) {
            many.put("junk" + i, "x");
        }
        assertThat(browser.post(good, many).body()).contains("trop de champs");
        assertThat(browser.postRaw(good, "_csrf=" + csrf + "&decision=APPROVE&comment=a&comment=b").statusCode()).isEqualTo(400);
        HttpResponse<String> giant = browser.postRaw(good, "_csrf=" + csrf + "&decision=REJECT&comment=" + "x".repeat(300_000));
        assertThat(giant.statusCode()).isEqualTo(413);
        assertThat(decisions(fr)).isZero();
        assertThat(jdbc.sql("SELECT status FROM cra WHERE id = :id").param("id", fr).query(String.class).single()).isEqualTo("SENT");

        // the API stays behind its login
        assertThat(browser.get("/api/cras/" + fr).statusCode()).isEqualTo(401);
        assertThat(List.of(fr, en)).doesNotHaveDuplicates();
    }
}
