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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash tests on the packaged hub in processes of their own (issue 6, points 2 and 3), run by failsafe after
 * {@code package}. The hub and its embedded PostgreSQL are killed with SIGKILL in the middle of the month end; after
 * each restart no committed work is lost, no mail is sent twice, the invoice archive matches the database byte for
 * byte and the numbers have no gap. A hub killed alone leaves its database running: the next start takes over at
 * once; a second hub on a live hub's home stops with one line.
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MONTHS = List.of("2026-01", "2026-02", "2026-03", "2026-04");
    private static final int CONTRACTS = 3;

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
        if (passed) { // a failed test's home stays in target/crash-homes/ with the hubs' logs
            try (var files = Files.walk(home)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aKilledHubRestartsAtOnceAndASecondHubOnItsHomeStopsWithOneLine() throws Exception {
        HubProcess first = start(Map.of()).awaitHealthy(Duration.ofSeconds(120));

        long began = System.nanoTime();
        HubProcess second = start(Map.of());
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as("the second hub stops by itself").isTrue();
        long secondMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        List<String> said = Files.readAllLines(second.output).stream().filter(l -> !l.isBlank()).toList();
        assertThat(second.process.exitValue()).isNotZero();
        assertThat(said).containsExactly("Another crahub is running on home " + home.toAbsolutePath().normalize() + " (pid "
                + first.process.pid() + "); stop it or choose another CRAHUB_HOME");
        System.out.printf("[crash] second hub on the same home refused in %d ms%n", secondMillis);
        assertThat(first.status("/actuator/health")).isEqualTo(200);

        ProcessHandle orphan = first.postmaster().orElseThrow();
        first.killHub();
        assertThat(orphan.isAlive()).as("the database outlives a killed hub").isTrue();

        began = System.nanoTime();
        HubProcess third = start(Map.of()).awaitHealthy(Duration.ofSeconds(120));
        System.out.printf("[crash] first restart after kill -9 of the hub healthy in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        assertThat(orphan.isAlive()).as("the orphaned database was stopped").isFalse();
        assertThat(third.get("/api/invoices").statusCode()).isEqualTo(200);
        assertThat(Files.readString(third.output)).contains("of a previous hub that did not stop it");

        // the database alone killed under a running hub: the hub starts it again, and the next start works too
        ProcessHandle killed = third.postmaster().orElseThrow();
        third.killPostmaster();
        awaitApi(third);
        assertThat(third.postmaster().orElseThrow()).isNotEqualTo(killed);
        assertThat(Files.readString(third.output)).contains("stopped unexpectedly; starting it again");
        third.killHub();
        HubProcess fourth = start(Map.of()).awaitHealthy(Duration.ofSeconds(120));
        assertThat(fourth.get("/api/invoices").statusCode()).isEqualTo(200);
        passed = true;
    }

    @Test
    void crashesDuringTheMonthEndLoseNothingAndSendNoMailTwice() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(HubProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Map<String, String> mail = Map.of("CRAHUB_MAIL_SMTP_HOST", "127.0.0.1",
                    "CRAHUB_MAIL_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
                    "CRAHUB_MAIL_FROM", "factures@acme.example",
                    // e-invoices a crash left unbuilt are swept soon after a restart (ADR 0020)
                    "CRAHUB_EINVOICE_PENDING_DELAY", "2000", "CRAHUB_EINVOICE_PENDING_PERIOD", "5000");
            HubProcess hub = start(mail).awaitHealthy(Duration.ofSeconds(120));
            drop("referential", "referential.yaml", referential());
            awaitDone("referential", "referential.yaml");
            drop("timesheets", "timesheets.csv", timesheets());
            awaitDone("timesheets", "timesheets.csv");
            for (String month : MONTHS) {
                assertThat(hub.post("/api/months/" + month + "/cras").statusCode()).isEqualTo(200);
                for (Map<String, Object> cra : list(hub, "/api/cras?month=" + month)) {
                    assertThat(hub.post("/api/cras/" + cra.get("id") + "/approve",
                            "{\"reason\": \"signed paper CRA\"}").statusCode()).isEqualTo(200);
                }
            }

            // each kill comes right after a commit the hub was told about: an invoice just archived (written after
            // its commit), a mail just received (sent after its dispatch was claimed)
            Path archive = home.resolve("data/archive/invoices");
            // round 1: the whole database killed, then the hub, just after the 2nd invoice is archived
            hub = crash(hub, mail, () -> archived(archive) >= 2, true, false,
                    "/api/months/2026-01/invoices", "/api/months/2026-02/invoices");
            // round 2: the hub killed, then the whole database, just after the next invoice is archived
            long before = archived(archive);
            hub = crash(hub, mail, () -> archived(archive) >= before + 1, true, true,
                    "/api/months/2026-03/invoices", "/api/months/2026-04/invoices", "/api/months/2026-01/invoices");
            for (String month : MONTHS) {
                assertThat(hub.post("/api/months/" + month + "/invoices").statusCode()).isEqualTo(200);
            }
            // every e-invoice built and passed by the gate, those a crash left unbuilt included: only they may leave
            awaitValidEInvoices(hub);
            // round 3: the whole database killed, then the hub, just after the 3rd mail arrives
            hub = crash(hub, mail, () -> invoiceMails(smtp).size() >= 3 * 2, true, false,
                    "/api/months/2026-01/dispatch", "/api/months/2026-02/dispatch");
            // round 4: the hub alone killed (its database keeps running) just after two more mails arrive
            int received = invoiceMails(smtp).size();
            hub = crash(hub, mail, () -> invoiceMails(smtp).size() >= received + 2 * 2, false, false,
                    "/api/months/2026-03/dispatch", "/api/months/2026-04/dispatch", "/api/months/2026-02/dispatch");

            // the month end finishes
            for (String month : MONTHS) {
                assertThat(hub.post("/api/months/" + month + "/invoices").statusCode()).isEqualTo(200);
            }
            awaitValidEInvoices(hub);
            for (String month : MONTHS) {
                HttpResponse<String> run = hub.post("/api/months/" + month + "/dispatch");
                assertThat(run.statusCode()).isEqualTo(202);
                assertThat(finished(hub, run)).containsEntry("status", "DONE");
            }

            List<Map<String, Object>> invoices = list(hub, "/api/invoices");
            assertThat(invoices).hasSize(MONTHS.size() * CONTRACTS);
            assertThat(invoices).extracting(i -> (String) i.get("number"))
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, invoices.size())
                            .mapToObj(n -> "ACME-2026-%06d".formatted(n)).toList());
            for (Map<String, Object> invoice : invoices) {
                String number = (String) invoice.get("number");
                Path folder = archive.resolve("acme").resolve(invoice.get("issueDate").toString().substring(0, 4));
                assertThat(folder.resolve(number + ".pdf")).hasBinaryContent(hub.bytes("/api/invoices/" + invoice.get("id") + "/pdf").body());
                assertThat(folder.resolve(number + ".xml")).hasBinaryContent(hub.bytes("/api/invoices/" + invoice.get("id") + "/xml").body());
            }
            try (var files = Files.walk(archive)) {
                assertThat(files.filter(Files::isRegularFile).count()).as("nothing else in the archive, nothing orphaned")
                        .isEqualTo(2L * invoices.size());
            }

            Map<String, Long> deliveries = new HashMap<>();
            for (MimeMessage m : invoiceMails(smtp)) {
                deliveries.merge(m.getMessageID(), 1L, Long::sum);
            }
            // each mail goes to the billing contact and one copy: two deliveries, never four
            assertThat(deliveries.values()).allMatch(n -> n == 2);
            List<Map<String, Object>> dispatches = new java.util.ArrayList<>();
            for (Map<String, Object> invoice : invoices) {
                dispatches.addAll((List<Map<String, Object>>) JSON.readValue(hub.get("/api/invoices/" + invoice.get("id")
                        + "/dispatches").body(), Map.class).get("dispatches"));
            }
            assertThat(dispatches).hasSize(invoices.size());
            for (Map<String, Object> d : dispatches) {
                String status = (String) d.get("status");
                if (status.equals("SENT")) {
                    assertThat(deliveries).containsEntry((String) d.get("messageId"), 2L);
                } else {
                    // killed while sending: its fate is unknown, so it is never sent blindly again (ADR 0005)
                    assertThat(status).isEqualTo("SENDING");
                    assertThat(deliveries.getOrDefault((String) d.get("messageId"), 0L)).isLessThanOrEqualTo(2L);
                }
            }
            System.out.printf("[crash] %d invoices, %d mails received, dispatches: %s%n", invoices.size(), deliveries.size(),
                    dispatches.stream().collect(Collectors.groupingBy(d -> d.get("status"), Collectors.counting())));
            passed = true;
        } finally {
            smtp.stop();
        }
    }

    /**
     * Fires the calls (one after the other, in the background); as soon as the moment comes (polled every few
     * milliseconds) kills the database (all its processes) first, or the hub first and then the database, or the hub
     * alone; restarts.
     */
    private HubProcess crash(HubProcess hub, Map<String, String> env, java.util.concurrent.Callable<Boolean> moment,
                             boolean killDatabase, boolean hubFirst, String... calls) throws Exception {
        HubProcess running = hub;
        CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
            for (String call : calls) {
                try {
                    finished(running, running.post(call)); // a dispatch run: until it ends (ADR 0026)
                } catch (IOException e) {
                    return; // killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!moment.call()) {
            if (System.nanoTime() > deadline || work.isDone()) {
                throw new AssertionError("the moment to crash never came:\n" + hub.tail());
            }
            Thread.sleep(3);
        }
        if (killDatabase && !hubFirst) {
            hub.killDatabase();
            hub.killHub();
        } else {
            hub.killHub();
            if (killDatabase) {
                hub.killDatabase();
            }
        }
        work.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
        return start(env).awaitHealthy(Duration.ofSeconds(120));
    }

    private static long archived(Path archive) throws IOException {
        if (!Files.isDirectory(archive)) {
            return 0;
        }
        // polled while the hub writes: its temporary files (.<name>.<n>.tmp) come and go under the walk
        for (int attempt = 0; ; attempt++) {
            try (var files = Files.walk(archive)) {
                return files.filter(f -> f.getFileName().toString().matches("ACME-.*\\.pdf")).count();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private HubProcess start(Map<String, String> env) throws IOException {
        HubProcess hub = HubProcess.start(home, env);
        hubs.add(hub);
        return hub;
    }

    private static void awaitApi(HubProcess hub) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> invoices = hub.get("/api/invoices");
                if (invoices.statusCode() == 200 && hub.status("/actuator/health") == 200) {
                    return;
                }
                last = invoices.statusCode() + " " + invoices.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the hub did not come back after its database was killed: " + last + "\n" + hub.tail());
    }

    /** Waits until every issued invoice's e-invoice is VALID (built after its commit, or swept after a restart). */
    private void awaitValidEInvoices(HubProcess hub) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        for (Map<String, Object> invoice : list(hub, "/api/invoices")) {
            String path = "/api/invoices/" + invoice.get("id") + "/einvoice";
            while (true) {
                HttpResponse<String> response = hub.get(path);
                String status = response.statusCode() == 200
                        ? String.valueOf(JSON.readValue(response.body(), Map.class).get("status")) : "unreadable";
                if (status.equals("VALID")) {
                    break;
                }
                if (status.equals("INVALID") || System.nanoTime() > deadline) {
                    throw new AssertionError("e-invoice of " + invoice.get("number") + ": " + response.body() + "\n" + hub.tail());
                }
                Thread.sleep(300);
            }
        }
    }

    /**
     * The dispatch run a 202 answered, once it is no longer RUNNING (polled); any other answer as it came. Throws
     * IOException when the hub dies meanwhile.
     */
    private static Map<String, Object> finished(HubProcess hub, HttpResponse<String> answer)
            throws IOException, InterruptedException {
        if (answer.statusCode() != 202) {
            return Map.of("status", answer.statusCode());
        }
        Object id = JSON.readValue(answer.body(), Map.class).get("id");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Map<String, Object> run = JSON.readValue(hub.get("/api/dispatches/" + id).body(), new TypeReference<>() { });
            if (!"RUNNING".equals(run.get("status"))) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("dispatch run " + id + " still running");
    }

    private List<Map<String, Object>> list(HubProcess hub, String path) throws Exception {
        HttpResponse<String> response = hub.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }

    private void drop(String inbox, String name, String content) throws IOException {
        Path dir = home.resolve("data/inbox").resolve(inbox);
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

    /** The fixture's referential with more contracts of the same client, one tracker project each. */
    private static String referential() throws IOException {
        StringBuilder yaml = new StringBuilder(HubTestSupport.resource("/fixtures/referential.yaml"));
        String contract = yaml.substring(yaml.indexOf("  - code: globex-platform"));
        for (int c = 2; c <= CONTRACTS; c++) {
            yaml.append(contract.replace("code: globex-platform", "code: globex-p" + c)
                    .replace("project: GLOBEX-PLATFORM", "project: GLOBEX-P" + c));
        }
        return yaml.toString();
    }

    private static String timesheets() {
        StringBuilder csv = new StringBuilder("consultant,date,hours,project,comment\n");
        for (String month : MONTHS) {
            for (int c = 1; c <= CONTRACTS; c++) {
                String project = c == 1 ? "GLOBEX-PLATFORM" : "GLOBEX-P" + c;
                for (int day = 5; day <= 9; day++) {
                    csv.append("jdupont,%s-%02d,7.5,%s,Travaux %d\n".formatted(month, day, project, day));
                    csv.append("amoreau,%s-%02d,4,%s,Recette %d\n".formatted(month, day, project, day));
                }
            }
        }
        return csv.toString();
    }

    /**
     * The invoice mails received: the CRA workflow's own mails (validation requests, notices: Message-ID
     * {@code <cra....>}, one recipient each) are not what this test counts.
     */
    private static List<MimeMessage> invoiceMails(GreenMail smtp) {
        List<MimeMessage> invoices = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                if (m.getMessageID() == null || !m.getMessageID().startsWith("<cra.")) {
                    invoices.add(m);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return invoices;
    }
}
