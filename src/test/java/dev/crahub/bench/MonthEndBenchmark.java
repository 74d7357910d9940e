package dev.crahub.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a unit test: the month-end benchmark of issue 12, run by {@code mvn -B -Pbench test -Dtest=MonthEndBenchmark}
 * only (the profile starts the JVM with {@code -Xmx256m}). 1,000 contracts by default ({@code -Dbench.contracts}), from
 * the CSV in the inbox to every invoice mail accepted by SMTP, each stage timed, against the floor measured in the same
 * JVM and run ({@link MonthEndBench}); the figures go to the {@code bench:month-end} section of
 * {@code src/site/markdown/benchmarks.md}.
 */
class MonthEndBenchmark {

    @Test
    void monthEndAgainstItsFloor() throws Exception {
        int contracts = Integer.getInteger("bench.contracts", 1000);
        Path out = Path.of(System.getProperty("bench.report", "target/benchmarks.md"));
        MonthEndBench.Outcome outcome = new MonthEndBench(new MonthEndBench.Options(contracts, out,
                "mvn -B -Pbench test -Dtest=MonthEndBenchmark" + (contracts != 1000 ? " -Dbench.contracts=" + contracts : ""),
                true)).run();
        assertThat(outcome.cras()).isEqualTo(contracts);
        assertThat(outcome.validEInvoices()).isEqualTo(contracts);
        assertThat(outcome.invoiceMails()).isEqualTo(contracts);
        System.out.println(outcome.markdown());
    }
}
