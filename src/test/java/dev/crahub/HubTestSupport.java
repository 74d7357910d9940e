package dev.crahub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import dev.crahub.system.CrahubHome;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;

import static org.awaitility.Awaitility.await;

/**
 * Base of the full-stack tests: the whole hub (all routes from YAML, embedded PostgreSQL) on a random port, on a
 * fresh temporary home per Spring context, so the first start installs the bundled routes/ and xsl/ as a newcomer's
 * would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.Configuration.class)
@TestExecutionListeners(listeners = CamelPauseBetweenClasses.class, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public abstract class HubTestSupport {

    public static final String ADMIN_PASSWORD = "test-admin-pw";
    public static final String BILLING_PASSWORD = "test-billing-pw";
    public static final String OPS_PASSWORD = "test-ops-pw";

    @Autowired
    protected CrahubHome home;

    @Autowired
    protected TestRestTemplate rest;

    @Autowired
    private dev.crahub.einvoice.EInvoiceStore eInvoiceFixtureStore;

    @Autowired
    private org.springframework.jdbc.core.simple.JdbcClient eInvoiceFixtureJdbc;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        String home = freshHome(); // once per Spring context: suppliers are called on every read
        registry.add("crahub.home", () -> home);
        registry.add("crahub.admin.password", () -> ADMIN_PASSWORD);
        registry.add("crahub.billing.password", () -> BILLING_PASSWORD);
        registry.add("crahub.ops.password", () -> OPS_PASSWORD);
        // the CRA workflow's timer ticks every second, so a test that moves the clock (TestClock) sees it act soon
        registry.add("crahub.cra.workflow-poll", () -> "1000");
        registry.add("crahub.cra.workflow-poll-delay", () -> "1000");
        // payment reminders (ADR 0027) would follow any test that moves the clock past its invoices' due dates: only
        // the tests of reminders turn them on
        registry.add("crahub.reminders.enabled", () -> "false");
        // a suspended or closed test hub does not wait 45 s for an exchange that will not finish (CamelPauseBetweenClasses)
        registry.add("camel.main.shutdown-timeout", () -> "5");
    }

    private static String freshHome() {
        try {
            return Files.createTempDirectory("crahub-home-").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected TestRestTemplate admin() {
        return rest.withBasicAuth("admin", ADMIN_PASSWORD);
    }

    /** A JSON body for a POST. */
    protected static HttpEntity<Object> json(Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    /** Records, as admin, an approval received another way (the reason is required), on behalf of the first approver. */
    @SuppressWarnings("unchecked")
    protected java.util.Map<String, Object> approve(Object craId, String reason) {
        return admin().postForObject("/api/cras/" + craId + "/approve", json(java.util.Map.of("reason", reason)),
                java.util.Map.class);
    }

    /** Drops a file into an inbox as a careful writer would: written aside, then moved in atomically. */
    protected Path drop(String inbox, String name, String content) throws IOException {
        Path dir = home.inbox(inbox);
        Path temp = Files.createTempFile(dir.getParent(), ".drop-", ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Path target = dir.resolve(name);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Drops the fixtures' referential and October 2026 timesheet through the inboxes and waits until both are in. */
    protected void dropFixtureMonth() throws IOException {
        drop("referential", "referential.yaml", resource("/fixtures/referential.yaml"));
        awaitDone("referential", "referential.yaml");
        drop("timesheets", "timesheet-2026-10.csv", resource("/fixtures/timesheet-2026-10.csv"));
        awaitDone("timesheets", "timesheet-2026-10.csv");
    }

    /** Waits until the inbox route has moved the file to .done/ (or fails with the .error/ report if any). */
    protected void awaitDone(String inbox, String name) {
        Path done = home.inbox(inbox).resolve(".done").resolve(name);
        Path report = home.inbox(inbox).resolve(".error").resolve(name + ".error.txt");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (Files.exists(report)) {
                throw new AssertionError("file " + name + " was rejected:\n" + Files.readString(report));
            }
            return Files.exists(done);
        });
    }

    /**
     * Waits until the hub built every issued invoice's e-invoice of the month and its gate passed it (the build runs
     * after each issuing commit, ADR 0020), so that a dispatch finds them VALID; fails at once, with the validators'
     * errors, if the gate refused one.
     */
    protected void awaitValidEInvoices(String month) {
        java.util.List<Long> ids = eInvoiceFixtureJdbc.sql("SELECT id FROM invoice WHERE month = :month ORDER BY id")
                .param("month", month).query(Long.class).list();
        for (long id : ids) {
            awaitValidEInvoice(id);
        }
    }

    /** Waits until one issued invoice's e-invoice passed the gate (see {@link #awaitValidEInvoices}). */
    protected void awaitValidEInvoice(long invoiceId) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            dev.crahub.einvoice.EInvoiceStore.State state = eInvoiceFixtureStore.state(invoiceId).orElseThrow();
            if (state.status() == dev.crahub.einvoice.EInvoiceStatus.INVALID) {
                throw new AssertionError("e-invoice of " + state.invoiceNumber() + " refused by the gate: " + state.errors());
            }
            return state.status() == dev.crahub.einvoice.EInvoiceStatus.VALID;
        });
    }

    /**
     * Dispatches the month as billing does (a dispatch run, ADR 0026): starts it (202), then polls
     * {@code GET /api/dispatches/{id}} until it has ended, and answers the finished run (status, counts, and its
     * {@code dispatches}: one line per document).
     */
    protected java.util.Map<String, Object> dispatchMonth(String month) {
        return dispatchMonth(month, null);
    }

    /** {@link #dispatchMonth(String)} with a request body (selection, messages, dry run). */
    @SuppressWarnings("unchecked")
    protected java.util.Map<String, Object> dispatchMonth(String month, Object body) {
        org.springframework.http.ResponseEntity<java.util.Map> started = admin().postForEntity(
                "/api/months/" + month + "/dispatch", body == null ? null : json(body), java.util.Map.class);
        if (started.getStatusCode().value() != 202) {
            throw new AssertionError("dispatch of " + month + " not started: " + started.getStatusCode() + " "
                    + started.getBody());
        }
        return awaitRun(((Number) started.getBody().get("id")).longValue());
    }

    /** Polls a dispatch run until it is no longer RUNNING; answers it. */
    @SuppressWarnings("unchecked")
    protected java.util.Map<String, Object> awaitRun(long runId) {
        java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Object>> run = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            run.set(admin().getForObject("/api/dispatches/" + runId, java.util.Map.class));
            return !"RUNNING".equals(run.get().get("status"));
        });
        return run.get();
    }

    protected static String resource(String path) throws IOException {
        try (var in = HubTestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
