package dev.crahub.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a unit test: the ingestion benchmark, run by {@code mvn -B -Pbench test -Dtest=IngestBenchmark} only (the
 * profile starts the JVM with {@code -Xmx256m}). 1M generic CSV rows ({@code bench.rows}) and 200k rows of each tracker
 * export ({@code bench.exportRows}: a quarter of a 1,000-consultant firm, three entries a working day), each imported
 * twice and measured against PostgreSQL's own COPY of the same rows in the same run ({@link IngestBench}); the figures
 * go to the {@code bench:ingest} section of {@code src/site/markdown/benchmarks.md}.
 */
class IngestBenchmark {

    @Test
    void importsNearTheDatabasesOwnLoading() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int exportRows = Integer.getInteger("bench.exportRows", 200_000);
        Path out = Path.of(System.getProperty("bench.report", "src/site/markdown/benchmarks.md"));
        IngestBench.Outcome outcome = new IngestBench(new IngestBench.Options(rows, exportRows, out,
                "mvn -B -Pbench test -Dtest=IngestBenchmark"
                        + (rows != 1_000_000 ? " -Dbench.rows=" + rows : "")
                        + (exportRows != 200_000 ? " -Dbench.exportRows=" + exportRows : ""), true)).run();
        for (IngestBench.Case c : outcome.cases()) {
            assertThat(c.first().result().created()).as(c.name()).isEqualTo(c.rows());
            assertThat(c.again().result().unchanged()).as(c.name()).isEqualTo(c.rows());
        }
        System.out.println(outcome.markdown());
    }
}
