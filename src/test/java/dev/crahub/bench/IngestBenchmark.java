package dev.crahub.bench;

import java.io.BufferedWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.TimeEntryIngestor;
import dev.crahub.timesheet.file.TextInput;
import dev.crahub.timesheet.file.TimesheetFileImporter;
import dev.crahub.timesheet.file.TimesheetFileSettings;
import dev.crahub.timesheet.file.TimesheetReaders;
import dev.crahub.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a unit test: the ingestion benchmark, run by {@code mvn -B -Pbench test} only (the profile starts the JVM
 * with {@code -Xmx256m}). Generates a generic CSV of {@code bench.rows} rows (default 1,000,000), imports it through
 * the real importer and ingestor into embedded PostgreSQL, then a second time (all unchanged), and writes rows per
 * second and peak heap to its section of {@code src/site/markdown/benchmarks.md}.
 */
class IngestBenchmark {

    @Test
    void importAMillionRowGenericCsv() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        Path out = Path.of(System.getProperty("bench.report", "src/site/markdown/benchmarks.md"));
        Path dir = Files.createTempDirectory("crahub-bench-");
        Path file = dir.resolve("generic-" + rows + ".csv");
        generate(file, rows);
        long size = Files.size(file);

        try (MigratedDatabase db = MigratedDatabase.start()) {
            JdbcClient jdbc = db.jdbc;
            TimeEntryIngestor ingestor = new TimeEntryIngestor(db.dataSource, jdbc, new ReferentialStore(jdbc));
            TimesheetFileImporter importer = new TimesheetFileImporter(new TimesheetReaders(TimesheetFileSettings.defaults(),
                    JsonMapper.builder().findAndAddModules().build()), ingestor, db.transactions, TimesheetFileSettings.defaults());

            System.gc();
            resetPeaks();
            AtomicLong sampledPeak = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> sampledPeak.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max), 0, 20, TimeUnit.MILLISECONDS);
            long gcBefore = gcMillis();
            long t0 = System.nanoTime();
            IngestResult first = importer.importFile("generic", TextInput.of(file));
            long t1 = System.nanoTime();
            IngestResult second = importer.importFile("generic", TextInput.of(file));
            long t2 = System.nanoTime();
            sampler.shutdownNow();
            long gc = gcMillis() - gcBefore;
            long poolPeak = heapPoolPeaks();
            long stored = jdbc.sql("SELECT count(*) FROM time_entry").query(Long.class).single();

            assertThat(first.created()).isEqualTo(rows);
            assertThat(second.unchanged()).isEqualTo(rows);
            assertThat(stored).isEqualTo(rows);

            double firstSeconds = (t1 - t0) / 1e9;
            double secondSeconds = (t2 - t1) / 1e9;
            String report = """
                    ## Ingestion

                    A generic timesheet CSV of %,d rows (%,.1f MB, `consultant;date;hours;project;comment`, `;` and
                    `,` decimals, CRLF) imported from disk through the real `TimesheetFileImporter` (streaming reader,
                    whole-or-nothing transaction) and `TimeEntryIngestor` (COPY into a staging table, one upsert) into
                    embedded PostgreSQL, in a JVM started with **%s**.

                    | run | rows | time | rows/s |
                    |---|---|---|---|
                    | first import (all created) | %,d | %.1f s | %,.0f |
                    | same file again (all unchanged) | %,d | %.1f s | %,.0f |

                    Heap: peak used **%,.0f MB** (sum of the heap pools' peaks), %,.0f MB as sampled every 20 ms;
                    max heap %,.0f MB; GC time during both imports %,d ms. G1 lets garbage pile up towards the limit
                    before collecting, so the peak says more about the limit than about live data: what matters is that
                    memory does not grow with the file (the reader holds one row, the ingestor one 64 KB COPY chunk).

                    Measured %s on %d cores (%s, Java %s), shared with other builds: figures are indicative.

                    Reproduce:

                    ```
                    mvn -B -Pbench test
                    # fewer rows: mvn -B -Pbench test -Dbench.rows=100000
                    ```
                    """.formatted(rows, size / 1e6, ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                            .filter(a -> a.startsWith("-Xmx")).findFirst().orElse("no -Xmx"),
                    rows, firstSeconds, rows / firstSeconds, rows, secondSeconds, rows / secondSeconds,
                    poolPeak / 1e6 / 1.048576, sampledPeak.get() / 1e6 / 1.048576,
                    Runtime.getRuntime().maxMemory() / 1e6 / 1.048576, gc,
                    OffsetDateTime.now(ZoneOffset.UTC).withNano(0), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("java.version"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            BenchReport.section(out, "ingest", report);
            System.out.println(report);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void generate(Path file, int rows) throws Exception {
        LocalDate start = LocalDate.of(2020, 1, 1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("consultant;date;hours;project;comment\r\n");
            for (int i = 0; i < rows; i++) {
                // 500 consultants, each logging 4 entries a day over ~1.4 years
                int consultant = i % 500;
                int day = i / 2000;
                out.write("c" + consultant + ";" + start.plusDays(day) + ";" + (1 + i % 4) + ",5;PRJ-" + (i % 37)
                        + ";Tâche n°" + i + " \"revue\"\r\n");
            }
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPoolPeaks() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

}
