package dev.crahub.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingestion benchmark kept in the build, tiny: the same {@link IngestBench} as {@code mvn -Pbench} with a few
 * thousand rows, its report written under {@code target/} (never to {@code src/site}). It proves the benchmark still
 * runs end to end (every file generated in a layout its reader accepts, both imports, the COPY floor, the SQL split,
 * the profile) and that its counts are exact; it asserts no timing (speed is the {@code bench} profile's business).
 * <p>
 * The month-end benchmark's tiny run ({@link MonthEndBench}, 3 contracts, one hub start) checks its exact counts and
 * every invoice's totals against the generated hours x rate computed here with {@code BigDecimal}.
 * <p>
 * The other benchmarks have no tiny run here: {@code EInvoiceGateBenchmark} once per step still took 37 s on this
 * 2-core machine under load (phive compiling its rule sets alone took 13 s; {@code EInvoiceGateBenchmark.run(0, 1,
 * path)} is ready for it), and {@code AuthBenchmark} starts the whole hub, warms up for 6 s and asserts that a flood is
 * throttled (429), which depends on timing.
 */
class BenchmarksSmokeTests {

    @Test
    void theIngestBenchmarkRunsEndToEndOnAFewThousandRows() throws Exception {
        Path report = Path.of("target", "bench-smoke", "benchmarks.md");
        Files.deleteIfExists(report);
        IngestBench.Outcome outcome = new IngestBench(new IngestBench.Options(3_000, 1_000, report,
                "BenchmarksSmokeTests (tiny run)", true)).run();

        assertThat(outcome.cases()).extracting(IngestBench.Case::source)
                .containsExactly("generic", "toggl", "clockify", "kimai");
        for (IngestBench.Case c : outcome.cases()) {
            assertThat(c.first().result()).as(c.name()).satisfies(r -> {
                assertThat(r.received()).isEqualTo(c.rows());
                assertThat(r.created()).isEqualTo(c.rows());
                assertThat(r.updated()).isZero();
            });
            assertThat(c.again().result()).as(c.name()).satisfies(r -> {
                assertThat(r.created()).isZero();
                assertThat(r.updated()).isZero();
                assertThat(r.unchanged()).isEqualTo(c.rows());
            });
            assertThat(c.floorSeconds()).as(c.name() + " floor").isPositive();
            assertThat(c.first().seconds() / c.floorSeconds()).as(c.name() + " ratio").isPositive().isFinite();
            assertThat(c.again().seconds() / c.floorSeconds()).as(c.name() + " ratio").isPositive().isFinite();
            assertThat(c.explainFirst()).contains("Insert on time_entry").contains("Execution Time");
            assertThat(c.explainAgain()).contains("Anti Join").contains("Execution Time");
        }
        String md = Files.readString(report);
        assertThat(md).contains("<!-- bench:ingest -->", "<!-- /bench:ingest -->", "floor (COPY)", "**",
                "| Kimai XLSX", "reading alone", "top frame (self)");
        assertThat(md).doesNotContain("NaN", "Infinity");
        assertThat(outcome.samples()).isNotNegative();
    }

    @Test
    void theMonthEndBenchmarkRunsEndToEndOnThreeContracts() throws Exception {
        Path report = Path.of("target", "bench-smoke", "benchmarks.md");
        MonthEndBench.Outcome outcome = new MonthEndBench(new MonthEndBench.Options(3, report,
                "BenchmarksSmokeTests (tiny run)", true)).run();

        assertThat(outcome.cras()).isEqualTo(3);
        assertThat(outcome.craMails()).isEqualTo(3);
        assertThat(outcome.approvals()).isEqualTo(3);
        assertThat(outcome.invoices()).isEqualTo(3);
        assertThat(outcome.validEInvoices()).isEqualTo(3);
        assertThat(outcome.invoiceMails()).isEqualTo(3);
        assertThat(outcome.otherMails()).isZero();
        // the approvers' notices of the recorded decisions leave with the CRA mail poll: 3 more by the end, or fewer yet
        assertThat(outcome.hubMails()).isBetween(6, 9);
        assertThat(outcome.floorMails()).isEqualTo(outcome.hubMails());
        assertThat(outcome.dispatchStatus()).isEqualTo("DONE");
        assertThat(outcome.invoicePages()).isGreaterThanOrEqualTo(3);
        // every invoice's totals, by hand from the generated sessions: hours / 8 x daily rate, rounded once; VAT 20 %
        assertThat(outcome.totalsByContract()).hasSize(3);
        outcome.data().expected.forEach((contract, expected) -> {
            BigDecimal hours = outcome.data().timesheet.lines().filter(l -> l.contains(",P" + contract.substring(4) + ","))
                    .map(l -> new BigDecimal(l.split(",")[2])).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal net = hours.multiply(expected.dailyRate()).divide(new BigDecimal("8"), 2, java.math.RoundingMode.HALF_UP);
            BigDecimal vat = net.multiply(new BigDecimal("0.20")).setScale(2, java.math.RoundingMode.HALF_UP);
            BigDecimal[] totals = outcome.totalsByContract().get(contract);
            assertThat(totals).as(contract).isNotNull();
            assertThat(totals[0]).as(contract + " net").isEqualByComparingTo(net);
            assertThat(totals[1]).as(contract + " VAT").isEqualByComparingTo(vat);
            assertThat(totals[2]).as(contract + " gross").isEqualByComparingTo(net.add(vat));
        });
        assertThat(outcome.stages()).hasSize(5);
        assertThat(outcome.floor()).hasSize(3);
        String md = Files.readString(report);
        assertThat(md).contains("<!-- bench:month-end -->", "<!-- /bench:month-end -->", "## Month end",
                "| **hub total** |", "| **floor total** |", "hub/floor", "crahub.mail.rate=0", "top frame (self)",
                "ingest: CSV dropped", "approvals (3", "dispatch (run DONE");
        assertThat(md).doesNotContain("NaN", "Infinity");
    }

    /**
     * {@link ValidationPageBenchmark} tiny: 4 CRAs, 2 clients, half a second a phase, 4 calls each, its report under
     * {@code target/} (month 2024-06, codes {@code vp202406-*}: the full-stack tests share one database). Counts,
     * statuses and the report's shape; never a timing.
     */
    @Nested
    class ValidationPageTinyRun extends ValidationPageBenchmark {

        static final Path REPORT = Path.of("target", "bench-smoke", "benchmarks-validation-page.md");

        @Override
        Options options() {
            return new Options("2024-06", 4, 2, Duration.ofMillis(500), 50, 4, Duration.ofMillis(300), REPORT,
                    "BenchmarksSmokeTests (tiny run)");
        }

        @Override
        void done(Outcome outcome) throws Exception {
            assertThat(outcome.cras()).hasSize(4);
            assertThat(outcome.loads()).hasSize(5).allSatisfy(l -> {
                assertThat(l.errors()).as(l.name()).isZero();
                assertThat(l.requests()).as(l.name()).isBetween(1L, 50L);
                assertThat(l.serverP50()).as(l.name() + ": a Server-Timing on every answer").isPositive();
            });
            assertThat(outcome.calls()).hasSize(8).allSatisfy(c -> {
                assertThat(c.errors()).as(c.name()).isZero();
                assertThat(c.calls()).as(c.name()).isBetween(2, 4);
            });
            String md = Files.readString(REPORT);
            assertThat(md).contains("<!-- bench:validation-page -->", "<!-- /bench:validation-page -->",
                    "<!-- bench:api-calls -->", "<!-- /bench:api-calls -->", "| phase | clients | requests",
                    "| call | calls | server p50", "`POST /api/cras/{id}/approve`", "Target (≥ 500 requests/s");
            assertThat(md).doesNotContain("NaN", "Infinity");
        }
    }
}
