package dev.crahub.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.crahub.HubTestSupport;
import dev.crahub.MailParts;
import dev.crahub.TestClock;
import dev.crahub.camel.DeadLetterStore;
import dev.crahub.delivery.mail.MailRegistry;
import dev.crahub.delivery.pa.StatusIntake;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.crahub.delivery.PlatformPayloads.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounces and payment reminders end to end (issue 10, ADR 0027), months 2020-10 to 2020-12, codes rm-: GreenMail
 * with SMTP and IMAP is the company's mailbox. A DSN delivered into its INBOX for a sent invoice mail records the
 * bounce, alerts, and delivers the invoice through the client's next channel (a folder); read twice it acts once; a
 * DSN about a mail the hub never sent is left alone; e-mail as the last channel ends FAILED in the dead letters,
 * whose replay sends a new mail. Reminders follow the hub's clock across D-3, D+7, D+15, D+30: one mail per stage,
 * stopped by a payment through the API or a platform's Encaissée, the amount still due after a part payment, no
 * burst of missed stages.
 */
class BouncesAndRemindersIntegrationTests extends HubTestSupport {

    private static final String MAILBOX = "factures@rm-acme.example";
    private static final String IMAP_PASSWORD = "rm-imap-s3cret";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX, MAILBOX, IMAP_PASSWORD))
            .withPerMethodLifecycle(false);

    static boolean referentialLoaded;

    @DynamicPropertySource
    static void mailbox(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.from", () -> MAILBOX);
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> mail.getSmtp().getPort());
        registry.add("crahub.mail.smtp.username", () -> MAILBOX);
        // as CRAHUB_MAIL_SMTP_PASSWORD would give it
        registry.add("crahub.mail.smtp.password", () -> IMAP_PASSWORD);
        registry.add("crahub.mail.imap.host", () -> "127.0.0.1");
        registry.add("crahub.mail.imap.port", () -> mail.getImap().getPort());
        // the mails GreenMail received are counted: no Sent copy appended in the same store (MailboxIntegrationTests has those)
        registry.add("crahub.mail.sent-copy", () -> "NONE");
        registry.add("crahub.mail.bounces.poll", () -> "500");
        registry.add("crahub.mail.bounces.poll-delay", () -> "500");
        registry.add("crahub.reminders.poll", () -> "500");
        registry.add("crahub.reminders.poll-delay", () -> "500");
        registry.add("crahub.delivery.retry-poll", () -> "300");
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MailRegistry registry;
    @Autowired
    DispatchStore dispatches;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TestClock clock;
    @Autowired
    StatusIntake statusIntake;

    @Autowired
    org.apache.camel.CamelContext camel;

    /** Reminders are off in the shared test configuration (HubTestSupport): this class runs them. */
    @org.junit.jupiter.api.BeforeEach
    void remindersOn() throws Exception {
        camel.getRouteController().startRoute("delivery-remind-payments");
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    // ------------------------------------------------------------------------------------------------ bounces

    @Test
    @SuppressWarnings("unchecked")
    void aBouncedInvoiceMailIsFlaggedAlertedAndDeliveredThroughTheNextChannel() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2020-10", """
                consultant;date;hours;project;comment
                rm-jdoe;05/10/2020;8;RM-BOUNCE;Cadrage
                rm-jdoe;06/10/2020;8;RM-LASTMAIL;Cadrage
                """);
        awaitValidEInvoices("2020-10");
        dispatchMonth("2020-10");
        long bounceId = id(invoices.get("rm-bounce"));
        String number = (String) invoices.get("rm-bounce").get("number");
        DispatchSummary sent = dispatches.dispatches(bounceId).get(0);
        assertThat(sent.status()).isEqualTo(DispatchStatus.SENT);
        assertThat(sent.channel()).isEqualTo("email");
        String messageId = sent.remoteId();
        assertThat(registry.find(messageId).orElseThrow().status()).isEqualTo("SENT");
        double bouncesBefore = meters.counter("crahub.mail.bounces", "account", "default", "kind", "INVOICE").count();

        // the client's server refuses the address: Postfix returns a DSN into the mailbox's INBOX
        deliver(dsn("postfix-user-unknown.eml", messageId, "compta@rm-bounce.example"));

        await().atMost(Duration.ofSeconds(60)).until(() -> dispatches.find(sent.id()).orElseThrow().status() == DispatchStatus.SENT
                && "file".equals(dispatches.find(sent.id()).orElseThrow().channel()));
        MailRegistry.MailRecord bounced = registry.find(messageId).orElseThrow();
        assertThat(bounced.bouncedAt()).isNotNull();
        assertThat(bounced.bounceStatus()).isEqualTo("5.1.1");
        assertThat(bounced.bounceDiagnostic()).contains("550 5.1.1").contains("User unknown");
        // the dispatch view: the mail delivered, then bounced, then the folder
        assertThat(dispatches.attempts(bounceId)).extracting(DispatchAttempt::channel, DispatchAttempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("email", DispatchAttempt.Outcome.DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("email", DispatchAttempt.Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("file", DispatchAttempt.Outcome.DELIVERED));
        assertThat(dispatches.attempts(bounceId).get(1).message()).startsWith("bounced: 5.1.1 for compta@rm-bounce.example");
        Path written = home.root().resolve("data/outbox/einvoices/rm-acme/" + number + "-cii.xml");
        assertThat(written).exists();
        Map<String, Object> view = admin().getForObject("/api/invoices/" + bounceId + "/dispatches", Map.class);
        assertThat((List<Map<String, Object>>) view.get("attempts")).anySatisfy(a ->
                assertThat((String) a.get("message")).startsWith("bounced: 5.1.1"));
        // the billing team's alert: a row the API shows, the counter
        List<Map<String, Object>> alerts = admin().getForObject("/api/bounces?invoice=" + bounceId, List.class);
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a).containsEntry("status", "5.1.1")
                .containsEntry("permanent", true).containsEntry("invoiceNumber", number)
                .containsEntry("recipient", "compta@rm-bounce.example")
                .containsEntry("consequence", "the client's next channel is used"));
        assertThat(meters.counter("crahub.mail.bounces", "account", "default", "kind", "INVOICE").count())
                .isEqualTo(bouncesBefore + 1);
        // the notice is flagged \Seen once handled
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox().stream().allMatch(m -> m.isSet(Flags.Flag.SEEN)));

        // a DSN about a mail the hub never sent is left alone; the same DSN again acts no more
        deliver(dsn("postfix-user-unknown.eml", "<invoice.RM-NEVER-SENT@rm-acme.example>", "x@rm-bounce.example"));
        deliver(dsn("postfix-user-unknown.eml", messageId, "compta@rm-bounce.example"));
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox().get(inbox().size() - 1).isSet(Flags.Flag.SEEN));
        assertThat(inbox().get(inbox().size() - 2).isSet(Flags.Flag.SEEN)).as("unknown Message-ID left unread").isFalse();
        assertThat(dispatches.attempts(bounceId)).hasSize(3);
        assertThat(jdbc.sql("SELECT count(*) FROM mail_bounce").query(Long.class).single()).isEqualTo(1);
        assertThat(meters.counter("crahub.mail.bounces", "account", "default", "kind", "INVOICE").count())
                .isEqualTo(bouncesBefore + 1);

        // e-mail was the last channel: FAILED, in the dead letters; a replay (address fixed) is a new mail
        long lastId = id(invoices.get("rm-lastmail"));
        DispatchSummary lastSent = dispatches.dispatches(lastId).get(0);
        deliver(dsn("exchange-ndr.eml", lastSent.remoteId(), "compta@rm-lastmail.example"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                dispatches.find(lastSent.id()).orElseThrow().status() == DispatchStatus.FAILED);
        DispatchSummary failed = dispatches.find(lastSent.id()).orElseThrow();
        assertThat(failed.error()).startsWith("every channel failed; last: bounced: 5.1.10");
        assertThat(failed.messageId()).isNotEqualTo(lastSent.messageId()).endsWith("@rm-acme.example>");
        DeadLetterStore.DeadLetter letter = await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.list(true)
                .stream().filter(d -> d.endpointUri().equals("direct:delivery-dispatch-one")
                        && new String(d.body(), StandardCharsets.UTF_8).equals(String.valueOf(lastSent.id())))
                .findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(letter.error()).contains("not delivered (FAILED)");
        ResponseEntity<Map> replayed = admin().postForEntity("/api/dead-letters/" + letter.id() + "/replay", null, Map.class);
        assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatches.find(lastSent.id()).orElseThrow().status() == DispatchStatus.SENT);
        List<MimeMessage> resent = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (failed.messageId().equals(m.getMessageID()) || lastSent.messageId().equals(m.getMessageID())) {
                resent.add(m);
            }
        }
        // the bounced mail once, then the new one once
        assertThat(resent).extracting(MimeMessage::getMessageID).containsExactly(lastSent.messageId(), failed.messageId());
    }

    // ------------------------------------------------------------------------------------------------ reminders

    @Test
    @SuppressWarnings("unchecked")
    void remindersFollowTheDueDateAndStopOncePaid() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2020-11", """
                consultant;date;hours;project;comment
                rm-jdoe;02/11/2020;8;RM-PAY;Cadrage
                rm-jdoe;03/11/2020;16;RM-PARTIAL;Cadrage
                rm-jdoe;04/11/2020;8;RM-PLATFORM;Cadrage
                rm-jdoe;05/11/2020;8;RM-LATE;Cadrage
                """);
        long pay = id(invoices.get("rm-pay"));
        long partial = id(invoices.get("rm-partial"));
        long platform = id(invoices.get("rm-platform"));
        LocalDate due = LocalDate.parse((String) invoices.get("rm-pay").get("dueDate"));
        for (String client : List.of("rm-partial", "rm-platform", "rm-late")) {
            assertThat(invoices.get(client).get("dueDate")).isEqualTo(due.toString());
        }
        BigDecimal partialTotal = new BigDecimal(invoices.get("rm-partial").get("totalGross").toString());

        // D-3: a friendly notice to each client (rm-late's contract has its own stages, none before the due date)
        moveTo(due.minusDays(3));
        MimeMessage payNotice = awaitReminder("paiement@rm-pay.example", -3);
        awaitReminder("accounts@rm-partial.example", -3);
        awaitReminder("paiement@rm-platform.example", -3);
        String payNumber = (String) invoices.get("rm-pay").get("number");
        String dueFr = String.format("%02d/%02d/%d", due.getDayOfMonth(), due.getMonthValue(), due.getYear());
        assertThat(payNotice.getSubject()).isEqualTo("Rappel : facture " + payNumber + " à échéance le " + dueFr);
        assertThat(payNotice.getFrom()[0].toString()).contains(MAILBOX);
        assertThat(payNotice.getMessageID()).isEqualTo("<reminder." + payNumber + ".d-3@rm-acme.example>");
        assertThat(MailParts.text(payNotice, "text/plain")).contains("arrive à échéance le " + dueFr).doesNotContain("pénalités");

        // a part payment of rm-partial, rm-platform paid on its platform (Encaissée)
        ResponseEntity<Map> paid = billing().postForEntity("/api/invoices/" + partial + "/payments",
                json(Map.of("amount", "1000.00", "paidOn", due.minusDays(3).toString(), "reference", "VIR RM-1")), Map.class);
        assertThat(paid.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        BigDecimal left = partialTotal.subtract(new BigDecimal("1000.00"));
        assertThat(new BigDecimal(((Map<String, Object>) paid.getBody().get("balance")).get("outstanding").toString()))
                .isEqualByComparingTo(left);
        encaissee(invoices.get("rm-platform"));

        // D+7: overdue, the penalty rate and the 40 EUR indemnity as the invoice states them; the part payment shows
        moveTo(due.plusDays(7));
        MimeMessage payOverdue = awaitReminder("paiement@rm-pay.example", 7);
        assertThat(payOverdue.getSubject()).startsWith("Relance : facture " + payNumber + " échue le " + dueFr);
        assertThat(MailParts.text(payOverdue, "text/plain")).contains("(retard de 7 jours)").contains("au taux annuel de 12,15\u00a0%")
                .contains("frais de recouvrement de 40,00\u00a0€");
        MimeMessage partialOverdue = awaitReminder("accounts@rm-partial.example", 7);
        String leftEn = "€" + String.format(java.util.Locale.ENGLISH, "%,.2f", left);
        assertThat(partialOverdue.getSubject()).contains(leftEn + " outstanding");
        assertThat(MailParts.text(partialOverdue, "text/plain")).contains("Already paid: €1,000.00")
                .contains("Amount outstanding: " + leftEn + " (7 days overdue)").contains("annual rate of 12.15%")
                .contains("recovery costs of €40.00");
        // rm-late (stages D+1, D+2, D+10): both passed days at once: only the latest is sent, no burst
        MimeMessage late = awaitReminder("compta@rm-late.example", 2);
        assertThat(late.getSubject()).startsWith("Relance");
        long lateId = id(invoices.get("rm-late"));
        List<Map<String, Object>> lateStages = (List<Map<String, Object>>) billing()
                .getForObject("/api/invoices/" + lateId + "/reminders", Map.class).get("reminders");
        assertThat(lateStages).extracting(r -> r.get("offsetDays") + ":" + r.get("status"))
                .containsExactly("1:CANCELLED", "2:SENT", "10:PENDING");

        // the rest of rm-pay through the API: its next stages are cancelled
        paid = billing().postForEntity("/api/invoices/" + pay + "/payments",
                json(Map.of("amount", invoices.get("rm-pay").get("totalGross").toString(), "reference", "VIR RM-2")), Map.class);
        assertThat(paid.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(paid.getBody()).containsEntry("remindersCancelled", 2);
        Map<String, Object> payReminders = billing().getForObject("/api/invoices/" + pay + "/reminders", Map.class);
        assertThat(payReminders).containsEntry("settled", true);
        assertThat((List<Map<String, Object>>) payReminders.get("reminders"))
                .extracting(r -> r.get("offsetDays") + ":" + r.get("status"))
                .containsExactly("-3:SENT", "7:SENT", "15:CANCELLED", "30:CANCELLED");
        Map<String, Object> lifecycle = (Map<String, Object>) billing().getForObject("/api/invoices/" + pay, Map.class)
                .get("lifecycle");
        assertThat(lifecycle).containsEntry("settled", true).containsEntry("paid", true);
        assertThat(new BigDecimal(lifecycle.get("outstanding").toString())).isZero();
        assertThat((List<Map<String, Object>>) billing().getForObject("/api/invoices/" + platform + "/reminders", Map.class)
                .get("reminders")).extracting(r -> r.get("offsetDays") + ":" + r.get("status"))
                .containsExactly("-3:SENT", "7:CANCELLED", "15:CANCELLED", "30:CANCELLED");

        // D+15, D+30: rm-partial still reminded, of what remains; nothing more to the paid ones
        moveTo(due.plusDays(15));
        awaitReminder("accounts@rm-partial.example", 15);
        awaitReminder("compta@rm-late.example", 10);
        moveTo(due.plusDays(30));
        MimeMessage last = awaitReminder("accounts@rm-partial.example", 30);
        assertThat(MailParts.text(last, "text/plain")).contains("Amount outstanding: " + leftEn + " (30 days overdue)");
        assertThat(reminders("paiement@rm-pay.example")).hasSize(2);
        assertThat(reminders("paiement@rm-platform.example")).hasSize(1);
        assertThat(reminders("accounts@rm-partial.example")).extracting(BouncesAndRemindersIntegrationTests::stage)
                .containsExactly("-3", "7", "15", "30");
        assertThat(reminders("compta@rm-late.example")).extracting(BouncesAndRemindersIntegrationTests::stage)
                .containsExactly("2", "10");
    }

    @Test
    @SuppressWarnings("unchecked")
    void paymentsAreRefusedBeyondWhatIsDueAndOnlyBillingMayRecordThem() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2020-12", """
                consultant;date;hours;project;comment
                rm-jdoe;01/12/2020;8;RM-CHECKS;Cadrage
                rm-jdoe;02/12/2020;8;RM-DRAFT;Cadrage
                """);
        long id = id(invoices.get("rm-checks"));
        String total = invoices.get("rm-checks").get("totalGross").toString();
        Map<String, Object> ok = Map.of("amount", "10.00", "reference", "VIR");

        assertThat(post(id, Map.of("amount", "0", "reference", "x")).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(post(id, Map.of("amount", "-5.00")).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(post(id, Map.of("amount", "10.001")).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        ResponseEntity<String> tooMuch = post(id, Map.of("amount", new BigDecimal(total).add(new BigDecimal("0.01")).toPlainString()));
        assertThat(tooMuch.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(tooMuch.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(tooMuch.getBody()).contains("more than what remains due");
        assertThat(post(id, Map.of("amount", "10.00", "paidOn", LocalDate.now().plusDays(5).toString())).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(post(id, Map.of("amount", "10.00", "reference", "VIR\u0001")).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(post(999_999_999L, ok).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // a draft has nothing to pay yet; a credit note is not paid by the client
        List<Map<String, Object>> drafts = admin().getForObject("/api/invoices?month=2020-12&status=DRAFT", List.class);
        assertThat(drafts).singleElement();
        assertThat(post(((Number) drafts.get(0).get("id")).longValue(), ok).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        Map<String, Object> creditNote = billing().postForObject("/api/invoices/" + id + "/credit-note",
                json(Map.of("reason", "rm test")), Map.class);
        long creditNoteId = ((Number) creditNote.get("id")).longValue();
        assertThat(post(creditNoteId, ok).getBody()).contains("is a credit note");
        // credited in full: nothing remains due on the invoice
        assertThat(post(id, ok).getBody()).contains("more than what remains due").contains(": 0.00 EUR");
        assertThat(billing().getForObject("/api/invoices/" + id + "/reminders", Map.class)).containsEntry("settled", true);

        // lesser role and outsiders
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/invoices/" + id + "/payments",
                json(ok), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/invoices/" + id + "/reminders",
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/bounces", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.postForEntity("/api/invoices/" + id + "/payments", json(ok), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/api/invoices/" + id + "/reminders", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("billing", "wrong").postForEntity("/api/invoices/" + id + "/payments", json(ok),
                String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(jdbc.sql("SELECT count(*) FROM invoice_payment WHERE invoice_id IN (:ids)")
                .param("ids", List.of(id, creditNoteId)).query(Long.class).single()).isZero();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private org.springframework.boot.test.web.client.TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    private ResponseEntity<String> post(long invoice, Map<String, Object> body) {
        return billing().postForEntity("/api/invoices/" + invoice + "/payments", json(body), String.class);
    }

    private void moveTo(LocalDate day) {
        clock.moveTo(day.atTime(LocalTime.of(10, 0)).atZone(PARIS));
    }

    private static MimeMessage awaitReminder(String recipient, int stage) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                reminders(recipient).stream().filter(m -> stage(m).equals(String.valueOf(stage)))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
    }

    private static String stage(MimeMessage m) {
        try {
            return m.getHeader("X-Crahub-Reminder")[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MimeMessage> reminders(String recipient) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getHeader("X-Crahub-Reminder") != null && m.getHeader("To")[0].contains(recipient)) {
                found.add(m);
            }
        }
        return found;
    }

    private void encaissee(Map<String, Object> invoice) {
        String flowId = "rm-lc-" + invoice.get("number");
        byte[] cdar = payload("afnor/cdar.xml", Map.of("number", (String) invoice.get("number"), "code", "212",
                "at", "20201201090000", "reason", "", "amount", "")).getBytes(StandardCharsets.UTF_8);
        assertThat(statusIntake.take("rm-pa", flowId, cdar, Map.of("flowId", flowId), "POLL"))
                .isEqualTo(StatusIntake.Result.STORED);
    }

    /** A DSN sample whose returned mail is {@code messageId}, to {@code recipient}, as its own new notice. */
    private static MimeMessage dsn(String sample, String messageId, String recipient) throws Exception {
        String text = new String(BouncesAndRemindersIntegrationTests.class.getResourceAsStream("/mail/dsn/" + sample)
                .readAllBytes(), StandardCharsets.UTF_8)
                .replace("<invoice.RM-2020-000001@rm-acme.example>", messageId)
                .replace("<invoice.RM-2020-000002@rm-acme.example>", messageId)
                .replace("compta@rm-client.example", recipient).replace("accounts@rm-client.example", recipient);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void deliver(MimeMessage message) throws Exception {
        mail.getUserManager().getUserByEmail(MAILBOX).deliver(message);
    }

    private static List<StoredMessage> inbox() throws Exception {
        return mail.getManagers().getImapHostManager().getInbox(mail.getUserManager().getUserByEmail(MAILBOX))
                .getMessages();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> issue(String month, String timesheet) throws IOException {
        loadReferential();
        drop("timesheets", "rm-" + month + ".csv", timesheet);
        awaitDone("timesheets", "rm-" + month + ".csv");
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/" + month + "/cras", null, Map.class).get("cras");
        cras.forEach(c -> approve(c.get("id"), "signed CRA received"));
        admin().postForObject("/api/months/" + month + "/invoices", null, Map.class);
        List<Map<String, Object>> listed = admin().getForObject("/api/invoices?month=" + month + "&status=ISSUED", List.class);
        Map<String, Map<String, Object>> byClient = new HashMap<>();
        listed.stream().filter(i -> "380".equals(i.get("typeCode"))).forEach(i -> byClient.put((String) i.get("client"), i));
        return byClient;
    }

    private void loadReferential() throws IOException {
        if (referentialLoaded) {
            return;
        }
        drop("referential", "rm-referential.yaml", REFERENTIAL);
        awaitDone("referential", "rm-referential.yaml");
        referentialLoaded = true;
    }

    private static long id(Map<String, Object> invoice) {
        return ((Number) invoice.get("id")).longValue();
    }

    private static String client(String code, String name, String language, String billing, String channels) {
        return """
                  - code: %1$s
                    name: %2$s
                    siren: "987654324"
                    language: %3$s
                    address: {lines: ["1 rue A"], postcode: "92800", city: Puteaux, country: FR}
                    approvers: [{name: A, email: a@%1$s.example}]
                    billing: {name: Service comptabilité fournisseurs, email: %4$s}
                %5$s""".formatted(code, name, language, billing, channels);
    }

    private static String contract(String code, String client, String extra) {
        return """
                  - code: %1$s-run
                    seller: rm-acme
                    client: %2$s
                    label: Run %1$s
                    consultants: [rm-jdoe]
                    dailyRate: 600.00
                    currency: EUR
                    hoursPerDay: 8
                    vatRegime: STANDARD
                    vatRate: 20.00
                    paymentTermsDays: 30
                    validationDeadlineDays: 5
                    trackers: [{source: generic, project: %3$s}]
                %4$s""".formatted(code, client, code.toUpperCase(), extra);
    }

    private static final String REFERENTIAL = """
            sellers:
              - code: rm-acme
                name: ACME Rappels SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@rm-acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: RMAC
            clients:
            """
            + client("rm-bounce", "Client rebond", "fr", "compta@rm-bounce.example",
                    "    channels: [{type: email}, {type: file, format: cii}]\n")
            + client("rm-lastmail", "Client courriel seul", "fr", "compta@rm-lastmail.example",
                    "    channels: [{type: email}]\n")
            + client("rm-pay", "Client payeur", "fr", "paiement@rm-pay.example", "")
            + client("rm-partial", "Partial Payer Ltd", "en", "accounts@rm-partial.example", "")
            + client("rm-platform", "Client plateforme", "fr", "paiement@rm-platform.example", "")
            + client("rm-late", "Client tardif", "fr", "compta@rm-late.example", "")
            + client("rm-checks", "Client controles", "fr", "compta@rm-checks.example", "")
            + """
            consultants:
              - {code: rm-jdoe, name: Jane Doe}
            contracts:
            """
            + contract("rm-bounce", "rm-bounce", "")
            + contract("rm-lastmail", "rm-lastmail", "")
            + contract("rm-pay", "rm-pay", "")
            + contract("rm-partial", "rm-partial", "")
            + contract("rm-platform", "rm-platform", "")
            + contract("rm-late", "rm-late", "    mail: {paymentReminders: [1, 2, 10]}\n")
            + contract("rm-checks", "rm-checks", "")
            + contract("rm-draft", "rm-checks", "    invoicing: {issue: DRAFT}\n");
}
