package dev.crahub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.crahub.cra.CraStore;
import dev.crahub.referential.ReferentialImporter;
import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRuns;
import dev.crahub.timesheet.TimesheetImporter;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Month-end work that fails or is asked twice, through real HTTP: a broken invoice stylesheet fails every invoice
 * of the month, each recorded as a dead letter (ids past 127, where a Long body used to break the recording), the
 * month answers 200 listing each failure, the numbers are given back, a replay issues the invoice; the log has one
 * line per failure and one stack trace. Parallel month calls: one works, the others get a 409 that says who runs
 * what since when, also when the run belongs to another hub instance on the same database.
 */
class MonthEndFailuresIntegrationTests extends HubTestSupport {

    private static final String[] CONTRACTS = {"globex-platform", "globex-data", "globex-audit"};
    private static final String[] PROJECTS = {"GLOBEX-PLATFORM", "GLOBEX-DATA", "GLOBEX-AUDIT"};

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    java.time.Clock clock;
    @Autowired
    ReferentialImporter referential;
    @Autowired
    TimesheetImporter timesheets;
    @Autowired
    CraStore craStore;
    @Autowired
    dev.crahub.cra.CraWorkflow craWorkflow;

    private static boolean referentialLoaded;

    @Test
    @SuppressWarnings("unchecked")
    void aBrokenStylesheetFailsEachInvoiceWhichIsRecordedAndReplayableAndLogsOneTrace() throws Exception {
        approvedCras("2025-10");
        // more than 127 dead letters exist: ids that do not fit a byte
        jdbc.sql("SELECT setval('dead_letter_id_seq', GREATEST(300, (SELECT last_value FROM dead_letter_id_seq)))")
                .query(Long.class).single();
        // the fixture seller's series (other tests of the shared database issue in series of their own sellers)
        int issuedBefore = jdbc.sql("SELECT count(*) FROM invoice WHERE seller_code = 'acme'").query(Integer.class).single();

        Path stylesheet = home.xsl().resolve("invoice-fo.xsl");
        String original = Files.readString(stylesheet);
        Files.writeString(stylesheet, "<xsl:stylesheet version='3.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
                + "<xsl:template match='/'><unclosed></xsl:template>");
        Thread.sleep(1_100); // the stylesheet folder is checked for changes at most once a second

        ListAppender<ILoggingEvent> logs = capture();
        ResponseEntity<Map> answer;
        try {
            answer = admin().postForEntity("/api/months/2025-10/invoices", null, Map.class);
        } finally {
            release(logs);
            Files.writeString(stylesheet, original);
        }
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) answer.getBody().get("invoices");
        assertThat(invoices).hasSize(3).allSatisfy(i -> {
            assertThat(i).containsEntry("status", "FAILED");
            assertThat((String) i.get("error")).contains("invoice-fo.xsl");
        });

        List<Map<String, Object>> letters = ops().getForObject("/api/dead-letters", List.class);
        List<Map<String, Object>> invoiceLetters = letters.stream()
                .filter(d -> "direct:invoice-issue-one".equals(d.get("endpointUri"))).toList();
        assertThat(invoiceLetters).hasSize(3).allSatisfy(d -> {
            assertThat(((Number) d.get("id")).longValue()).isGreaterThan(300);
            assertThat(d).containsEntry("bodyType", "java.lang.Long");
            assertThat((String) d.get("error")).contains("invoice-fo.xsl");
        });
        assertThat(invoiceLetters).extracting(d -> Long.valueOf((String) d.get("body")))
                .containsExactlyInAnyOrderElementsOf(invoices.stream().map(i -> ((Number) i.get("craId")).longValue()).toList());

        // one WARN line per failed invoice, naming the dead letter; one stack trace in the whole log
        List<ILoggingEvent> failureLines = logs.list.stream()
                .filter(e -> e.getFormattedMessage().startsWith("route invoice-issue-one failed for '")).toList();
        assertThat(failureLines).hasSize(3).allSatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("WARN");
            assertThat(e.getFormattedMessage()).contains("invoice-fo.xsl").containsPattern("dead letter \\d{3}");
        });
        assertThat(logs.list.stream().filter(MonthEndFailuresIntegrationTests::hasStackTrace)).hasSize(1);
        assertThat(logs.list).noneMatch(e -> e.getLevel().toString().equals("ERROR"));
        assertThat(logs.list).filteredOn(e -> e.getLevel().toString().equals("WARN")).hasSize(3);

        // nothing was issued, no number was used: the replay of the first failure takes the next number
        assertThat(admin().getForObject("/api/invoices?month=2025-10", List.class)).isEmpty();
        Thread.sleep(1_100); // the restored stylesheet is seen
        long first = ((Number) invoiceLetters.get(invoiceLetters.size() - 1).get("id")).longValue();
        Map<String, Object> replay = ops().postForObject("/api/dead-letters/" + first + "/replay", null, Map.class);
        assertThat(replay).containsEntry("replayed", true);
        assertThat((Map<String, Object>) replay.get("result")).containsEntry("status", "ISSUED");
        assertThat((String) ((Map<String, Object>) replay.get("result")).get("number"))
                .endsWith("-%06d".formatted(issuedBefore + 1));

        List<Map<String, Object>> rest = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2025-10/invoices", null, Map.class).getBody().get("invoices");
        assertThat(rest).hasSize(2).allSatisfy(i -> assertThat(i).containsEntry("status", "ISSUED"))
                .extracting(i -> ((String) i.get("number")).substring(((String) i.get("number")).length() - 6))
                .containsExactlyInAnyOrder("%06d".formatted(issuedBefore + 2), "%06d".formatted(issuedBefore + 3));
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenTheDeadLettersCannotBeWrittenEachInvoiceIsStillAnsweredAsFailedAndTheMonthGoesOn() throws Exception {
        approvedCras("2025-12");
        jdbc.sql("ALTER TABLE dead_letter ADD CONSTRAINT test_refuses_rows CHECK (id < 0) NOT VALID").update();
        Path stylesheet = home.xsl().resolve("invoice-fo.xsl");
        String original = Files.readString(stylesheet);
        Files.writeString(stylesheet, "<xsl:stylesheet version='3.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>");
        Thread.sleep(1_100); // the stylesheet folder is checked for changes at most once a second
        ListAppender<ILoggingEvent> logs = capture();
        ResponseEntity<Map> answer;
        try {
            answer = admin().postForEntity("/api/months/2025-12/invoices", null, Map.class);
        } finally {
            release(logs);
            Files.writeString(stylesheet, original);
            jdbc.sql("ALTER TABLE dead_letter DROP CONSTRAINT test_refuses_rows").update();
        }
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<Map<String, Object>>) answer.getBody().get("invoices")).hasSize(3).allSatisfy(i -> {
            assertThat(i).containsEntry("status", "FAILED");
            assertThat((String) i.get("error")).contains("invoice-fo.xsl", "not recorded in the dead letters",
                    "test_refuses_rows");
        });
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().startsWith("dead letter recording failed"))
                .hasSize(3);
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().startsWith("route invoice-issue-one failed"))
                .hasSize(3).allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("NOT recorded in the dead letters"));
        assertThat(logs.list.stream().filter(MonthEndFailuresIntegrationTests::hasStackTrace)).hasSizeBetween(1, 2);
        assertThat(logs.list).noneMatch(e -> e.getLevel().toString().equals("ERROR"));

        // nothing was issued; with the stylesheet back the month is invoiced, and no number was lost on the way
        Thread.sleep(1_100);
        List<Map<String, Object>> issued = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2025-12/invoices", null, Map.class).getBody().get("invoices");
        assertThat(issued).hasSize(3).allSatisfy(i -> assertThat(i).containsEntry("status", "ISSUED"));
        // gapless per series (other tests of the shared database issue in series of their own sellers)
        for (String series : jdbc.sql("SELECT DISTINCT series FROM invoice").query(String.class).list()) {
            List<Integer> numbers = jdbc.sql("SELECT sequence_number FROM invoice WHERE series = :s ORDER BY 1")
                    .param("s", series).query(Integer.class).list();
            assertThat(numbers).as(series).isEqualTo(java.util.stream.IntStream.rangeClosed(1, numbers.size()).boxed().toList());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void parallelMonthCallsAnswerOnceAndTheOthersSayWhatIsRunning() throws Exception {
        timesheet("2025-11");
        for (String operation : List.of("cras", "invoices", "dispatch")) {
            if (operation.equals("invoices")) {
                craStore.list(YearMonth.of(2025, 11)).forEach(c ->
                        craWorkflow.recordApproval(c.id(), "test", "signed paper CRA", null));
            }
            if (operation.equals("dispatch")) {
                awaitValidEInvoices("2025-11"); // the gate lets only VALID e-invoices leave
            }
            List<ResponseEntity<Map>> answers = parallel(4, "/api/months/2025-11/" + operation);
            // a dispatch is a run answered at once (202) and carried out in the background (ADR 0026)
            int ok = operation.equals("dispatch") ? 202 : 200;
            assertThat(answers).allSatisfy(a -> assertThat(a.getStatusCode().value()).isIn(ok, 409));
            assertThat(answers).filteredOn(a -> a.getStatusCode().value() == ok).isNotEmpty();
            for (ResponseEntity<Map> conflict : answers.stream().filter(a -> a.getStatusCode().value() == 409).toList()) {
                assertThat(conflict.getHeaders().getContentType().toString()).startsWith("application/problem+json");
                assertThat((String) conflict.getBody().get("detail"))
                        .containsPattern("of 2025-11 is running since \\d\\d:\\d\\d:\\d\\d, started by admin");
            }
            String key = operation.equals("cras") ? "cras" : operation.equals("invoices") ? "invoices" : "dispatches";
            int done = answers.stream().filter(a -> a.getStatusCode().value() == ok)
                    .map(a -> operation.equals("dispatch") ? awaitRun(((Number) a.getBody().get("id")).longValue()) : a.getBody())
                    .mapToInt(a -> ((List<Object>) a.get(key)).size()).sum();
            assertThat(done).as("each unit of work done once across the four calls").isEqualTo(3);
            if (!operation.equals("dispatch")) { // a few ms of work: the others may well come after it
                assertThat(answers).as("rendering three PDFs outlasts the three other calls")
                        .filteredOn(a -> a.getStatusCode().value() == 409).isNotEmpty();
            }
        }
        List<Map<String, Object>> issued = admin().getForObject("/api/invoices?month=2025-11", List.class);
        assertThat(issued).hasSize(3).extracting(i -> (String) i.get("number")).doesNotHaveDuplicates();
        assertThat(jdbc.sql("SELECT count(*) FROM dispatch d JOIN invoice i ON i.id = d.invoice_id "
                + "WHERE i.month = '2025-11' AND d.status = 'SENT'").query(Long.class).single()).isEqualTo(3);
        assertThat(admin().getForObject("/api/dispatches?month=2025-11", List.class))
                .as("one run per call that was not refused").isNotEmpty();
    }

    @Test
    void aRunHeldByAnotherInstanceOnTheSameDatabaseIsAConflictUntilItEnds() {
        // another hub on the same database: its own MonthRuns, its own connection
        MonthRuns otherInstance = new MonthRuns(dataSource, clock);
        try (MonthRuns.Run run = otherInstance.start(MonthOperation.INVOICING, YearMonth.of(2031, 3), "billing")) {
            ResponseEntity<Map> conflict = admin().postForEntity("/api/months/2031-03/invoices", null, Map.class);
            assertThat(conflict.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(conflict.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(conflict.getBody()).containsEntry("status", 409).containsEntry("operation", "invoicing")
                    .containsEntry("month", "2031-03").containsEntry("startedBy", "billing");
            assertThat((String) conflict.getBody().get("detail"))
                    .matches("invoicing of 2031-03 is running since \\d\\d:\\d\\d:\\d\\d, started by billing; .*");
            // another operation, or another month, is not held up
            assertThat(admin().postForEntity("/api/months/2031-03/dispatch", null, Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.ACCEPTED);
            assertThat(admin().postForEntity("/api/months/2031-04/invoices", null, Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(admin().postForEntity("/api/months/2031-03/invoices", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    private List<ResponseEntity<Map>> parallel(int calls, String path) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            CyclicBarrier start = new CyclicBarrier(calls);
            List<Future<ResponseEntity<Map>>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return admin().postForEntity(path, null, Map.class);
                }));
            }
            List<ResponseEntity<Map>> answers = new ArrayList<>();
            for (Future<ResponseEntity<Map>> f : futures) {
                answers.add(f.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Three contracts of one client, CRAs of the month built over HTTP and approved. */
    private void approvedCras(String month) throws Exception {
        timesheet(month);
        ResponseEntity<Map> cras = admin().postForEntity("/api/months/" + month + "/cras", null, Map.class);
        assertThat(cras.getStatusCode()).isEqualTo(HttpStatus.OK);
        craStore.list(YearMonth.parse(month)).forEach(c ->
                craWorkflow.recordApproval(c.id(), "test", "signed paper CRA", null));
        assertThat(craStore.list(YearMonth.parse(month))).hasSize(3);
    }

    private synchronized void timesheet(String month) throws Exception {
        if (!referentialLoaded) {
            String yaml = resource("/fixtures/referential.yaml");
            int contracts = yaml.indexOf("contracts:\n");
            String base = yaml.substring(contracts + "contracts:\n".length());
            StringBuilder all = new StringBuilder(yaml.substring(0, contracts)).append("contracts:\n");
            for (int i = 0; i < CONTRACTS.length; i++) {
                all.append(base.replace("code: globex-platform", "code: " + CONTRACTS[i])
                        .replace("project: GLOBEX-PLATFORM", "project: " + PROJECTS[i]));
            }
            referential.load(all.toString().getBytes(StandardCharsets.UTF_8), "test");
            referentialLoaded = true;
        }
        StringBuilder csv = new StringBuilder("consultant,date,hours,project,comment\n");
        for (String project : PROJECTS) {
            csv.append("jdupont,").append(month).append("-02,7,").append(project).append(",Travail\n");
            csv.append("amoreau,").append(month).append("-03,6.5,").append(project).append(",Revue\n");
        }
        timesheets.importFile(csv.toString().getBytes(StandardCharsets.UTF_8), "timesheet-" + month + ".csv");
    }

    private org.springframework.boot.test.web.client.TestRestTemplate ops() {
        return rest.withBasicAuth("ops", OPS_PASSWORD);
    }

    /** A trace as a throwable, or written into the message as Camel's error handler does. */
    static boolean hasStackTrace(ILoggingEvent event) {
        return event.getThrowableProxy() != null || event.getFormattedMessage().contains("\tat ");
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        appender.stop();
    }
}
