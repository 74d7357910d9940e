package dev.crahub;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gapless numbering of invoices and credit notes under concurrency, through the real API with real transactions:
 * parallel issuers of one seller's drafts and credit notes on one hub, then on two hub instances sharing one
 * database (a second Spring context started on the first one's embedded PostgreSQL); concurrent credit notes of one
 * invoice never credit more than it holds; an issue that fails after taking its number (the PDF rendering breaks)
 * gives the number back. Month 2023-09, contracts cn-p01..cn-p10 and cn-fail.
 */
class InvoiceNumberingConcurrencyIntegrationTests extends HubTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    dev.crahub.invoice.InvoiceArchive archive;

    @BeforeEach
    void referential() {
        CreditNoteIntegrationTests.loadReferential(admin());
    }

    TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    @Test
    void parallelIssuersOnOneAndOnTwoHubInstancesNeverGapNorDuplicateInvoicesAndCreditNotes() throws Exception {
        Map<String, Long> drafts = drafts(CreditNoteIntegrationTests.PARALLEL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // one hub: five drafts issued at once, each invoice then credited twice (10.00 each) at once
            List<Callable<List<String>>> work = new ArrayList<>();
            for (String contract : CreditNoteIntegrationTests.PARALLEL.subList(0, 5)) {
                long id = drafts.get(contract);
                work.add(() -> {
                    String number = issue(billing(), id);
                    List<Callable<String>> credits = List.of(() -> credit(billing(), id, "10.00"),
                            () -> credit(billing(), id, "10.00"));
                    List<String> issued = new ArrayList<>(List.of(number));
                    for (Future<String> f : Executors.newFixedThreadPool(2).invokeAll(credits)) {
                        issued.add(f.get());
                    }
                    return issued;
                });
            }
            List<String> one = new ArrayList<>();
            for (Future<List<String>> f : pool.invokeAll(work)) {
                one.addAll(f.get());
            }
            assertThat(one).hasSize(15).doesNotHaveDuplicates();
            assertThat(one).filteredOn(n -> n.startsWith("CN-AV-")).hasSize(10);
            assertGapless();

            List<String> two = new ArrayList<>();
            // two hubs on one database: the other five drafts and a credit note on each of the first five, half on
            // each instance, all at once
            try (ConfigurableApplicationContext second = secondHub()) {
                TestRestTemplate other = new TestRestTemplate(new RestTemplateBuilder()
                        .rootUri("http://localhost:" + second.getEnvironment().getProperty("local.server.port")))
                        .withBasicAuth("billing", BILLING_PASSWORD);
                // each hub checks a password once (bcrypt), then remembers it: not under the parallel load
                assertThat(other.getForEntity("/api/invoices?month=2023-09", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<String>> both = new ArrayList<>();
                for (int k = 0; k < 5; k++) {
                    TestRestTemplate hub = k % 2 == 0 ? billing() : other;
                    TestRestTemplate otherHub = k % 2 == 0 ? other : billing();
                    long draft = drafts.get(CreditNoteIntegrationTests.PARALLEL.get(5 + k));
                    long issued = drafts.get(CreditNoteIntegrationTests.PARALLEL.get(k));
                    both.add(() -> {
                        start.await();
                        return issue(hub, draft);
                    });
                    both.add(() -> {
                        start.await();
                        return credit(otherHub, issued, "5.00");
                    });
                }
                List<Future<String>> futures = new ArrayList<>();
                for (Callable<String> c : both) {
                    futures.add(pool.submit(c));
                }
                start.countDown();
                two.clear();
                for (Future<String> f : futures) {
                    two.add(f.get());
                }
                assertThat(two).hasSize(10).doesNotHaveDuplicates().doesNotContainAnyElementsOf(one);
                // the second hub sees the same documents
                List<Map<String, Object>> seen = other.getForObject("/api/invoices?month=2023-09&status=ISSUED", List.class);
                assertThat(seen).extracting(s -> s.get("number")).containsAll(two).containsAll(one);
            }
            assertGapless();
            // each hub archives what it issued in its own home; this hub's reconciliation copies in the documents the
            // other one issued (as at a restart), so its archive holds every issued document again
            List<String> restored = archive.reconcile().restored();
            List<String> fromOther = new ArrayList<>();
            for (String file : restored) {
                fromOther.add(file.replaceFirst("^cn-acme/\\d{4}/", "").replaceFirst("\\.(pdf|xml)$", ""));
            }
            assertThat(fromOther).isNotEmpty().isSubsetOf(two);
            assertThat(archive.reconcile().restored()).isEmpty();

            // concurrent credit notes of one invoice (600.00): eight of 100.00 at once, six fit
            long last = drafts.get(CreditNoteIntegrationTests.PARALLEL.get(9));
            List<Future<ResponseEntity<Map>>> attempts = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int k = 0; k < 8; k++) {
                attempts.add(pool.submit(() -> {
                    go.await();
                    return billing().postForEntity("/api/invoices/" + last + "/credit-note",
                            json(Map.of("lines", List.of(Map.of("line", 1, "amount", 100.00)))), Map.class);
                }));
            }
            go.countDown();
            List<HttpStatus> statuses = new ArrayList<>();
            for (Future<ResponseEntity<Map>> f : attempts) {
                statuses.add(HttpStatus.valueOf(f.get().getStatusCode().value()));
            }
            assertThat(statuses).filteredOn(s -> s == HttpStatus.OK).hasSize(6);
            assertThat(statuses).filteredOn(s -> s == HttpStatus.UNPROCESSABLE_ENTITY).hasSize(2);
            assertThat(jdbc.sql("SELECT sum(amount) FROM invoice_credit WHERE original_id = :id").param("id", last)
                    .query(BigDecimal.class).single()).isEqualByComparingTo("600.00");
            assertGapless();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIssueThatFailsAfterTakingItsNumberGivesItBack() throws Exception {
        long draft = drafts(List.of("cn-fail")).get("cn-fail");
        String series = "CN-" + java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).getYear();
        Path stylesheet = home.xsl().resolve("invoice-fo.xsl");
        String original = Files.readString(stylesheet);
        int before;
        try {
            // the PDF rendering breaks after the number is taken (a broken stylesheet in the home)
            Files.writeString(stylesheet, "<xsl:stylesheet version=\"3.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
                    + "<xsl:template match=\"/\"><xsl:message terminate=\"yes\">broken on purpose</xsl:message></xsl:template>"
                    + "</xsl:stylesheet>");
            Thread.sleep(1_100); // the stylesheet folder is checked for changes once a second
            before = lastNumber(series);
            ResponseEntity<Map> failed = billing().postForEntity("/api/invoices/" + draft + "/issue", null, Map.class);
            assertThat(failed.getStatusCode().is5xxServerError()).as(String.valueOf(failed.getBody())).isTrue();
            assertThat(lastNumber(series)).isEqualTo(before);
            assertThat(billing().getForObject("/api/invoices/" + draft, Map.class)).containsEntry("status", "DRAFT");
        } finally {
            Files.writeString(stylesheet, original);
            Thread.sleep(1_100);
        }
        // the next issue takes the number the failed one gave back (unless a parallel test issued meanwhile: none here)
        String number = issue(billing(), draft);
        assertThat(number).isEqualTo("%s-%06d".formatted(series, lastNumber(series)));
        assertThat(lastNumber(series)).isEqualTo(before + 1);
        assertGapless();
    }

    /** Every series of seller cn-acme counts 1..n, each number once, n being the counter. */
    private void assertGapless() {
        Map<String, List<Integer>> bySeries = new HashMap<>();
        jdbc.sql("SELECT series, sequence_number FROM invoice WHERE seller_code = 'cn-acme'")
                .query(rs -> {
                    bySeries.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getInt(2));
                });
        for (var series : bySeries.entrySet()) {
            List<Integer> numbers = new ArrayList<>(series.getValue());
            Collections.sort(numbers);
            assertThat(numbers).as(series.getKey()).isEqualTo(IntStream.rangeClosed(1, numbers.size()).boxed().toList());
            assertThat(lastNumber(series.getKey())).as(series.getKey()).isEqualTo(numbers.size());
        }
    }

    private int lastNumber(String series) {
        return jdbc.sql("SELECT coalesce(max(last_number), 0) FROM invoice_sequence WHERE seller_code = 'cn-acme' AND series = :s")
                .param("s", series).query(Integer.class).single();
    }

    private static String issue(TestRestTemplate hub, long draft) {
        ResponseEntity<Map> issued = hub.postForEntity("/api/invoices/" + draft + "/issue", null, Map.class);
        assertThat(issued.getStatusCode()).as(String.valueOf(issued.getBody())).isEqualTo(HttpStatus.OK);
        return (String) issued.getBody().get("number");
    }

    private static String credit(TestRestTemplate hub, long invoice, String amount) {
        ResponseEntity<Map> note = hub.postForEntity("/api/invoices/" + invoice + "/credit-note",
                json(Map.of("lines", List.of(Map.of("line", 1, "amount", new BigDecimal(amount))))), Map.class);
        assertThat(note.getStatusCode()).as(String.valueOf(note.getBody())).isEqualTo(HttpStatus.OK);
        return (String) note.getBody().get("number");
    }

    /** One approved CRA (1 day at 600.00 or 500.00) and its draft per contract, month 2023-09. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> drafts(List<String> contracts) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String contract : contracts) {
            entries.add(CreditNoteIntegrationTests.entry("cn-jd", contract, "2023-09-12", 8));
        }
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries", Map.of("source", "cn", "entries", entries), Map.class);
        assertThat(pushed.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> built = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2023-09/cras", null, Map.class).getBody().get("cras");
        for (Map<String, Object> cra : built) {
            if (contracts.contains(cra.get("contract")) && !"APPROVED".equals(cra.get("status"))) {
                assertThat(approve(cra.get("id"), "signed CRA received")).containsEntry("status", "APPROVED");
            }
        }
        ResponseEntity<Map> run = billing().postForEntity("/api/months/2023-09/invoices", null, Map.class);
        assertThat(run.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Long> drafts = new HashMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) billing().getForObject("/api/invoices?month=2023-09&status=DRAFT", List.class)) {
            if (contracts.contains(s.get("contract"))) {
                drafts.put((String) s.get("contract"), ((Number) s.get("id")).longValue());
            }
        }
        assertThat(drafts.keySet()).containsExactlyInAnyOrderElementsOf(contracts);
        return drafts;
    }

    /** A second hub on its own home, on this hub's database. */
    private ConfigurableApplicationContext secondHub() throws Exception {
        HikariDataSource db = dataSource.unwrap(HikariDataSource.class);
        Path otherHome = Files.createTempDirectory("crahub-second-hub-");
        return new SpringApplicationBuilder(CrahubApplication.class).properties(Map.of(
                "spring.datasource.url", db.getJdbcUrl(),
                "spring.datasource.username", db.getUsername(),
                "spring.datasource.password", db.getPassword(),
                "crahub.home", otherHome.toString(),
                "server.port", "0",
                "crahub.admin.password", ADMIN_PASSWORD,
                "crahub.billing.password", BILLING_PASSWORD,
                "crahub.cra.build-schedule.enabled", "false",
                "crahub.demo.enabled", "false")).run();
    }
}
