package dev.crahub;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once across {@code kill -9} (issue 10, ADR 0024), months 2021-04, codes mb-: the packaged hub dispatches a
 * month of many invoices through a mailbox with SMTP and IMAP (GreenMail in this JVM, logins checked) and is killed
 * midway; after the restart the crash lookup settles what was SENDING (found in Sent, resent, or UNCERTAIN for a
 * person who checks with the client), the month's dispatch finishes: every invoice mailed exactly once (counted by
 * Message-ID), none lost, one copy of each in the mailbox's Sent folder, none a draft.
 */
class MailboxCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MONTH = "2021-04";
    private static final int CONTRACTS = 32;
    private static final String LOGIN = "mb-factures";
    private static final String PASSWORD = "mb-crash-pw";

    private final List<HubProcess> hubs = new ArrayList<>();
    private Path home;
    private boolean passed;

    @BeforeEach
    void home(TestInfo test) throws IOException {
        Path base = HubProcess.jar().getParent().resolve("crash-homes");
        Files.createDirectories(base);
        home = Files.createTempDirectory(base, test.getTestMethod().orElseThrow().getName() + "-");
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (HubProcess hub : hubs) {
            hub.close();
        }
        if (passed) {
            try (var files = Files.walk(home)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aHubKilledMidDispatchMailsEveryInvoiceExactlyOnceWithOneSentCopyEach() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(HubProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(HubProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser(LOGIN + "@mb-acme.example", LOGIN, PASSWORD);
        try {
            Map<String, String> env = new HashMap<>(Map.of(
                    "CRAHUB_MAIL_FROM", LOGIN + "@mb-acme.example",
                    "CRAHUB_MAIL_SMTP_HOST", "127.0.0.1",
                    "CRAHUB_MAIL_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()),
                    "CRAHUB_MAIL_SMTP_USERNAME", LOGIN,
                    "CRAHUB_MAIL_SMTP_PASSWORD", PASSWORD,
                    "CRAHUB_MAIL_IMAP_HOST", "127.0.0.1",
                    "CRAHUB_MAIL_IMAP_PORT", Integer.toString(mail.getImap().getPort()),
                    "CRAHUB_MAIL_RATE", "240"));
            // the lookup after a restart: soon, for rows untouched for 5 s (longer than any send here)
            env.putAll(Map.of("CRAHUB_MAIL_RECOVER_GRACE", "5s", "CRAHUB_MAIL_RECOVER_DELAY", "2000",
                    "CRAHUB_MAIL_RECOVER_PERIOD", "2000", "CRAHUB_DELIVERY_RETRY_POLL", "500",
                    "CRAHUB_DELIVERY_RETRY_BACKOFF", "1s", "CRAHUB_EINVOICE_PENDING_DELAY", "2000",
                    "CRAHUB_EINVOICE_PENDING_PERIOD", "5000"));
            HubProcess hub = start(env).awaitHealthy(Duration.ofSeconds(120));
            drop("referential", "referential.yaml", referential());
            awaitDone("referential", "referential.yaml");
            drop("timesheets", "timesheets.csv", timesheets());
            awaitDone("timesheets", "timesheets.csv");
            assertThat(hub.post("/api/months/" + MONTH + "/cras").statusCode()).isEqualTo(200);
            for (Map<String, Object> cra : list(hub, "/api/cras?month=" + MONTH)) {
                assertThat(hub.post("/api/cras/" + cra.get("id") + "/approve", "{\"reason\": \"signed\"}").statusCode())
                        .isEqualTo(200);
            }
            assertThat(hub.post("/api/months/" + MONTH + "/invoices").statusCode()).isEqualTo(200);
            List<Map<String, Object>> invoices = list(hub, "/api/invoices?month=" + MONTH);
            assertThat(invoices).hasSize(CONTRACTS);
            awaitValidEInvoices(hub, invoices);

            // the month's dispatch, killed (SIGKILL) as soon as a third of the mails arrived
            HubProcess running = hub;
            CompletableFuture<Void> dispatch = CompletableFuture.runAsync(() -> {
                try {
                    running.post("/api/months/" + MONTH + "/dispatch");
                } catch (IOException | InterruptedException e) {
                    // killed
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (invoiceDeliveries(mail).size() < CONTRACTS / 3) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the moment to kill never came:\n" + hub.tail());
                }
                Thread.sleep(2);
            }
            hub.killHub();
            dispatch.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
            int beforeRestart = invoiceDeliveries(mail).size();
            assertThat(beforeRestart).as("killed midway").isLessThan(CONTRACTS);

            hub = start(env).awaitHealthy(Duration.ofSeconds(120));
            // the month's dispatch again (what the run never reached), while the lookup settles what was SENDING
            assertThat(hub.post("/api/months/" + MONTH + "/dispatch").statusCode()).isEqualTo(202);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<String> decided = new ArrayList<>();
            while (true) {
                // a mail the lookup could not settle is decided as a person would: by asking the client
                for (Map<String, Object> uncertain : list(hub, "/api/mails?status=UNCERTAIN")) {
                    String messageId = (String) uncertain.get("messageId");
                    boolean received = invoiceDeliveries(mail).containsKey(messageId);
                    HttpResponse<String> answer = hub.post("/api/mails/" + uncertain.get("id") + "/decision",
                            "{\"sent\": " + received + ", \"reason\": \"the client " + (received ? "has" : "has not")
                                    + " received it\"}");
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    decided.add(messageId + "=" + received);
                }
                Map<String, Long> statuses = dispatchRows(hub, invoices).stream()
                        .collect(Collectors.groupingBy(d -> (String) d.get("status"), Collectors.counting()));
                if (statuses.getOrDefault("SENT", 0L) == CONTRACTS) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("dispatches not all SENT: " + statuses + "\n" + hub.tail());
                }
                Thread.sleep(500);
            }

            Map<String, Long> deliveries = invoiceDeliveries(mail);
            List<String> messageIds = dispatchRows(hub, invoices).stream()
                    .map(d -> (String) d.get("messageId")).toList();
            assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(messageIds); // none lost, none other
            assertThat(deliveries.values()).as("each mailed exactly once").allMatch(n -> n == 1);
            Map<String, List<Boolean>> copies = sentCopies(mail);
            for (String id : messageIds) {
                assertThat(copies.get(id)).as("Sent copy of " + id).containsExactly(false);
            }
            System.out.printf("[mailbox-crash] %d invoices, %d mailed before the kill, decided by a person: %s%n",
                    CONTRACTS, beforeRestart, decided);
            passed = true;
        } finally {
            mail.stop();
        }
    }

    /**
     * Invoice mails received by the client (not the CRA workflow's, not the mailbox's own Sent), by Message-ID. Read
     * while the hub is still mailing: GreenMail's folders are plain lists, so a mail arriving during the walk ends it
     * with a ConcurrentModificationException; the walk is then simply done again.
     */
    private static Map<String, Long> invoiceDeliveries(GreenMail mail) {
        for (int attempt = 1; ; attempt++) {
            try {
                return countInvoiceDeliveries(mail);
            } catch (java.util.ConcurrentModificationException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, Long> countInvoiceDeliveries(GreenMail mail) {
        Map<String, Long> count = new HashMap<>();
        mail.findReceivedMessages(u -> !u.getLogin().equals(LOGIN), m -> true).forEach(m -> {
            try {
                if (m.getHeader("X-Crahub-Invoice") != null) {
                    count.merge(m.getMessageID(), 1L, Long::sum);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        return count;
    }

    /** The mailbox's Sent folder: for each Message-ID, whether each copy is a draft. */
    private static Map<String, List<Boolean>> sentCopies(GreenMail mail) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", mail.getImap().getPort(), LOGIN, PASSWORD);
        try (store) {
            Folder sent = store.getFolder("Sent");
            sent.open(Folder.READ_ONLY);
            Map<String, List<Boolean>> copies = new HashMap<>();
            for (Message m : sent.getMessages()) {
                if (m.getHeader("X-Crahub-Invoice") != null && !m.isSet(Flags.Flag.DELETED)) {
                    copies.computeIfAbsent(m.getHeader("Message-ID")[0], k -> new ArrayList<>()).add(m.isSet(Flags.Flag.DRAFT));
                }
            }
            sent.close(false);
            return copies;
        }
    }

    private HubProcess start(Map<String, String> env) throws IOException {
        HubProcess hub = HubProcess.start(home, env);
        hubs.add(hub);
        return hub;
    }

    private void awaitValidEInvoices(HubProcess hub, List<Map<String, Object>> invoices) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        for (Map<String, Object> invoice : invoices) {
            String path = "/api/invoices/" + invoice.get("id") + "/einvoice";
            while (true) {
                HttpResponse<String> response = hub.get(path);
                String status = response.statusCode() == 200
                        ? String.valueOf(JSON.readValue(response.body(), Map.class).get("status")) : "unreadable";
                if (status.equals("VALID")) {
                    break;
                }
                if (status.equals("INVALID") || System.nanoTime() > deadline) {
                    throw new AssertionError("e-invoice of " + invoice.get("number") + ": " + response.body());
                }
                Thread.sleep(300);
            }
        }
    }

    private List<Map<String, Object>> list(HubProcess hub, String path) throws Exception {
        HttpResponse<String> response = hub.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }

    private void drop(String inbox, String name, String content) throws IOException {
        Path dir = home.resolve("data/inbox").resolve(inbox);
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir.getParent(), ".drop-", ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitDone(String inbox, String name) throws Exception {
        Path dir = home.resolve("data/inbox").resolve(inbox);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Path report = dir.resolve(".error").resolve(name + ".error.txt");
            if (Files.exists(report)) {
                throw new AssertionError(name + " rejected:\n" + Files.readString(report));
            }
            if (Files.exists(dir.resolve(".done").resolve(name))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " not imported");
    }

    /** One seller, one client, {@link #CONTRACTS} contracts of one consultant each. */
    private static String referential() {
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
                clients:
                  - code: mb-globex
                    name: Globex France SA
                    siren: "987654324"
                    address: {lines: ["1 rue A"], postcode: "92800", city: Puteaux, country: FR}
                    approvers: [{name: Claire Martin, email: claire@mb-globex.example}]
                    billing: {name: Compta, email: factures@mb-globex.example}
                consultants:
                  - {code: mb-jmartin, name: Jeanne Martin}
                contracts:
                """);
        for (int c = 1; c <= CONTRACTS; c++) {
            yaml.append("""
                      - code: mb-run-%1$02d
                        seller: mb-acme
                        client: mb-globex
                        label: Run %1$02d
                        consultants: [mb-jmartin]
                        dailyRate: 600.00
                        currency: EUR
                        hoursPerDay: 8
                        vatRegime: STANDARD
                        vatRate: 20.00
                        paymentTermsDays: 30
                        validationDeadlineDays: 5
                        trackers: [{source: generic, project: MB-RUN-%1$02d}]
                    """.formatted(c));
        }
        return yaml.toString();
    }

    /** Half an hour a day per contract (32 contracts: 16 h a day). */
    private static String timesheets() {
        StringBuilder csv = new StringBuilder("consultant;date;hours;project;comment\n");
        for (int c = 1; c <= CONTRACTS; c++) {
            csv.append("mb-jmartin;05/04/2021;0.5;MB-RUN-%02d;Travaux\n".formatted(c));
        }
        return csv.toString();
    }

    /** Each invoice's dispatch row ({@code GET /api/invoices/{id}/dispatches}: one dispatch per invoice). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> dispatchRows(HubProcess hub, List<Map<String, Object>> invoices) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> invoice : invoices) {
            Map<String, Object> answer = JSON.readValue(hub.get("/api/invoices/" + invoice.get("id") + "/dispatches").body(),
                    new TypeReference<>() { });
            rows.addAll((List<Map<String, Object>>) answer.get("dispatches"));
        }
        return rows;
    }
}
