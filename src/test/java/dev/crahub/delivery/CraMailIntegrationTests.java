package dev.crahub.delivery;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.crahub.HubTestSupport;
import dev.crahub.MailParts;
import dev.crahub.cra.CraDecisions;
import dev.crahub.cra.CraMailQueue;
import dev.crahub.cra.CraMailQueue.Kind;
import dev.crahub.cra.ValidationTokens;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CRA workflow mails end to end: rows queued in cra_mail (as the workflow queues them) leave once over SMTP
 * (GreenMail) through routes delivery-mail-cra-poll and delivery-mail-cra, with the right recipients, attachment and
 * link; a row claimed twice leaves once; an SMTP outage leaves the row FAILED with a dead letter, and the retry sends
 * it once; a row found in SENDING is left alone and shown. Months 2025-04 and 2025-05, codes prefixed mail-.
 */
class CraMailIntegrationTests extends HubTestSupport {

    static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> SMTP_PORT);
        registry.add("crahub.cra.mail-poll", () -> 300);
        registry.add("crahub.cra.mail-retry-backoff", () -> "1s");
        registry.add("crahub.public-base-url", () -> "https://hub.mail.example");
    }

    static final String REFERENTIAL = """
            sellers:
              - code: mail-acme
                name: ACME Conseil SAS
                siren: "123456782"
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@mail-acme.example
                invoicePrefix: MAILACME
            clients:
              - code: mail-globex
                name: Globex France SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["52 quai de Dion-Bouton"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approver: {name: Claire Martin, email: claire.martin@mail-globex.example}
                billing: {name: Comptabilité fournisseurs, email: factures@mail-globex.example}
              - code: mail-initech
                name: Initech Ltd
                address: {lines: ["1 Initech Way"], postcode: "SW1A 1AA", city: London, country: GB}
                language: en
                approver: {name: Peter Gibbons, email: peter.gibbons@mail-initech.example}
                billing: {name: Accounts Payable, email: ap@mail-initech.example}
            consultants:
              - {code: mail-jdupont, name: Jean Dupont}
              - {code: mail-amoreau, name: Alice Moreau}
            contracts:
              - code: mail-globex-platform
                seller: mail-acme
                client: mail-globex
                label: Refonte de la plateforme
                consultants: [mail-jdupont, mail-amoreau]
                dailyRate: 650.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                craReview: true
                trackers: [{source: generic, project: MAIL-GLOBEX}]
              - code: mail-initech-app
                seller: mail-acme
                client: mail-initech
                label: TPS reports
                consultants: [mail-jdupont]
                dailyRate: 700.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: EXPORT
                vatRate: 0
                paymentTermsDays: 30
                validationDeadlineDays: 5
                craReview: true
                trackers: [{source: generic, project: MAIL-INITECH}]
            """;

    static final String TIMESHEET = """
            consultant,date,hours,project,comment
            mail-jdupont,2025-04-01,8,MAIL-GLOBEX,Cadrage
            mail-jdupont,2025-04-02,8,MAIL-GLOBEX,Développement
            mail-amoreau,2025-04-02,4,MAIL-GLOBEX,Recette
            mail-jdupont,2025-04-03,8,MAIL-INITECH,TPS cover sheets
            mail-jdupont,2025-05-05,8,MAIL-GLOBEX,Mai
            """;

    static boolean loaded;
    static long globexCra;
    static long initechCra;
    static long mayCra;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CraMailQueue queue;
    @Autowired
    ValidationTokens tokens;
    @Autowired
    CraDecisions decisions;
    @Autowired
    CraMailStore mails;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ProducerTemplate camel;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void month() throws IOException {
        if (loaded) {
            return;
        }
        drop("referential", "mail-referential.yaml", REFERENTIAL);
        awaitDone("referential", "mail-referential.yaml");
        drop("timesheets", "mail-timesheet-2025.csv", TIMESHEET);
        awaitDone("timesheets", "mail-timesheet-2025.csv");
        jdbc.sql("UPDATE contract SET account_manager_name = 'Bob Porter', account_manager_email = 'bob.porter@mail-acme.example' WHERE code = 'mail-globex-platform'").update();
        List<Map<String, Object>> april = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2025-04/cras", null, Map.class).get("cras");
        globexCra = craId(april, "mail-globex-platform");
        initechCra = craId(april, "mail-initech-app");
        List<Map<String, Object>> may = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2025-05/cras", null, Map.class).get("cras");
        mayCra = craId(may, "mail-globex-platform");
        loaded = true;
    }

    private static long craId(List<Map<String, Object>> cras, String contract) {
        return cras.stream().filter(c -> contract.equals(c.get("contract"))).findFirst()
                .map(c -> ((Number) c.get("id")).longValue()).orElseThrow(() -> new AssertionError("no CRA of " + contract + ": " + cras));
    }

    @Test
    void everyKindArrivesOnceWithItsRecipientsAttachmentAndLink() throws Exception {
        OffsetDateTime now = OffsetDateTime.now();
        ValidationTokens.Issued claire = tokens.issue(globexCra, "Claire Martin", "claire.martin@mail-globex.example", now);
        ValidationTokens.Issued marc = tokens.issue(globexCra, "Marc\r\nBcc: evil@attacker.example", "marc.durand@mail-globex.example", now);
        ValidationTokens.Issued peter = tokens.issue(initechCra, "Peter Gibbons", "peter.gibbons@mail-initech.example", now);
        // this test queues the workflow's mails itself: the contracts hold their CRAs for review (nothing queued on
        // build), and the past deadline is marked escalated so that the workflow's timer does not escalate it again
        jdbc.sql("UPDATE cra SET status = 'SENT', sent_at = now(), validation_deadline = DATE '2025-05-09', escalated_at = now() WHERE id IN (:ids)")
                .param("ids", List.of(globexCra, initechCra)).update();

        queue.queue(globexCra, Kind.VALIDATION_REQUEST, "Claire Martin", "claire.martin@mail-globex.example", claire.id(), "claire");
        queue.queue(globexCra, Kind.VALIDATION_REQUEST, "Marc\r\nBcc: evil@attacker.example", "marc.durand@mail-globex.example", marc.id(), "marc");
        queue.queue(globexCra, Kind.VALIDATION_REQUEST, "Nobody", "not an address", claire.id(), "broken");
        queue.queue(initechCra, Kind.VALIDATION_REQUEST, "Peter Gibbons", "peter.gibbons@mail-initech.example", peter.id(), "peter");
        queue.queue(globexCra, Kind.REMINDER, "Claire Martin", "claire.martin@mail-globex.example", claire.id(), "claire:2025-05-07");
        queue.queue(globexCra, Kind.ESCALATION, "Bob Porter", "bob.porter@mail-acme.example", null, "deadline");
        awaitSettled(globexCra);

        tx.executeWithoutResult(s -> decisions.record(new CraDecisions.Decision(globexCra, CraDecisions.Outcome.REJECTED,
                CraDecisions.Kind.LINK, "Claire Martin", "claire.martin@mail-globex.example", claire.id(), null, null,
                "<script>alert(1)</script> trop d'heures",
                List.of(new CraDecisions.DayVerdict(java.time.LocalDate.of(2025, 4, 2), CraDecisions.Outcome.REJECTED,
                        "Alice n'était pas là\r\nBcc: x@attacker.example")),
                OffsetDateTime.now(), "203.0.113.7", "Firefox")));
        queue.queue(globexCra, Kind.REJECTION_NOTICE, "Bob Porter", "bob.porter@mail-acme.example", null, "decision");
        queue.queue(globexCra, Kind.DECIDED_NOTICE, "Marc Durand", "marc.durand@mail-globex.example", null, "marc");
        awaitSettled(globexCra);
        awaitSettled(initechCra);

        List<CraMail> rows = mails.list(globexCra);
        assertThat(rows).extracting(CraMail::kind, CraMail::recipientEmail, CraMail::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("VALIDATION_REQUEST", "claire.martin@mail-globex.example", DispatchStatus.SENT),
                org.assertj.core.groups.Tuple.tuple("VALIDATION_REQUEST", "marc.durand@mail-globex.example", DispatchStatus.SENT),
                org.assertj.core.groups.Tuple.tuple("VALIDATION_REQUEST", "not an address", DispatchStatus.FAILED),
                org.assertj.core.groups.Tuple.tuple("REMINDER", "claire.martin@mail-globex.example", DispatchStatus.SENT),
                org.assertj.core.groups.Tuple.tuple("ESCALATION", "bob.porter@mail-acme.example", DispatchStatus.SENT),
                org.assertj.core.groups.Tuple.tuple("REJECTION_NOTICE", "bob.porter@mail-acme.example", DispatchStatus.SENT),
                org.assertj.core.groups.Tuple.tuple("DECIDED_NOTICE", "marc.durand@mail-globex.example", DispatchStatus.SENT));
        CraMail broken = rows.get(2);
        assertThat(broken.lastError()).isEqualTo("recipient 'not an address' is not an e-mail address");
        assertThat(broken.attempts()).as("not retried: no attempt can send it").isEqualTo(5);

        // each sent row arrived exactly once, to its recipient only
        for (CraMail row : rows) {
            List<MimeMessage> received = received(row.messageId());
            if (row.status() == DispatchStatus.SENT) {
                assertThat(received).as(row.kind() + " to " + row.recipientEmail()).hasSize(1);
                assertThat(Arrays.stream(received.get(0).getAllRecipients()).map(a -> ((InternetAddress) a).getAddress()))
                        .containsExactly(row.recipientEmail());
                assertThat(received.get(0).getHeader("X-Crahub-Cra")).containsExactly(Long.toString(globexCra));
                assertThat(received.get(0).getHeader("X-Crahub-Mail-Kind")).containsExactly(row.kind());
            } else {
                assertThat(received).isEmpty();
            }
        }
        // a name holding CR/LF stays a display name: no mailbox was delivered to at the attacker's domain
        assertThat(smtp.getUserManager().getUserByEmail("evil@attacker.example")).isNull();
        assertThat(smtp.getUserManager().getUserByEmail("x@attacker.example")).isNull();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            assertThat(Arrays.stream(m.getAllRecipients()).map(a -> ((InternetAddress) a).getAddress()))
                    .noneMatch(a -> a.endsWith("attacker.example"));
        }

        MimeMessage request = received(rows.get(0).messageId()).get(0);
        assertThat(request.getSubject()).isEqualTo("CRA à valider – Refonte de la plateforme – avril 2025 (version 1)");
        assertThat(((InternetAddress) request.getFrom()[0]).getAddress()).as("the seller's address, the default sender being a placeholder")
                .isEqualTo("facturation@mail-acme.example");
        assertThat(((InternetAddress) request.getReplyTo()[0]).getAddress()).isEqualTo("bob.porter@mail-acme.example");
        String text = part(request, "text/plain");
        assertThat(text).startsWith("Bonjour Claire Martin,")
                .contains("- Jean Dupont : 2 jours, 16 heures", "- Alice Moreau : 0,5 jour, 4 heures", "avant le 09/05/2025",
                        "https://hub.mail.example/validation/" + tokens.token(claire.id()));
        assertThat(part(request, "text/html")).contains("href=\"https://hub.mail.example/validation/" + tokens.token(claire.id()) + "\"");
        Part pdf = attachment(request);
        assertThat(pdf.getFileName()).isEqualTo("CRA-mail-globex-platform-2025-04-v1.pdf");
        // the PDF as sent (?seen=true): once the test's decision is recorded, the plain URL serves the decided rendering
        assertThat(pdf.getInputStream().readAllBytes())
                .isEqualTo(admin().getForObject("/api/cras/" + globexCra + "/pdf?seen=true", byte[].class));

        MimeMessage toMarc = received(rows.get(1).messageId()).get(0);
        assertThat(toMarc.getHeader("Bcc")).isNull();
        assertThat(part(toMarc, "text/plain")).startsWith("Bonjour,").contains(tokens.token(marc.id()));

        MimeMessage english = received(mails.list(initechCra).get(0).messageId()).get(0);
        assertThat(english.getSubject()).isEqualTo("Activity report to approve – TPS reports – April 2025 (version 1)");
        assertThat(part(english, "text/plain")).startsWith("Dear Peter Gibbons,").contains("before 9 May 2025", "1 day, 8 hours");

        MimeMessage rejection = received(rows.get(5).messageId()).get(0);
        assertThat(part(rejection, "text/plain")).contains("Claire Martin (Globex France SA) a refusé",
                "Commentaire : <script>alert(1)</script> trop d'heures", "- 02/04/2025 : Alice n'était pas là",
                "https://hub.mail.example/api/cras/" + globexCra);
        assertThat(part(rejection, "text/html")).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(part(received(rows.get(6).messageId()).get(0), "text/plain"))
                .contains("a été refusé par Claire Martin le", "Vous n'avez plus rien à faire");
        assertThat(part(received(rows.get(4).messageId()).get(0), "text/plain"))
                .contains("Rappels envoyés : 1", "- Claire Martin <claire.martin@mail-globex.example>");

        // the audit trail holds one MAIL_SENT per mail that left, naming its Message-ID
        List<String> events = jdbc.sql("SELECT detail FROM cra_event WHERE cra_id = :cra AND kind = 'MAIL_SENT' ORDER BY id")
                .param("cra", globexCra).query(String.class).list();
        assertThat(events).hasSize(6).anySatisfy(e -> assertThat(e).contains("VALIDATION_REQUEST to claire.martin@mail-globex.example", rows.get(0).messageId()));

        // billing sees the mails of a CRA; ops do not
        List<Map<String, Object>> api = rest.withBasicAuth("billing", BILLING_PASSWORD).exchange("/api/cras/" + globexCra + "/mails",
                HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(api).hasSize(7);
        assertThat(api.get(2)).containsEntry("status", "FAILED").containsEntry("attempts", 5)
                .containsEntry("lastError", "recipient 'not an address' is not an e-mail address");
        assertThat(api.get(0)).containsEntry("status", "SENT").containsEntry("messageId", rows.get(0).messageId())
                .containsKey("sentAt");
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/cras/" + globexCra + "/mails", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(admin().getForEntity("/api/cras/987654321/mails", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aRowClaimedTwiceLeavesOnce() throws Exception {
        ValidationTokens.Issued claire = tokens.issue(mayCra, "Claire Martin", "claire.martin@mail-globex.example", OffsetDateTime.now());
        queue.queue(mayCra, Kind.VALIDATION_REQUEST, "Claire Martin", "claire.martin@mail-globex.example", claire.id(), "twice");
        long id = mails.list(mayCra).stream().filter(m -> m.messageId() != null && m.kind().equals("VALIDATION_REQUEST")
                && m.recipientEmail().startsWith("claire")).reduce((a, b) -> b).orElseThrow().id();
        // four senders at once, besides the poll: one claim wins
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Object> send = () -> camel.requestBody("direct:delivery-mail-cra", id);
            List<Future<Object>> answers = pool.invokeAll(List.of(send, send, send, send));
            for (Future<Object> answer : answers) {
                assertThat(answer.get()).isInstanceOf(CraMail.class);
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mails.find(id).orElseThrow().status() == DispatchStatus.SENT);
        assertThat(mails.claim(id)).as("a sent row is never claimed again").isFalse();
        assertThat(camel.requestBody("direct:delivery-mail-cra", id, CraMail.class).status()).isEqualTo(DispatchStatus.SENT);
        assertThat(received(mails.find(id).orElseThrow().messageId())).hasSize(1);
        assertThat(mails.find(id).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void anSmtpOutageLeavesTheRowFailedWithADeadLetterAndTheRetrySendsItOnce() throws Exception {
        smtp.stop();
        long id;
        try {
            queue.queue(mayCra, Kind.ESCALATION, "Bob Porter", "bob.porter@mail-acme.example", null, "outage");
            id = mails.list(mayCra).stream().filter(m -> m.kind().equals("ESCALATION")).findFirst().orElseThrow().id();
            await().atMost(Duration.ofSeconds(30)).until(() -> mails.find(id).orElseThrow().status() == DispatchStatus.FAILED);
            CraMail failed = mails.find(id).orElseThrow();
            assertThat(failed.lastError()).containsIgnoringCase("connect");
            assertThat(failed.attempts()).isGreaterThanOrEqualTo(1);
            List<Map<String, Object>> letters = admin().exchange("/api/dead-letters", HttpMethod.GET, null,
                    new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
            assertThat(letters).anySatisfy(l -> {
                assertThat(l.get("endpointUri")).isEqualTo("direct:delivery-mail-cra");
                assertThat(l.get("body")).isEqualTo(Long.toString(id));
                assertThat(l.get("bodyType")).isEqualTo("java.lang.Long");
            });
        } finally {
            smtp.start();
        }
        // the poll retries after the back-off: the mail leaves once
        await().atMost(Duration.ofSeconds(60)).until(() -> mails.find(id).orElseThrow().status() == DispatchStatus.SENT);
        String messageId = mails.find(id).orElseThrow().messageId();
        assertThat(received(messageId)).hasSize(1);

        // replaying the dead letter now finds the row sent: nothing leaves again
        List<Map<String, Object>> letters = admin().exchange("/api/dead-letters", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        Map<String, Object> letter = letters.stream().filter(l -> Long.toString(id).equals(l.get("body"))
                && "direct:delivery-mail-cra".equals(l.get("endpointUri"))).findFirst().orElseThrow();
        Map<String, Object> replay = admin().postForObject("/api/dead-letters/" + letter.get("id") + "/replay", null, Map.class);
        assertThat(replay).containsEntry("replayed", true);
        assertThat(received(messageId)).hasSize(1);
        assertThat(mails.find(id).orElseThrow().status()).isEqualTo(DispatchStatus.SENT);
    }

    @Test
    void aRequestWhoseLinkWasRevokedMeanwhileIsClosedNotSent() throws Exception {
        ValidationTokens.Issued old = tokens.issue(mayCra, "Claire Martin", "claire.martin@mail-globex.example", OffsetDateTime.now());
        tokens.revokeAll(mayCra, "RESENT", OffsetDateTime.now());
        queue.queue(mayCra, Kind.REMINDER, "Claire Martin", "claire.martin@mail-globex.example", old.id(), "revoked");
        CraMail row = mails.list(mayCra).stream().filter(m -> m.kind().equals("REMINDER")).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> mails.find(row.id()).orElseThrow().status() == DispatchStatus.FAILED);
        CraMail closed = mails.find(row.id()).orElseThrow();
        assertThat(closed.lastError()).isEqualTo("not sent: its link was revoked (RESENT)");
        assertThat(closed.attempts()).isEqualTo(5);
        assertThat(received(row.messageId())).isEmpty();
        List<Map<String, Object>> letters = admin().exchange("/api/dead-letters", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(letters).noneMatch(l -> Long.toString(row.id()).equals(l.get("body"))
                && "direct:delivery-mail-cra".equals(l.get("endpointUri")));
    }

    @Test
    void aRowFoundInSendingAfterACrashIsLeftAloneAndShown() throws Exception {
        long id = jdbc.sql("""
                INSERT INTO cra_mail (cra_id, kind, recipient_email, dedup_key, status, message_id, attempts)
                VALUES (:cra, 'ESCALATION', 'bob.porter@mail-acme.example', 'ESCALATION:crash', 'SENDING', :mid, 1)
                RETURNING id
                """).param("cra", mayCra).param("mid", "<cra.crash." + UUID.randomUUID() + "@mail.example>")
                .query(Long.class).single();
        assertThat(mails.due(5, Duration.ZERO, 1000)).doesNotContain(id);
        CraMail answer = camel.requestBody("direct:delivery-mail-cra", id, CraMail.class);
        assertThat(answer.status()).isEqualTo(DispatchStatus.SENDING);
        assertThat(received(answer.messageId())).isEmpty();
        List<Map<String, Object>> api = admin().exchange("/api/cras/" + mayCra + "/mails", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(api).anySatisfy(m -> assertThat(m).containsEntry("id", (int) id).containsEntry("status", "SENDING")
                .containsEntry("attempts", 1));
    }

    /** Waits until no row of the CRA is PENDING or SENDING (every mail left or failed). */
    private void awaitSettled(long craId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> mails.list(craId).stream()
                .noneMatch(m -> m.status() == DispatchStatus.PENDING || m.status() == DispatchStatus.SENDING
                        || (m.status() == DispatchStatus.FAILED && m.attempts() < 5)));
    }

    private static List<MimeMessage> received(String messageId) throws Exception {
        List<MimeMessage> found = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (messageId.equals(m.getMessageID())) {
                found.add(m);
            }
        }
        return found;
    }

    private static String part(Part part, String type) throws Exception {
        return MailParts.text(part, type);
    }

    private static Part attachment(Part part) throws Exception {
        return MailParts.attachment(part);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
