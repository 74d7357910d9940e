package dev.crahub.delivery;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.crahub.HubTestSupport;
import dev.crahub.MailParts;
import dev.crahub.camel.DeadLetterStore;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.EInvoiceStatus;
import dev.crahub.einvoice.EInvoiceStore;
import dev.crahub.einvoice.EInvoices;
import dev.crahub.einvoice.ValidationMessage;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Dispatch through the clients' channels end to end (issue 9, ADR 0021), months 2022-01 to 2022-03, codes ch-:
 * a real SFTP server (Apache MINA SSHD, password login, host key checked), a folder of the outbox, GreenMail for the
 * mail; SFTP down falls back to the mail after its retries, a wrong host key at once; the validation gate blocks an
 * e-invoice that is PENDING or INVALID (nothing sent, a BLOCKED attempt, a dead letter) until it is VALID. The
 * e-invoices are the hub's own (built after each issue, ADR 0020); the gate test holds the build back to see PENDING.
 */
class ChannelDispatchIntegrationTests extends HubTestSupport {

    private static final String SFTP_PASSWORD = "ch-s3cret-pw";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    static SftpTestServer sftp;
    static int closedPort;
    static boolean referentialLoaded;

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("crahub.mail.from", () -> "factures@ch-acme.example");
        registry.add("crahub.delivery.max-attempts", () -> "2");
        registry.add("crahub.delivery.retry-backoff", () -> "1s");
        registry.add("crahub.delivery.retry-poll", () -> "300");
        // as CRAHUB_DELIVERY_CREDENTIALS_CH_SFTP_PASSWORD would give it
        registry.add("crahub.delivery.credentials.ch-sftp.password", () -> SFTP_PASSWORD);
    }

    @BeforeAll
    static void servers() throws Exception {
        sftp = SftpTestServer.start(Files.createTempDirectory("ch-sftp-root-"), "crahub", SFTP_PASSWORD);
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // nothing listens there once closed: the SFTP server is "down"
        }
    }

    @AfterAll
    static void stopServers() throws IOException {
        sftp.close();
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    EInvoices einvoices;
    @Autowired
    EInvoiceStore einvoiceStore;
    @Autowired
    DispatchStore dispatches;
    @Autowired
    DeadLetterStore deadLetters;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ChannelDispatcher channelDispatcher;
    @Autowired
    org.apache.camel.CamelContext camel;

    private void loadReferential() throws IOException {
        if (referentialLoaded) {
            return;
        }
        String wrongKey = "ecdsa-sha2-nistp256 " + SftpTestServer.ecKeyOrFail().split(" ")[1];
        drop("referential", "ch-referential.yaml", REFERENTIAL
                .replace("${sftpPort}", String.valueOf(sftp.port()))
                .replace("${closedPort}", String.valueOf(closedPort))
                .replace("${hostKey}", sftp.hostKey())
                .replace("${wrongKey}", wrongKey));
        awaitDone("referential", "ch-referential.yaml");
        referentialLoaded = true;
    }

    /** Builds, approves and issues the month's invoices; answers them by client code. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> issue(String month, String timesheet) throws IOException {
        loadReferential();
        drop("timesheets", "ch-" + month + ".csv", timesheet);
        awaitDone("timesheets", "ch-" + month + ".csv");
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/" + month + "/cras", null, Map.class).get("cras");
        cras.forEach(c -> approve(c.get("id"), "signed CRA received"));
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/" + month + "/invoices", null, Map.class).get("invoices");
        assertThat(invoices).isNotEmpty().allSatisfy(i -> assertThat(i).containsEntry("status", "ISSUED"));
        List<Map<String, Object>> listed = admin().getForObject("/api/invoices?month=" + month, List.class);
        Map<String, Map<String, Object>> byClient = new java.util.HashMap<>();
        listed.forEach(i -> byClient.put((String) i.get("client"), i));
        return byClient;
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachInvoiceGoesThroughItsClientsChannelsInFallbackOrder() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2022-01", """
                consultant;date;hours;project;comment
                ch-jmartin;04/01/2022;8;CH-SFTP;Cadrage
                ch-jmartin;05/01/2022;8;CH-DOWN;Cadrage
                ch-jmartin;06/01/2022;8;CH-BADKEY;Cadrage
                ch-jmartin;07/01/2022;8;CH-FOLDER;Cadrage
                """);
        long sftpId = id(invoices.get("ch-sftp"));
        long downId = id(invoices.get("ch-down"));
        long badKeyId = id(invoices.get("ch-badkey"));
        long folderId = id(invoices.get("ch-folder"));
        awaitValidEInvoices("2022-01"); // the gate lets only VALID e-invoices leave
        double blockedBefore = meters.counter("crahub.dispatch.blocked").count();

        List<Map<String, Object>> answered = (List<Map<String, Object>>) dispatchMonth("2022-01").get("dispatches");
        Map<Long, Map<String, Object>> byInvoice = new java.util.HashMap<>();
        answered.forEach(d -> byInvoice.put(((Number) d.get("invoiceId")).longValue(), d));
        assertThat(byInvoice).hasSize(4);

        // SFTP: the UBL arrives whole, under its name, no temporary file left; the remote id says where
        String sftpNumber = number(invoices.get("ch-sftp"));
        assertThat(byInvoice.get(sftpId)).containsEntry("status", "SENT").containsEntry("channel", "file")
                .containsEntry("format", "UBL").containsEntry("remoteId",
                        "sftp://127.0.0.1:" + sftp.port() + "/inbound/invoices/" + sftpNumber + "-ubl.xml");
        Path arrived = sftp.root.resolve("inbound/invoices/" + sftpNumber + "-ubl.xml");
        assertThat(arrived).hasBinaryContent(einvoices.document(sftpId, EInvoiceFormat.UBL).content());
        try (Stream<Path> files = Files.list(arrived.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(sftpNumber + "-ubl.xml");
        }

        // a folder of the outbox: the CII under data/outbox/einvoices/<seller>/, no temporary file left
        String folderNumber = number(invoices.get("ch-folder"));
        Path written = home.root().resolve("data/outbox/einvoices/ch-acme/" + folderNumber + "-cii.xml");
        assertThat(byInvoice.get(folderId)).containsEntry("status", "SENT").containsEntry("format", "CII");
        assertThat(written).hasBinaryContent(einvoices.document(folderId, EInvoiceFormat.CII).content());
        try (Stream<Path> files = Files.list(written.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith(FileChannel.TEMP_PREFIX));
        }

        // a wrong host key: refused at once (FAILED, no file on the server), the mail goes instead
        String badKeyNumber = number(invoices.get("ch-badkey"));
        assertThat(byInvoice.get(badKeyId)).containsEntry("status", "SENT").containsEntry("channel", "email")
                .containsEntry("position", 2);
        assertThat(dispatches.attempts(badKeyId)).extracting(DispatchAttempt::channel, DispatchAttempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("file", DispatchAttempt.Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("email", DispatchAttempt.Outcome.DELIVERED));
        assertThat(dispatches.attempts(badKeyId).get(0).message()).containsIgnoringCase("hostkey");
        try (Stream<Path> files = Files.walk(sftp.root)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains(badKeyNumber));
        }

        // SFTP down: RETRY, then the timer tries again after the back-off; the second refusal is the last
        // (max-attempts 2): FAILED, and the mail is sent with the Factur-X attached
        // (the run's line shows the dispatch as it is now: the retry timer may already have taken it further)
        assertThat(dispatches.attempts(downId).get(0)).satisfies(a -> {
            assertThat(a.channel()).isEqualTo("file");
            assertThat(a.outcome()).isEqualTo(DispatchAttempt.Outcome.RETRY);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatches.find(dispatchId(downId)).orElseThrow().status() == DispatchStatus.SENT);
        List<DispatchAttempt> downAttempts = dispatches.attempts(downId);
        assertThat(downAttempts).extracting(DispatchAttempt::channel, DispatchAttempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("file", DispatchAttempt.Outcome.RETRY),
                org.assertj.core.groups.Tuple.tuple("file", DispatchAttempt.Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("email", DispatchAttempt.Outcome.DELIVERED));
        assertThat(downAttempts.get(1).message()).startsWith("gave up after 2 attempts");
        assertThat(downAttempts.get(1).attemptedAt()).isAfterOrEqualTo(downAttempts.get(0).attemptedAt().plusSeconds(1));
        String downNumber = number(invoices.get("ch-down"));
        assertThat(downAttempts.get(2).remoteId()).isEqualTo("<invoice." + downNumber + "@ch-acme.example>");

        // the mails carry the Factur-X, as the gate passed it, named <number>.pdf
        for (long id : List.of(downId, badKeyId)) {
            String number = id == downId ? downNumber : badKeyNumber;
            MimeMessage mail = invoiceMail(number);
            Part attachment = MailParts.attachment(mail);
            assertThat(attachment.getFileName()).isEqualTo(number + ".pdf");
            assertThat(attachment.getInputStream().readAllBytes())
                    .isEqualTo(einvoices.document(id, EInvoiceFormat.FACTURX).content());
        }
        // one mail each (to + cc), none for the invoices delivered by file
        assertThat(invoiceMails()).extracting(m -> m.getHeader("X-Crahub-Invoice")[0])
                .containsOnly(downNumber, badKeyNumber);

        // the API lists each attempt (billing role); ops may not read it
        Map<String, Object> api = rest.withBasicAuth("billing", BILLING_PASSWORD)
                .getForObject("/api/invoices/" + downId + "/dispatches", Map.class);
        assertThat((List<Map<String, Object>>) api.get("attempts")).extracting(a -> a.get("outcome"))
                .containsExactly("RETRY", "FAILED", "DELIVERED");
        assertThat((List<Map<String, Object>>) api.get("attempts")).allSatisfy(a -> assertThat(a)
                .containsKeys("channel", "attemptedAt", "message"));
        assertThat(((List<Map<String, Object>>) api.get("attempts")).get(2))
                .containsEntry("channel", "email").containsEntry("remoteId", "<invoice." + downNumber + "@ch-acme.example>");
        assertThat((List<Map<String, Object>>) api.get("dispatches")).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("status", "SENT").containsEntry("position", 2));
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).getForEntity("/api/invoices/" + downId + "/dispatches", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(admin().getForEntity("/api/invoices/999999999/dispatches", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        // metrics per channel and outcome; nothing was blocked
        assertThat(meters.counter("crahub.dispatch.attempts", "channel", "file", "outcome", "DELIVERED").count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.counter("crahub.dispatch.attempts", "channel", "file", "outcome", "RETRY").count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.counter("crahub.dispatch.attempts", "channel", "email", "outcome", "DELIVERED").count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.counter("crahub.dispatch.blocked").count()).isEqualTo(blockedBefore);

        // the SFTP password is nowhere in the dead letters' headers, nor in the attempts
        assertThat(deadLetters.list(false)).noneMatch(d -> d.headers().contains(SFTP_PASSWORD));
        assertThat(jdbc.sql("SELECT count(*) FROM dispatch_attempt WHERE message LIKE :p OR remote_id LIKE :p")
                .param("p", "%" + SFTP_PASSWORD + "%").query(Long.class).single()).isZero();

        // a second dispatch sends nothing more; the attempts are history
        assertThat((List<Object>) dispatchMonth("2022-01").get("dispatches")).isEmpty();
        assertThatThrownBy(() -> jdbc.sql("UPDATE dispatch_attempt SET outcome = 'DELIVERED' WHERE invoice_id = :id")
                .param("id", downId).update()).hasMessageContaining("never changed");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM dispatch_attempt WHERE invoice_id = :id")
                .param("id", downId).update()).hasMessageContaining("never changed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGateBlocksAnEInvoiceThatIsNotValidOnEveryChannelUntilItIs() throws Exception {
        // the e-invoice build held back (its queue and its schedule stopped): the invoice stays PENDING
        camel.getRouteController().stopRoute("einvoice-build-queue");
        camel.getRouteController().stopRoute("einvoice-build-schedule");
        try {
            gateBlocksUntilValid();
        } finally {
            camel.getRouteController().startRoute("einvoice-build-queue");
            camel.getRouteController().startRoute("einvoice-build-schedule");
        }
    }

    @SuppressWarnings("unchecked")
    private void gateBlocksUntilValid() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2022-02", """
                consultant;date;hours;project;comment
                ch-jmartin;01/02/2022;8;CH-GATE;Recette
                """);
        long id = id(invoices.get("ch-gate"));
        String number = number(invoices.get("ch-gate"));
        double blocked = meters.counter("crahub.dispatch.blocked").count();

        // PENDING (not built): nothing sent on any channel, a BLOCKED attempt, a dead letter
        Map<String, Object> first = single(dispatchMonth("2022-02"));
        assertThat(first).containsEntry("status", "BLOCKED");
        assertThat((String) first.get("error")).contains("e-invoice PENDING");
        assertThat(dispatches.attempts(id)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(DispatchAttempt.Outcome.BLOCKED);
            assertThat(a.channel()).isEqualTo("file"); // the channel it was headed for, not tried
            assertThat(a.message()).contains("not built and validated yet");
        });
        assertThat(meters.counter("crahub.dispatch.blocked").count()).isEqualTo(blocked + 1);
        assertThat(deadLetters.list(true)).anySatisfy(d -> {
            assertThat(d.endpointUri()).isEqualTo("direct:delivery-dispatch-one");
            assertThat(d.error()).contains(number, "BLOCKED");
        });

        // INVALID: blocked again, with the gate's word
        einvoiceStore.built(id, "%PDF-1.4 not valid".getBytes(), "<x/>".getBytes(), "<x/>".getBytes(), null,
                EInvoiceStatus.INVALID, List.of(new ValidationMessage("mustang-xml", ValidationMessage.Severity.ERROR,
                        "BR-CO-15", "/rsm:CrossIndustryInvoice", "total amount with VAT is wrong")),
                java.time.OffsetDateTime.now());
        Map<String, Object> second = single(dispatchMonth("2022-02"));
        assertThat(second).containsEntry("status", "BLOCKED");
        assertThat((String) second.get("error")).contains("e-invoice INVALID", "refused by the validation gate");
        assertThat(dispatches.attempts(id)).extracting(DispatchAttempt::outcome)
                .containsExactly(DispatchAttempt.Outcome.BLOCKED, DispatchAttempt.Outcome.BLOCKED);
        assertThat(sftp.root.resolve("gate/" + number + ".pdf")).doesNotExist();
        assertThat(invoiceMails()).noneMatch(m -> header(m).equals(number));

        // once rebuilt VALID (the hub's real build, after the cause is fixed), replaying the dead letter delivers it
        // (first channel: SFTP, the Factur-X)
        assertThat(admin().postForEntity("/api/invoices/" + id + "/einvoice/rebuild", null, Map.class).getStatusCode())
                .isEqualTo(org.springframework.http.HttpStatus.OK);
        long letter = deadLetters.list(true).stream().filter(d -> d.error().contains(number)).findFirst().orElseThrow().id();
        Map<String, Object> replay = rest.withBasicAuth("ops", OPS_PASSWORD)
                .postForObject("/api/dead-letters/" + letter + "/replay", null, Map.class);
        assertThat(replay).containsEntry("replayed", true);
        assertThat(dispatches.find(dispatchId(id)).orElseThrow().status()).isEqualTo(DispatchStatus.SENT);
        assertThat(sftp.root.resolve("gate/" + number + ".pdf"))
                .hasBinaryContent(einvoices.document(id, EInvoiceFormat.FACTURX).content());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDispatchLeftSendingByACrashIsNeverResentBlindly() throws Exception {
        Map<String, Map<String, Object>> invoices = issue("2022-03", """
                consultant;date;hours;project;comment
                ch-jmartin;01/03/2022;8;CH-FOLDER;Mars
                """);
        long id = id(invoices.get("ch-folder"));
        awaitValidEInvoice(id);
        // the hub died right after the claim (SENDING committed) and before the outcome was recorded
        assertThat(channelDispatcher.plan("2022-03")).hasSize(1);
        long dispatchId = dispatchId(id);
        assertThat(channelDispatcher.claim(dispatchId)).isTrue();

        // neither the month's dispatch nor the retry timer takes it again: nothing written, no attempt
        assertThat((List<Object>) dispatchMonth("2022-03").get("dispatches")).isEmpty();
        assertThat(channelDispatcher.claim(dispatchId)).isFalse();
        assertThat(home.root().resolve("data/outbox/einvoices/ch-acme/" + number(invoices.get("ch-folder")) + "-cii.xml"))
                .doesNotExist();
        // it stays visible as SENDING, with no attempt for its channel, for someone to decide
        Map<String, Object> api = admin().getForObject("/api/invoices/" + id + "/dispatches", Map.class);
        assertThat((List<Map<String, Object>>) api.get("dispatches")).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("status", "SENDING").containsEntry("channel", "file"));
        assertThat((List<Object>) api.get("attempts")).isEmpty();

        // a person decides; not while it may still be in flight, not as ops, not without a reason
        String decisions = "/api/invoices/" + id + "/dispatch/decision";
        Map<String, Object> notDelivered = Map.of("delivered", false, "reason", "the folder holds no file for it");
        var billing = rest.withBasicAuth("billing", BILLING_PASSWORD);
        assertThat(billing.postForEntity(decisions, json(notDelivered), String.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        jdbc.sql("UPDATE dispatch SET updated_at = now() - interval '1 hour' WHERE id = :id").param("id", dispatchId).update();
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity(decisions, json(notDelivered), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(billing.postForEntity(decisions, json(Map.of("delivered", false, "reason", " ")), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        Map<String, Object> decided = billing.postForObject(decisions, json(notDelivered), Map.class);
        assertThat(decided).containsEntry("status", "RETRY");
        assertThat(dispatches.attempts(id)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(DispatchAttempt.Outcome.RETRY);
            assertThat(a.message()).isEqualTo("not delivered, decided by billing: the folder holds no file for it");
        });
        // then the retry timer (it is due now) writes it, once
        await().atMost(Duration.ofSeconds(30))
                .until(() -> dispatches.find(dispatchId).orElseThrow().status() == DispatchStatus.SENT);
        assertThat(dispatches.attempts(id)).extracting(DispatchAttempt::outcome)
                .containsExactly(DispatchAttempt.Outcome.RETRY, DispatchAttempt.Outcome.DELIVERED);
        assertThat(home.root().resolve("data/outbox/einvoices/ch-acme/" + number(invoices.get("ch-folder")) + "-cii.xml"))
                .hasBinaryContent(einvoices.document(id, EInvoiceFormat.CII).content());
        assertThat(billing.postForEntity(decisions, json(notDelivered), String.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    private long dispatchId(long invoiceId) {
        return dispatches.dispatches(invoiceId).get(0).id();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> single(Map<String, Object> answer) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) answer.get("dispatches");
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static long id(Map<String, Object> invoice) {
        return ((Number) invoice.get("id")).longValue();
    }

    private static String number(Map<String, Object> invoice) {
        return (String) invoice.get("number");
    }

    private static String header(MimeMessage m) {
        try {
            return m.getHeader("X-Crahub-Invoice")[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MimeMessage> invoiceMails() throws Exception {
        List<MimeMessage> mails = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getHeader("X-Crahub-Invoice") != null) {
                mails.add(m);
            }
        }
        return mails;
    }

    private static MimeMessage invoiceMail(String number) throws Exception {
        return invoiceMails().stream().filter(m -> header(m).equals(number)).findFirst().orElseThrow();
    }

    private static final String REFERENTIAL = """
            sellers:
              - code: ch-acme
                name: ACME Canaux SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@ch-acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: CHAN
            clients:
              - code: ch-sftp
                name: Client SFTP
                siren: "987654324"
                address: {lines: ["1 rue A"], postcode: "92800", city: Puteaux, country: FR}
                approvers: [{name: A, email: a@ch-sftp.example}]
                billing: {name: Compta, email: factures@ch-sftp.example}
                channels:
                  - {type: file, format: ubl, sftp: {host: 127.0.0.1, port: ${sftpPort}, user: crahub, path: inbound/invoices, credentials: ch-sftp, hostKey: "${hostKey}"}}
                  - {type: email}
              - code: ch-down
                name: Client SFTP en panne
                siren: "987654324"
                address: {lines: ["1 rue B"], postcode: "92800", city: Puteaux, country: FR}
                approvers: [{name: B, email: b@ch-down.example}]
                billing: {name: Compta, email: factures@ch-down.example}
                channels:
                  - {type: file, sftp: {host: 127.0.0.1, port: ${closedPort}, user: crahub, credentials: ch-sftp, hostKey: "${hostKey}"}}
                  - {type: email}
              - code: ch-badkey
                name: Client clé inconnue
                siren: "987654324"
                address: {lines: ["1 rue C"], postcode: "92800", city: Puteaux, country: FR}
                approvers: [{name: C, email: c@ch-badkey.example}]
                billing: {name: Compta, email: factures@ch-badkey.example}
                channels:
                  - {type: file, sftp: {host: 127.0.0.1, port: ${sftpPort}, user: crahub, credentials: ch-sftp, hostKey: "${wrongKey}"}}
                  - {type: email}
              - code: ch-folder
                name: Client dossier
                siren: "987654324"
                address: {lines: ["1 rue D"], postcode: "92800", city: Puteaux, country: FR}
                approvers: [{name: D, email: d@ch-folder.example}]
                billing: {name: Compta, email: factures@ch-folder.example}
                channels:
                  - {type: file, format: cii}
              - code: ch-gate
                name: Client porte
                siren: "987654324"
                address: {lines: ["1 rue E"], postcode: "92800", city: Puteaux, country: FR}
                approvers: [{name: E, email: e@ch-gate.example}]
                billing: {name: Compta, email: factures@ch-gate.example}
                channels:
                  - {type: file, sftp: {host: 127.0.0.1, port: ${sftpPort}, user: crahub, path: gate, credentials: ch-sftp, hostKey: "${hostKey}"}}
                  - {type: email}
            consultants:
              - {code: ch-jmartin, name: Jeanne Martin}
            contracts:
            %s
            """.formatted(Stream.of("sftp", "down", "badkey", "folder", "gate").map(c -> """
              - code: ch-%1$s-run
                seller: ch-acme
                client: ch-%1$s
                label: Run %1$s
                consultants: [ch-jmartin]
                dailyRate: 600.00
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20.00
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: generic, project: CH-%2$s}]
            """.formatted(c, c.toUpperCase())).reduce("", String::concat));
}
