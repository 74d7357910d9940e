package dev.crahub.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.crahub.HubTestSupport;
import dev.crahub.MailParts;
import dev.crahub.delivery.mail.MailRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch runs end to end (issue 10, ADR 0026), months 2021-01 to 2021-03, codes dr-, GreenMail as the SMTP server:
 * a run answers 202 at once and its progress shows while it runs (one document held back by a row lock the test
 * keeps, so a poll sees it pending: states, not timings), one run of a month at a time (409), personal messages
 * stored on the dispatches, a selection and what it refuses (422, each invoice named), a dry run that renders the
 * month's mails to files and sends nothing, the metrics and the JMX view, and who may do what.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DispatchRunIntegrationTests extends HubTestSupport {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    static boolean referentialLoaded;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("crahub.mail.from", () -> "factures@dr-acme.example");
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    DispatchStore dispatches;
    @Autowired
    ChannelDispatcher channelDispatcher;
    @Autowired
    MailRegistry registry;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DispatchRunMonitor monitor;
    @Autowired
    DispatchRuns runs;
    @Autowired
    org.apache.camel.CamelContext camel;

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void aRunAnswersAtOnceShowsItsProgressAndIsTheOnlyOneOfItsMonth() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2021-01");
        awaitValidEInvoices("2021-01");
        long mailA = id(invoices.get("dr-mail-a"));
        long mailB = id(invoices.get("dr-mail-b"));
        long folder = id(invoices.get("dr-folder"));
        assertThat(channelDispatcher.plan("2021-01")).hasSize(3);
        long heldDispatch = dispatchId(mailB);

        Map<String, Object> started;
        long runId;
        // the test holds dr-mail-b's dispatch row (as a slow channel would hold the run): its claim waits for it
        try (Connection hold = dataSource.getConnection()) {
            hold.setAutoCommit(false);
            try (PreparedStatement lock = hold.prepareStatement("SELECT id FROM dispatch WHERE id = ? FOR NO KEY UPDATE")) {
                lock.setLong(1, heldDispatch);
                lock.executeQuery().close();
            }
            ResponseEntity<Map> answer = rest.withBasicAuth("billing", BILLING_PASSWORD).postForEntity(
                    "/api/months/2021-01/dispatch",
                    json(Map.of("messages", Map.of(String.valueOf(mailA), "Bonne année 2021 !\nMerci de votre confiance."))),
                    Map.class);
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            started = answer.getBody();
            runId = ((Number) started.get("id")).longValue();
            assertThat(answer.getHeaders().getLocation()).hasToString("/api/dispatches/" + runId);
            assertThat(started).containsEntry("month", "2021-01").containsEntry("status", "RUNNING")
                    .containsEntry("total", 3).containsEntry("dryRun", false).containsEntry("requestedBy", "billing");

            // the two others go; the held one stays pending, and the run RUNNING
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    ((Number) run(runId).get("sent")).intValue() == 2);
            Map<String, Object> progress = run(runId);
            assertThat(progress).containsEntry("status", "RUNNING").containsEntry("total", 3).containsEntry("sent", 2)
                    .containsEntry("failed", 0).containsEntry("pending", 1);
            List<Map<String, Object>> lines = (List<Map<String, Object>>) progress.get("dispatches");
            assertThat(lines).extracting(l -> l.get("invoiceNumber"), l -> l.get("status")).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(number(invoices.get("dr-mail-a")), "SENT"),
                    org.assertj.core.groups.Tuple.tuple(number(invoices.get("dr-mail-b")), "PENDING"),
                    org.assertj.core.groups.Tuple.tuple(number(invoices.get("dr-folder")), "SENT"));
            assertThat(lines).filteredOn(l -> "SENT".equals(l.get("status")))
                    .allSatisfy(l -> assertThat((String) l.get("lastMessage")).isNotBlank());

            // one run of a month at a time, across the asynchronous boundary: 409 saying who runs it
            ResponseEntity<Map> second = admin().postForEntity("/api/months/2021-01/dispatch", null, Map.class);
            assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(second.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat((String) second.getBody().get("detail")).contains("of 2021-01 is running since", "started by billing");
            // a dry run of the month too
            assertThat(admin().postForEntity("/api/months/2021-01/dispatch?dryRun=true", null, Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.CONFLICT);

            // the metrics and the JMX view see the running run
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(meters.get("crahub.dispatch.run.pending").gauge().value()).isGreaterThanOrEqualTo(1);
                assertThat(monitor.getRunId()).isEqualTo(runId);
            });
            assertThat(monitor.getMonth()).isEqualTo("2021-01");
            assertThat(monitor.getTotal()).isEqualTo(3);
            assertThat(monitor.getSent()).isEqualTo(2);
            assertThat(monitor.getPending()).isEqualTo(1);
            assertThat(monitor.getFailed()).isZero();
            assertThat(meters.get("crahub.dispatch.run.documents").gauge().value()).isGreaterThanOrEqualTo(3);
            String prometheus = rest.withBasicAuth("ops", OPS_PASSWORD).getForObject("/actuator/prometheus", String.class);
            assertThat(prometheus).contains("crahub_dispatch_run_pending 1.0", "crahub_dispatch_run_sent 2.0",
                    "crahub_dispatch_run_failed 0.0", "crahub_dispatch_run_documents 3.0", "crahub_dispatch_run_running 1.0");
            // the list of the month's runs has it
            List<Map<String, Object>> listed = admin().getForObject("/api/dispatches?month=2021-01", List.class);
            assertThat(listed).extracting(r -> ((Number) r.get("id")).longValue()).contains(runId);
            hold.rollback();
        }

        Map<String, Object> done = awaitRun(runId);
        assertThat(done).containsEntry("status", "DONE").containsEntry("sent", 3).containsEntry("failed", 0)
                .containsEntry("pending", 0);
        assertThat(done.get("startedAt")).isNotNull();
        assertThat(done.get("finishedAt")).isNotNull();
        assertThat(invoiceMails("2021-01")).hasSize(2).extracting(DispatchRunIntegrationTests::header)
                .containsExactlyInAnyOrder(number(invoices.get("dr-mail-a")), number(invoices.get("dr-mail-b")));
        assertThat(home.root().resolve("data/outbox/einvoices/dr-acme/" + number(invoices.get("dr-folder")) + "-cii.xml"))
                .exists();
        // the personal message is stored on its dispatch before the send (the templates print it); none for the others
        assertThat(dispatches.personalMessage(dispatchId(mailA))).contains("Bonne année 2021 !\nMerci de votre confiance.");
        assertThat(dispatches.personalMessage(heldDispatch)).isEmpty();
        assertThat(dispatches.personalMessage(dispatchId(folder))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(monitor.getRunId()).isNotEqualTo(runId));

        // the month is free again; a new run finds nothing left to send
        Map<String, Object> again = dispatchMonth("2021-01");
        assertThat(again).containsEntry("status", "DONE").containsEntry("total", 0);
        assertThat((List<Object>) again.get("dispatches")).isEmpty();
        assertThat(invoiceMails("2021-01")).hasSize(2);
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void aSelectionSendsOnlyItsInvoicesAndWhatCannotBeSentIsNamed() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2021-03");
        awaitValidEInvoices("2021-03");
        long mailA = id(invoices.get("dr-mail-a"));
        long mailB = id(invoices.get("dr-mail-b"));
        var billing = rest.withBasicAuth("billing", BILLING_PASSWORD);

        // lesser roles: ops cannot start a run (403), an outsider is not let in (401), nor reads runs
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/months/2021-03/dispatch", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/months/2021-03/dispatch?dryRun=true", null,
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.postForEntity("/api/months/2021-03/dispatch", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("billing", "wrong").postForEntity("/api/months/2021-03/dispatch", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/api/dispatches?month=2021-03", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/dispatches?month=2021-03", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(invoiceMails("2021-03")).isEmpty();

        // a selection of one: only it leaves
        Map<String, Object> one = dispatchMonth("2021-03", Map.of("invoices", List.of(mailA), "message", "Voici la facture de mars."));
        assertThat(one).containsEntry("status", "DONE").containsEntry("total", 1).containsEntry("sent", 1)
                .containsEntry("selection", List.of((int) mailA));
        assertThat((List<Map<String, Object>>) one.get("dispatches")).singleElement()
                .satisfies(l -> assertThat(l).containsEntry("invoiceId", (int) mailA).containsEntry("status", "SENT"));
        assertThat(invoiceMails("2021-03")).singleElement().extracting(DispatchRunIntegrationTests::header)
                .isEqualTo(number(invoices.get("dr-mail-a")));
        assertThat(dispatches.personalMessage(dispatchId(mailA))).contains("Voici la facture de mars.");

        // what cannot be in a selection: each invoice named with its reason, nothing started, nothing sent
        // an invoice of this class's January run (the tests run in order)
        long otherMonth = jdbc.sql("SELECT min(id) FROM invoice WHERE month = '2021-01' AND seller_code = 'dr-acme'")
                .query(Long.class).single();
        ResponseEntity<Map> refused = billing.postForEntity("/api/months/2021-03/dispatch",
                json(Map.of("invoices", List.of(mailA, otherMonth, 999_999_999L, mailB))), Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) refused.getBody().get("detail")).contains("3 of the invoices asked for");
        List<Map<String, Object>> named = (List<Map<String, Object>>) refused.getBody().get("refused");
        Map<Long, String> reasons = new HashMap<>();
        named.forEach(r -> reasons.put(((Number) r.get("invoiceId")).longValue(), (String) r.get("reason")));
        assertThat(reasons).containsOnlyKeys(mailA, otherMonth, 999_999_999L);
        assertThat(reasons.get(mailA)).isEqualTo("already sent");
        assertThat(reasons.get(otherMonth)).isEqualTo("of 2021-01, not of 2021-03");
        assertThat(reasons.get(999_999_999L)).isEqualTo("no issued invoice or credit note with this id");
        // a message for an invoice outside the selection, an empty selection, unusable messages
        assertUnprocessable(billing.postForEntity("/api/months/2021-03/dispatch", json(Map.of("invoices", List.of(mailB),
                "messages", Map.of(String.valueOf(id(invoices.get("dr-folder"))), "x"))), Map.class), "not in the selection");
        assertUnprocessable(billing.postForEntity("/api/months/2021-03/dispatch", json(Map.of("invoices", List.of())),
                Map.class), "invoices: name at least one invoice");
        assertUnprocessable(billing.postForEntity("/api/months/2021-03/dispatch", json(Map.of("message", "x".repeat(2001))),
                Map.class), "message: at most 2000 characters");
        assertUnprocessable(billing.postForEntity("/api/months/2021-03/dispatch", json(Map.of("message", "bonjour\u0007")),
                Map.class), "message:");
        assertUnprocessable(billing.postForEntity("/api/months/2021-03/dispatch",
                json(Map.of("messages", Map.of("1;DROP TABLE dispatch", "x"))), Map.class), "is not an invoice id");
        assertThat(admin().postForEntity("/api/months/2021-13/dispatch", null, String.class).getStatusCode().value())
                .isIn(400, 422);
        assertThat(invoiceMails("2021-03")).hasSize(1);
        assertThat(dispatches.find(dispatchId(mailB)).orElseThrow().status()).isEqualTo(DispatchStatus.PENDING);
        assertThat(admin().getForEntity("/api/dispatches/999999999", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        // a decision is per invoice now (its one dispatch): only a dispatch left SENDING is decided
        Map<String, Object> decision = Map.of("delivered", true, "reason", "the client confirmed it");
        assertThat(billing.postForEntity("/api/invoices/" + mailA + "/dispatch/decision", json(decision), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(billing.postForEntity("/api/invoices/999999999/dispatch/decision", json(decision), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/invoices/" + mailA + "/dispatch/decision",
                json(decision), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        // the rest of the month: the two left
        Map<String, Object> remainder = dispatchMonth("2021-03");
        assertThat(remainder).containsEntry("status", "DONE").containsEntry("total", 2).containsEntry("sent", 2);
        assertThat(invoiceMails("2021-03")).hasSize(2);

        // a run a stopped hub left RUNNING (nobody holds its month) is closed at start-up, FAILED, not RUNNING for ever
        long orphan = jdbc.sql("""
                INSERT INTO dispatch_run (month, requested_by, requested_at, status, total)
                VALUES ('2021-03', 'billing', now(), 'RUNNING', 0) RETURNING id
                """).query(Long.class).single();
        runs.closeInterrupted();
        assertThat(run(orphan)).containsEntry("status", "FAILED");
        assertThat((String) run(orphan).get("error")).startsWith("interrupted");
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void aDryRunRendersTheMonthsMailsToFilesAndSendsNothing() throws Exception {
        // the e-invoices are not built on their own here: dr-mail-a's is built on demand, dr-mail-b's stays PENDING
        camel.getRouteController().stopRoute("einvoice-build-queue");
        camel.getRouteController().stopRoute("einvoice-build-schedule");
        try {
            dryRun();
        } finally {
            camel.getRouteController().startRoute("einvoice-build-queue");
            camel.getRouteController().startRoute("einvoice-build-schedule");
        }
    }

    @SuppressWarnings("unchecked")
    private void dryRun() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2021-02");
        long mailA = id(invoices.get("dr-mail-a"));
        long mailB = id(invoices.get("dr-mail-b"));
        String numberA = number(invoices.get("dr-mail-a"));
        assertThat(admin().postForEntity("/api/invoices/" + mailA + "/einvoice/rebuild", null, Map.class)
                .getBody()).containsEntry("status", "VALID");
        long attemptsBefore = jdbc.sql("SELECT count(*) FROM dispatch_attempt").query(Long.class).single();

        Map<String, Object> dry = dispatchMonth("2021-02", Map.of("dryRun", true, "message", "Message de test"));
        assertThat(dry).containsEntry("status", "DONE").containsEntry("dryRun", true).containsEntry("total", 3)
                .containsEntry("sent", 1).containsEntry("failed", 2).containsEntry("pending", 0);
        long runId = ((Number) dry.get("id")).longValue();
        Path folder = home.root().resolve("data/outbox/dry-run/" + runId);
        assertThat(dry).containsEntry("files", "data/outbox/dry-run/" + runId);
        Map<String, Map<String, Object>> lines = new HashMap<>();
        ((List<Map<String, Object>>) dry.get("dispatches")).forEach(l -> lines.put((String) l.get("invoiceNumber"), l));
        assertThat(lines.get(numberA)).containsEntry("status", "RENDERED")
                .containsEntry("file", "data/outbox/dry-run/" + runId + "/" + numberA + ".eml");
        assertThat(lines.get(number(invoices.get("dr-mail-b")))).containsEntry("status", "NOT_MADE");
        assertThat((String) lines.get(number(invoices.get("dr-mail-b"))).get("lastMessage")).contains("e-invoice PENDING");
        assertThat((String) lines.get(number(invoices.get("dr-folder"))).get("lastMessage"))
                .contains("no e-mail channel", "file");

        // the rendered mail: as it would leave, attachment included
        MimeMessage eml;
        try (var in = new ByteArrayInputStream(Files.readAllBytes(folder.resolve(numberA + ".eml")))) {
            eml = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(eml.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("factures@dr-mail-a.example");
        assertThat(eml.getSubject()).contains(numberA);
        assertThat(eml.getMessageID()).isEqualTo("<invoice." + numberA + "@dr-acme.example>");
        Part pdf = MailParts.attachment(eml);
        assertThat(pdf.getFileName()).isEqualTo(numberA + ".pdf");
        assertThat(folder.resolve(number(invoices.get("dr-mail-b")) + ".eml")).doesNotExist();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(numberA + ".eml",
                    "summary.json", "summary.txt");
        }
        Map<String, Object> summary = new ObjectMapper().readValue(folder.resolve("summary.json").toFile(), Map.class);
        List<Map<String, Object>> documents = (List<Map<String, Object>>) summary.get("documents");
        assertThat(documents).hasSize(3);
        Map<String, Object> rendered = documents.stream().filter(d -> numberA.equals(d.get("number"))).findFirst().orElseThrow();
        assertThat(rendered).containsEntry("outcome", "RENDERED").containsEntry("subject", eml.getSubject())
                .containsEntry("to", List.of("factures@dr-mail-a.example"));
        assertThat((List<Map<String, Object>>) rendered.get("attachments")).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("name", numberA + ".pdf");
            assertThat(((Number) a.get("size")).longValue()).isEqualTo(pdf.getInputStream().readAllBytes().length);
        });
        assertThat(documents).filteredOn(d -> "NOT_MADE".equals(d.get("outcome"))).hasSize(2)
                .allSatisfy(d -> assertThat((String) d.get("reason")).isNotBlank());
        assertThat(Files.readString(folder.resolve("summary.txt"))).contains("nothing was sent", numberA,
                "NOT MADE", "e-invoice PENDING");

        // nothing handed to SMTP, nothing in the mail registry, no dispatch sent or being sent, no attempt
        assertThat(invoiceMails("2021-02")).isEmpty();
        assertThat(registry.ofInvoice(mailA)).isEmpty();
        assertThat(registry.ofInvoice(mailB)).isEmpty();
        for (Map<String, Object> invoice : invoices.values()) {
            assertThat(dispatches.find(dispatchId(id(invoice))).orElseThrow().status()).isEqualTo(DispatchStatus.PENDING);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM dispatch_attempt").query(Long.class).single()).isEqualTo(attemptsBefore);
        assertThat(home.root().resolve("data/outbox/einvoices/dr-acme/" + number(invoices.get("dr-folder")) + "-cii.xml"))
                .doesNotExist();
        // an outsider or ops cannot list it
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/dispatches/" + runId, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        // then the real run sends what the dry run showed, with the message it rendered, same Message-ID
        camel.getRouteController().startRoute("einvoice-build-queue");
        camel.getRouteController().startRoute("einvoice-build-schedule");
        awaitValidEInvoices("2021-02");
        Map<String, Object> real = dispatchMonth("2021-02");
        assertThat(real).containsEntry("dryRun", false).containsEntry("total", 3).containsEntry("sent", 3)
                .containsEntry("pending", 0);
        List<MimeMessage> sent = invoiceMails("2021-02");
        assertThat(sent).extracting(DispatchRunIntegrationTests::header)
                .containsExactlyInAnyOrder(numberA, number(invoices.get("dr-mail-b")));
        assertThat(sent).filteredOn(m -> header(m).equals(numberA)).singleElement()
                .extracting(DispatchRunIntegrationTests::messageId).isEqualTo(eml.getMessageID());
        assertThat(dispatches.personalMessage(dispatchId(mailA))).contains("Message de test");
    }

    // ---- helpers ----

    private Map<String, Object> run(long id) {
        @SuppressWarnings("unchecked")
        Map<String, Object> run = admin().getForObject("/api/dispatches/" + id, Map.class);
        return run;
    }

    private static void assertUnprocessable(ResponseEntity<Map> answer, String detail) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(answer.getBody().toString()).as("detail or refused").contains(detail);
    }

    private void loadReferential() throws IOException {
        if (referentialLoaded) {
            return;
        }
        drop("referential", "dr-referential.yaml", REFERENTIAL);
        awaitDone("referential", "dr-referential.yaml");
        referentialLoaded = true;
    }

    /** Builds, approves and issues the month's invoices (one per client); answers them by client code. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> issue(String month) throws IOException {
        loadReferential();
        // the month's first Monday, Tuesday and Wednesday that are working days (1 January is a holiday)
        java.time.LocalDate monday = java.time.YearMonth.parse(month).atDay(2)
                .with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.MONDAY));
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy");
        drop("timesheets", "dr-" + month + ".csv", """
                consultant;date;hours;project;comment
                dr-jmartin;%s;8;DR-MAIL-A;Cadrage
                dr-jmartin;%s;8;DR-MAIL-B;Cadrage
                dr-jmartin;%s;8;DR-FOLDER;Cadrage
                """.formatted(day.format(monday), day.format(monday.plusDays(1)), day.format(monday.plusDays(2))));
        awaitDone("timesheets", "dr-" + month + ".csv");
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/" + month + "/cras", null, Map.class).get("cras");
        cras.forEach(c -> approve(c.get("id"), "signed CRA received"));
        List<Map<String, Object>> issued = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/" + month + "/invoices", null, Map.class).get("invoices");
        assertThat(issued).hasSize(3).allSatisfy(i -> assertThat(i).containsEntry("status", "ISSUED"));
        List<Map<String, Object>> listed = admin().getForObject("/api/invoices?month=" + month, List.class);
        Map<String, Map<String, Object>> byClient = new HashMap<>();
        listed.forEach(i -> byClient.put((String) i.get("client"), i));
        return byClient;
    }

    private long dispatchId(long invoiceId) {
        return dispatches.dispatches(invoiceId).get(0).id();
    }

    private static long id(Map<String, Object> invoice) {
        return ((Number) invoice.get("id")).longValue();
    }

    private static String number(Map<String, Object> invoice) {
        return (String) invoice.get("number");
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(MimeMessage m) {
        try {
            return m.getHeader("X-Crahub-Invoice")[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Invoice mails GreenMail received for the month's dr- invoices (one per recipient). */
    private List<MimeMessage> invoiceMails(String month) throws Exception {
        List<String> numbers = jdbc.sql("SELECT number FROM invoice WHERE month = :m AND seller_code = 'dr-acme'")
                .param("m", month).query(String.class).list();
        List<MimeMessage> mails = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String[] header = m.getHeader("X-Crahub-Invoice");
            if (header != null && numbers.contains(header[0])) {
                mails.add(m);
            }
        }
        return mails;
    }

    private static final String REFERENTIAL = """
            sellers:
              - code: dr-acme
                name: ACME Envois SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@dr-acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: DRUN
            clients:
              - code: dr-mail-a
                name: Client Mail A
                siren: "987654324"
                address: {lines: ["1 rue A"], postcode: "92800", city: Puteaux, country: FR}
                approvers: [{name: A, email: a@dr-mail-a.example}]
                billing: {name: Compta, email: factures@dr-mail-a.example}
              - code: dr-mail-b
                name: Client Mail B
                siren: "987654324"
                address: {lines: ["1 rue B"], postcode: "92800", city: Puteaux, country: FR}
                approvers: [{name: B, email: b@dr-mail-b.example}]
                billing: {name: Compta, email: factures@dr-mail-b.example}
                channels:
                  - {type: email}
              - code: dr-folder
                name: Client dossier
                siren: "987654324"
                address: {lines: ["1 rue D"], postcode: "92800", city: Puteaux, country: FR}
                approvers: [{name: D, email: d@dr-folder.example}]
                billing: {name: Compta, email: factures@dr-folder.example}
                channels:
                  - {type: file, format: cii}
            consultants:
              - {code: dr-jmartin, name: Jeanne Martin}
            contracts:
            %s
            """.formatted(Stream.of("mail-a", "mail-b", "folder").map(c -> """
              - code: dr-%1$s-run
                seller: dr-acme
                client: dr-%1$s
                label: Run %1$s
                consultants: [dr-jmartin]
                dailyRate: 600.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: generic, project: DR-%2$s}]
            """.formatted(c, c.toUpperCase())).reduce("", String::concat));
}
