package dev.crahub.delivery;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.crahub.HubTestSupport;
import dev.crahub.camel.DeadLetterStore;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailPost;
import dev.crahub.delivery.mail.MailRegistry;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.delivery.mail.SentFolder;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The company's mailboxes end to end (issue 10, ADR 0024), months 2021-04 to 2021-06, codes mb-: real SMTP and IMAP
 * (GreenMail, logins checked): every mail received once with one copy, not a draft, in its own mailbox's Sent; each
 * mailbox throttled on its own; a crash simulated at each point of the send settled by the crash lookup by
 * Message-ID (resent, found in Sent, or UNCERTAIN for a person's decision), never sent twice; SMTP down then up; a
 * login refused (535) in the dead letters with the server's answer, replayed once the password is right.
 */
class MailboxIntegrationTests extends HubTestSupport {

    static final String DOMAIN = "@mb-acme.example";
    static final GreenMail main = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)}));
    /** The flaky mailbox's server: down at first (nothing listens on its ports), started during a test. */
    static GreenMail flaky;
    static final int FLAKY_SMTP = freePort();
    static final int FLAKY_IMAP = freePort();
    static final Map<String, String> PASSWORDS = Map.of("mb-factures", "mb-pw-default", "mb-slow", "mb-pw-slow",
            "mb-second", "mb-pw-second", "mb-flaky", "mb-pw-flaky", "mb-wrong", "mb-pw-hub");
    static boolean referentialLoaded;

    static {
        main.start();
        PASSWORDS.forEach((login, pw) -> main.setUser(login + DOMAIN, login, login.equals("mb-wrong") ? "mb-pw-server" : pw));
    }

    @DynamicPropertySource
    static void mailboxes(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.from", () -> "mb-factures" + DOMAIN);
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> main.getSmtp().getPort());
        registry.add("crahub.mail.smtp.username", () -> "mb-factures");
        registry.add("crahub.mail.smtp.password", () -> PASSWORDS.get("mb-factures")); // as the environment gives it
        registry.add("crahub.mail.imap.host", () -> "127.0.0.1");
        registry.add("crahub.mail.imap.port", () -> main.getImap().getPort());
        registry.add("crahub.mail.rate", () -> "0");
        for (String name : List.of("mb-slow", "mb-second", "mb-flaky", "mb-wrong")) {
            String at = "crahub.mail.accounts." + name + ".";
            boolean isFlaky = name.equals("mb-flaky");
            registry.add(at + "address", () -> name + DOMAIN);
            registry.add(at + "smtp.host", () -> "127.0.0.1");
            registry.add(at + "smtp.port", () -> isFlaky ? FLAKY_SMTP : main.getSmtp().getPort());
            registry.add(at + "smtp.tls", () -> "NONE");
            registry.add(at + "imap.host", () -> "127.0.0.1");
            registry.add(at + "imap.port", () -> isFlaky ? FLAKY_IMAP : main.getImap().getPort());
            registry.add(at + "username", () -> name);
            registry.add(at + "password", () -> PASSWORDS.get(name));
            registry.add(at + "rate", () -> name.equals("mb-slow") ? "12" : "0"); // mb-slow: one mail every 5 s
        }
        registry.add("crahub.delivery.max-attempts", () -> "6");
        registry.add("crahub.delivery.retry-backoff", () -> "1s");
        registry.add("crahub.delivery.retry-poll", () -> "300");
        registry.add("crahub.cra.mail-retry-backoff", () -> "1s");
        // the crash lookup runs every second; a test ages the rows it wants looked at past the grace period
        registry.add("crahub.mail.recover-grace", () -> "1h");
        registry.add("crahub.mail.recover-period", () -> "1000");
        registry.add("crahub.mail.recover-delay", () -> "1000");
    }

    @AfterAll
    static void stopServers() {
        main.stop();
        if (flaky != null) {
            flaky.stop();
        }
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DispatchStore dispatches;
    @Autowired
    ChannelDispatcher channelDispatcher;
    @Autowired
    InvoiceMailComposer composer;
    @Autowired
    MailPost post;
    @Autowired
    MailRegistry registry;
    @Autowired
    MailAccounts accounts;
    @Autowired
    SentFolder sentFolder;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    MeterRegistry meters;

    @Test
    @SuppressWarnings("unchecked")
    void aMonthLeavesFromEachContractsMailboxOnceWithOneSentCopyEachMailboxThrottledOnItsOwn() throws Exception {
        Map<String, Long> invoices = issue("2021-04", List.of("mb-slow-a", "mb-two-a", "mb-slow-b", "mb-two-b", "mb-slow-c"));
        List<Map<String, Object>> answered = (List<Map<String, Object>>) dispatchMonth("2021-04").get("dispatches");
        assertThat(answered).hasSize(5).allSatisfy(d -> assertThat(d).containsEntry("status", "SENT"));

        for (var e : invoices.entrySet()) {
            String mailbox = e.getKey().startsWith("mb-slow") ? "mb-slow" : "mb-second";
            String messageId = dispatches.dispatches(e.getValue()).get(0).messageId();
            // received once by each recipient, from the contract's mailbox
            List<MimeMessage> received = received(main, messageId);
            assertThat(received).as(e.getKey()).hasSize(1);
            assertThat(((InternetAddress) received.get(0).getFrom()[0]).getAddress()).isEqualTo(mailbox + DOMAIN);
            // one copy in that mailbox's Sent, not a draft; none in the other's
            assertThat(sentCopies(main, mailbox, messageId)).containsExactly(false);
            assertThat(sentCopies(main, mailbox.equals("mb-slow") ? "mb-second" : "mb-slow", messageId)).isEmpty();
            assertThat(registry.find(messageId).orElseThrow()).satisfies(r -> {
                assertThat(r.status()).isEqualTo("SENT");
                assertThat(r.sentCopy()).isEqualTo("APPENDED");
                assertThat(r.account()).isEqualTo(mailbox);
            });
        }

        // mb-slow (12 a minute) spaced its mails 5 s apart (handed_at is recorded after the Sent draft, whose time
        // varies a little); mb-second (no limit) never waited, though its mails went between mb-slow's
        List<OffsetDateTime> slow = handedTimes(invoices, "mb-slow");
        for (int i = 1; i < slow.size(); i++) {
            assertThat(Duration.between(slow.get(i - 1), slow.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(4500));
        }
        assertThat(meters.timer("crahub.mail.throttle.wait", "account", "mb-second").totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isZero();
        assertThat(meters.timer("crahub.mail.throttle.wait", "account", "mb-slow").max(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isGreaterThan(1000);

        // the registry is the billing team's (ops may not read it)
        List<Map<String, Object>> sent = rest.withBasicAuth("billing", BILLING_PASSWORD)
                .getForObject("/api/mails?status=SENT", List.class);
        assertThat(sent).extracting(m -> m.get("messageId")).contains(dispatches.dispatches(invoices.get("mb-two-a")).get(0).messageId());
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/mails", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(admin().getForEntity("/api/mails?status=LOST", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCrashAtEachPointOfTheSendIsSettledByTheLookupInSentAndNothingIsSentTwice() throws Exception {
        Map<String, Long> invoices = issue("2021-05", List.of("mb-c1", "mb-c2", "mb-c3", "mb-c4", "mb-c5", "mb-c6"));
        assertThat(channelDispatcher.plan("2021-05")).hasSize(6);
        Map<String, Long> dispatchOf = new HashMap<>();
        Map<String, String> idOf = new HashMap<>();
        for (var e : invoices.entrySet()) {
            DispatchSummary d = dispatches.dispatches(e.getValue()).get(0);
            dispatchOf.put(e.getKey(), d.id());
            idOf.put(e.getKey(), d.messageId());
            assertThat(channelDispatcher.claim(d.id())).isTrue(); // SENDING committed, then the hub "dies" at a point:
        }
        // c1: before the mail reached delivery-mail-send (no registry row)
        // c2: registry SENDING, never reached the Sent copy step (sent_copy NONE)
        OutgoingMail c2 = composer.compose(dispatchOf.get("mb-c2"));
        assertThat(post.begin(c2)).isTrue();
        // c3 and c6: the draft appended and committed, handed to SMTP, the server's answer never known
        for (String c : List.of("mb-c3", "mb-c6")) {
            OutgoingMail mail = composer.compose(dispatchOf.get(c));
            post.begin(mail);
            assertThat(post.sentCopy(mail)).isEqualTo("DRAFT");
        }
        // c4: accepted by the server and the draft confirmed (\Draft cleared), killed before the registry said SENT
        OutgoingMail c4 = composer.compose(dispatchOf.get("mb-c4"));
        post.begin(c4);
        post.sentCopy(c4);
        smtp(c4.message());
        assertThat(sentFolder.confirm(accounts.get("default"), idOf.get("mb-c4"))).isTrue();
        // c5: IMAP was down before SMTP (sent_copy FAILED), the mail left, then the crash
        OutgoingMail c5 = composer.compose(dispatchOf.get("mb-c5"));
        post.begin(c5);
        registry.sentCopy(idOf.get("mb-c5"), "FAILED");
        registry.handed(idOf.get("mb-c5"), OffsetDateTime.now());
        smtp(c5.message());

        // two CRA mails left SENDING with no registry row SENDING: one never reached delivery-mail-send, one whose
        // registry row says it left (the crash came before the CRA mail said so)
        long craId = jdbc.sql("SELECT id FROM cra WHERE contract_code = 'mb-c1-run' ORDER BY id DESC LIMIT 1")
                .query(Long.class).single();
        long craNotSent = craMail(craId, "mb-orphan-1", "<cra.mb-orphan-1@mb-acme.example>");
        long craSent = craMail(craId, "mb-orphan-2", "<cra.mb-orphan-2@mb-acme.example>");
        jdbc.sql("""
                INSERT INTO mail_message (message_id, kind, account, transport, sender, recipients, subject, cra_id,
                                          cra_mail_id, status, sent_at, server_reply)
                VALUES ('<cra.mb-orphan-2@mb-acme.example>', 'CRA_DECIDED_NOTICE', 'default', 'SMTP', 'x', 'a@mb-c1.example',
                        'CRA', :cra, :mail, 'SENT', now(), 'accepted by 127.0.0.1 (mailbox default)')
                """).param("cra", craId).param("mail", craSent).update();

        // the restart's lookup comes after the grace period (longer than any time-out): the rows are aged past it
        jdbc.sql("UPDATE mail_message SET updated_at = now() - interval '2 hours' WHERE message_id IN (:ids)")
                .param("ids", idOf.values()).update();
        jdbc.sql("UPDATE dispatch SET updated_at = now() - interval '2 hours' WHERE id IN (:ids)")
                .param("ids", dispatchOf.values()).update();

        // c1, c2: certainly not sent, resent by the retry timer, once; c4: found in Sent, SENT without a resend
        await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of("mb-c1", "mb-c2", "mb-c4")
                .allMatch(c -> dispatches.find(dispatchOf.get(c)).orElseThrow().status() == DispatchStatus.SENT));
        assertThat(dispatches.attempts(invoices.get("mb-c4"))).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(DispatchAttempt.Outcome.DELIVERED);
            assertThat(a.message()).contains("found in Sent of mailbox default after a restart");
            assertThat(a.remoteId()).isEqualTo(idOf.get("mb-c4"));
        });
        assertThat(dispatches.attempts(invoices.get("mb-c1"))).extracting(DispatchAttempt::outcome)
                .containsExactly(DispatchAttempt.Outcome.RETRY, DispatchAttempt.Outcome.DELIVERED);
        assertThat(dispatches.attempts(invoices.get("mb-c1")).get(0).message()).contains("not sent");
        assertThat(dispatches.attempts(invoices.get("mb-c2")).get(0).message()).contains("before handing it to SMTP");

        // c3, c5, c6: UNCERTAIN, for the billing team; their dispatches stay SENDING, nothing resent
        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of("mb-c3", "mb-c5", "mb-c6")
                .allMatch(c -> "UNCERTAIN".equals(registry.find(idOf.get(c)).orElseThrow().status())));
        var billing = rest.withBasicAuth("billing", BILLING_PASSWORD);
        List<Map<String, Object>> uncertain = billing.getForObject("/api/mails?status=UNCERTAIN", List.class);
        assertThat(uncertain).extracting(m -> (String) m.get("messageId"))
                .contains(idOf.get("mb-c3"), idOf.get("mb-c5"), idOf.get("mb-c6"));
        assertThat(registry.find(idOf.get("mb-c3")).orElseThrow().serverReply()).contains("still a draft");
        assertThat(registry.find(idOf.get("mb-c5")).orElseThrow().serverReply()).contains("IMAP was down");
        for (String c : List.of("mb-c3", "mb-c5", "mb-c6")) {
            assertThat(dispatches.find(dispatchOf.get(c)).orElseThrow().status()).isEqualTo(DispatchStatus.SENDING);
        }

        // decisions: billing only, with a reason, only on an UNCERTAIN mail
        long c3Row = registry.find(idOf.get("mb-c3")).orElseThrow().id();
        long c4Row = registry.find(idOf.get("mb-c4")).orElseThrow().id();
        long c5Row = registry.find(idOf.get("mb-c5")).orElseThrow().id();
        Map<String, Object> notSent = Map.of("sent", false, "reason", "the client has no such mail");
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/mails/" + c3Row + "/decision", json(notSent),
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(billing.postForEntity("/api/mails/" + c3Row + "/decision", json(Map.of("sent", false, "reason", " ")),
                String.class).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(billing.postForEntity("/api/mails/" + c4Row + "/decision", json(notSent), String.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(billing.postForEntity("/api/mails/999999999/decision", json(notSent), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        // c3 not sent: its draft deleted, its dispatch tried again, sent once
        Map<String, Object> decided = billing.postForObject("/api/mails/" + c3Row + "/decision", json(notSent), Map.class);
        assertThat(decided).containsEntry("status", "FAILED").containsEntry("decidedBy", "billing")
                .containsEntry("decisionReason", "the client has no such mail");
        // c5 sent (the client confirms it): SENT, its dispatch delivered, nothing resent
        billing.postForObject("/api/mails/" + c5Row + "/decision",
                json(Map.of("sent", true, "reason", "the client confirms receipt")), Map.class);
        assertThat(dispatches.find(dispatchOf.get("mb-c5")).orElseThrow().status()).isEqualTo(DispatchStatus.SENT);
        assertThat(dispatches.attempts(invoices.get("mb-c5")).get(0).message())
                .contains("sent, decided by billing: the client confirms receipt");
        // c6 through the dispatch's own decision (not delivered): its mail's registry row follows
        Map<String, Object> dispatchDecision = billing.postForObject("/api/invoices/" + invoices.get("mb-c6") + "/dispatch/decision",
                json(Map.of("delivered", false, "reason", "not in the client's inbox")), Map.class);
        assertThat(dispatchDecision).containsEntry("status", "RETRY");
        assertThat(registry.find(idOf.get("mb-c6")).orElseThrow().decidedBy()).isEqualTo("billing");

        await().atMost(Duration.ofSeconds(60)).until(() -> dispatchOf.values().stream()
                .allMatch(id -> dispatches.find(id).orElseThrow().status() == DispatchStatus.SENT));
        // the CRA mail that never reached its mailbox is sent (once, by the CRA poll); the other is SENT, not resent
        await().atMost(Duration.ofSeconds(60)).until(() -> "SENT".equals(craStatus(craNotSent)));
        assertThat(received(main, "<cra.mb-orphan-1@mb-acme.example>")).hasSize(1);
        assertThat(craStatus(craSent)).isEqualTo("SENT");
        assertThat(received(main, "<cra.mb-orphan-2@mb-acme.example>")).isEmpty();

        // every invoice of the month mailed exactly once, one copy each in Sent, none a draft
        for (String c : dispatchOf.keySet()) {
            assertThat(received(main, idOf.get(c))).as(c).hasSize(1);
            assertThat(sentCopies(main, "mb-factures", idOf.get(c))).as(c)
                    .containsExactly(c.equals("mb-c5") ? new Boolean[0] : new Boolean[] {false});
            assertThat(registry.find(idOf.get(c)).orElseThrow().status()).isEqualTo("SENT");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void smtpDownThenUpSendsOnceALoginRefusedLandsInTheDeadLettersWithTheServersAnswerAndIsReplayed() throws Exception {
        Map<String, Long> invoices = issue("2021-06", List.of("mb-flaky-a", "mb-wrong-a"));
        List<Map<String, Object>> answered = (List<Map<String, Object>>) dispatchMonth("2021-06").get("dispatches");
        Map<Long, Map<String, Object>> byInvoice = answered.stream()
                .collect(Collectors.toMap(d -> ((Number) d.get("invoiceId")).longValue(), d -> d));
        // the flaky mailbox's server is down: RETRY (the mail did not leave), the reason said
        assertThat(byInvoice.get(invoices.get("mb-flaky-a"))).containsEntry("status", "RETRY");
        assertThat((String) byInvoice.get(invoices.get("mb-flaky-a")).get("error")).contains("mail not sent, will try again");
        // the wrong password: refused for good (535), the only channel failed, in the dead letters with the answer
        long wrong = invoices.get("mb-wrong-a");
        assertThat(byInvoice.get(wrong)).containsEntry("status", "FAILED");
        assertThat(dispatches.attempts(wrong)).singleElement().satisfies(a -> assertThat(a.message()).contains("535"));
        String wrongId = dispatches.dispatches(wrong).get(0).messageId();
        assertThat(registry.find(wrongId).orElseThrow()).satisfies(r -> {
            assertThat(r.status()).isEqualTo("FAILED");
            assertThat(r.serverReply()).startsWith("535");
            assertThat(r.sentCopy()).isEqualTo("FAILED"); // IMAP refused the same login: the mail was tried anyway
        });
        DeadLetterStore.DeadLetter letter = deadLetters.list(true).stream()
                .filter(d -> d.error().contains(dispatches.dispatches(wrong).get(0).invoiceNumber())).findFirst().orElseThrow();
        assertThat(letter.error()).contains("535");
        assertThat(letter.headers()).doesNotContain(PASSWORDS.get("mb-wrong"));

        // the server comes up: the retry timer sends the flaky one, once, with its copy in that mailbox's Sent
        flaky = new GreenMail(new ServerSetup[] {new ServerSetup(FLAKY_SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(FLAKY_IMAP, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        flaky.start();
        flaky.setUser("mb-flaky" + DOMAIN, "mb-flaky", PASSWORDS.get("mb-flaky"));
        long flakyInvoice = invoices.get("mb-flaky-a");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> dispatches.dispatches(flakyInvoice).get(0).status() == DispatchStatus.SENT);
        String flakyId = dispatches.dispatches(flakyInvoice).get(0).messageId();
        assertThat(dispatches.attempts(flakyInvoice)).extracting(DispatchAttempt::outcome)
                .endsWith(DispatchAttempt.Outcome.RETRY, DispatchAttempt.Outcome.DELIVERED);
        assertThat(received(flaky, flakyId)).hasSize(1);
        assertThat(sentCopies(flaky, "mb-flaky", flakyId)).containsExactly(false);

        // the mailbox's password is put right on the server; ops replays the dead letter: sent once, copy in Sent
        GreenMailUser user = main.getUserManager().getUser("mb-wrong");
        user.setPassword(PASSWORDS.get("mb-wrong"));
        Map<String, Object> replay = rest.withBasicAuth("ops", OPS_PASSWORD)
                .postForObject("/api/dead-letters/" + letter.id() + "/replay", null, Map.class);
        assertThat(replay).containsEntry("replayed", true);
        assertThat(dispatches.dispatches(wrong).get(0).status()).isEqualTo(DispatchStatus.SENT);
        assertThat(received(main, wrongId)).hasSize(1);
        assertThat(sentCopies(main, "mb-wrong", wrongId)).containsExactly(false);
        assertThat(registry.find(wrongId).orElseThrow().attempts()).isEqualTo(2);
    }

    /** A CRA decided notice "left SENDING by a crash", untouched for 2 hours. */
    private long craMail(long craId, String key, String messageId) {
        return jdbc.sql("""
                INSERT INTO cra_mail (cra_id, kind, recipient_name, recipient_email, dedup_key, status, message_id,
                                      attempts, updated_at)
                VALUES (:cra, 'DECIDED_NOTICE', 'A', 'a@mb-c1.example', :key, 'SENDING', :messageId, 1,
                        now() - interval '2 hours')
                RETURNING id
                """).param("cra", craId).param("key", key).param("messageId", messageId).query(Long.class).single();
    }

    private String craStatus(long craMailId) {
        return jdbc.sql("SELECT status FROM cra_mail WHERE id = :id").param("id", craMailId).query(String.class).single();
    }

    /** Builds, approves and issues one invoice per contract of the month; answers invoice ids by contract. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> issue(String month, List<String> contracts) throws IOException {
        loadReferential();
        StringBuilder csv = new StringBuilder("consultant;date;hours;project;comment\n");
        int day = 3;
        for (String c : contracts) {
            csv.append("mb-jmartin;%02d/".formatted(day++)).append(month.substring(5)).append('/').append(month, 0, 4).append(";8;")
                    .append(c.toUpperCase()).append(";Travaux\n");
        }
        drop("timesheets", "mb-" + month + ".csv", csv.toString());
        awaitDone("timesheets", "mb-" + month + ".csv");
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/" + month + "/cras", null, Map.class).get("cras");
        cras.forEach(c -> approve(c.get("id"), "signed CRA received"));
        admin().postForObject("/api/months/" + month + "/invoices", null, Map.class);
        List<Map<String, Object>> listed = admin().getForObject("/api/invoices?month=" + month, List.class);
        Map<String, Long> byContract = new HashMap<>();
        listed.forEach(i -> byContract.put((String) i.get("client"), ((Number) i.get("id")).longValue()));
        assertThat(byContract).containsOnlyKeys(contracts);
        awaitValidEInvoices(month);
        return byContract;
    }

    private void loadReferential() throws IOException {
        if (referentialLoaded) {
            return;
        }
        List<String> codes = List.of("mb-slow-a", "mb-slow-b", "mb-slow-c", "mb-two-a", "mb-two-b", "mb-c1", "mb-c2",
                "mb-c3", "mb-c4", "mb-c5", "mb-c6", "mb-flaky-a", "mb-wrong-a");
        StringBuilder yaml = new StringBuilder("""
                sellers:
                  - code: mb-acme
                    name: ACME Boîtes SAS
                    legalForm: SAS
                    shareCapital: 10000
                    registration: RCS Paris 123 456 782
                    siren: "123456782"
                    vatNumber: FR11123456782
                    address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                    email: facturation@mb-acme.example
                    iban: FR7630006000011234567890189
                    bic: AGRIFRPP
                    invoicePrefix: MBOX
                consultants:
                  - {code: mb-jmartin, name: Jeanne Martin}
                clients:
                """);
        for (String c : codes) {
            yaml.append("""
                      - code: %1$s
                        name: Client %1$s
                        siren: "987654324"
                        address: {lines: ["1 rue A"], postcode: "92800", city: Puteaux, country: FR}
                        approvers: [{name: A, email: a@%1$s.example}]
                        billing: {name: Compta, email: factures@%1$s.example}
                    """.formatted(c));
        }
        yaml.append("contracts:\n");
        for (String c : codes) {
            String account = c.startsWith("mb-slow") ? "mb-slow" : c.startsWith("mb-two") ? "mb-second"
                    : c.startsWith("mb-flaky") ? "mb-flaky" : c.startsWith("mb-wrong") ? "mb-wrong" : null;
            yaml.append("""
                      - code: %1$s-run
                        seller: mb-acme
                        client: %1$s
                        label: Run %1$s
                        consultants: [mb-jmartin]
                        dailyRate: 600.00
                        currency: EUR
                        hoursPerDay: 8
                        vatRegime: STANDARD
                        vatRate: 20.00
                        paymentTermsDays: 30
                        validationDeadlineDays: 5
                        trackers: [{source: generic, project: %2$s}]
                    """.formatted(c, c.toUpperCase()));
            if (account != null) {
                yaml.append("    mail: {account: ").append(account).append("}\n");
            }
        }
        drop("referential", "mb-referential.yaml", yaml.toString());
        awaitDone("referential", "mb-referential.yaml");
        referentialLoaded = true;
    }

    private List<OffsetDateTime> handedTimes(Map<String, Long> invoices, String prefix) {
        return invoices.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> registry.find(dispatches.dispatches(e.getValue()).get(0).messageId()).orElseThrow().handedAt())
                .sorted().toList();
    }

    /** A mail handed to the main server's SMTP as the hub would (the default mailbox's login). */
    private static void smtp(MimeMessage message) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", Integer.toString(main.getSmtp().getPort()));
        props.setProperty("mail.smtp.auth", "true");
        try (Transport transport = Session.getInstance(props).getTransport("smtp")) {
            transport.connect("127.0.0.1", main.getSmtp().getPort(), "mb-factures", PASSWORDS.get("mb-factures"));
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** The invoice mails with that Message-ID in the recipients' inboxes (the mailboxes' own folders left out). */
    private static List<MimeMessage> received(GreenMail server, String messageId) {
        return server.findReceivedMessages(u -> !u.getEmail().endsWith(DOMAIN), m -> {
            try {
                return messageId.equals(m.getMessageID());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The copies of a Message-ID in a mailbox's Sent folder: whether each is a draft. */
    private static List<Boolean> sentCopies(GreenMail server, String login, String messageId) throws Exception {
        Properties props = new Properties();
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", server.getImap().getPort(), login,
                server.getUserManager().getUser(login).getPassword());
        try (store) {
            Folder sent = store.getFolder("Sent");
            if (!sent.exists()) {
                return List.of();
            }
            sent.open(Folder.READ_ONLY);
            List<Boolean> copies = new ArrayList<>();
            for (Message m : sent.getMessages()) {
                if (messageId.equals(m.getHeader("Message-ID")[0]) && !m.isSet(Flags.Flag.DELETED)) {
                    copies.add(m.isSet(Flags.Flag.DRAFT));
                }
            }
            sent.close(false);
            return copies;
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
