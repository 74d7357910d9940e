package dev.crahub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Start-up benchmark (not a test): the packaged jar started {@code bench.startup.runs} times (5) on empty homes and on a
 * home with a year of data ({@code bench.startup.months} × {@code bench.startup.contracts}, 12 × 200), to the first
 * 200 of {@code /actuator/health}; section {@code bench:startup} of {@code src/site/markdown/benchmarks.md}. Needs the
 * jar: {@code mvn -B -Pbench package -DskipTests && mvn -B -Pbench test -Dtest=StartupBenchmark}.
 */
class StartupBenchmark {

    static final String COMMAND = "mvn -B -Pbench package -DskipTests && mvn -B -Pbench test -Dtest=StartupBenchmark";

    @Test
    void startUp() throws Exception {
        Path out = Path.of(System.getProperty("bench.report", "src/site/markdown/benchmarks.md"));
        StartupBench.Config config = new StartupBench.Config(jar(), jvmOptions(),
                Files.createTempDirectory("crahub-startup-bench"),
                Integer.getInteger("bench.startup.runs", 5), Integer.getInteger("bench.startup.months", 12),
                Integer.getInteger("bench.startup.contracts", 200));
        String loadBefore = StartupBench.loadAverage();
        StartupBench bench = new StartupBench(config);
        List<StartupBench.Start> empty = bench.emptyHomes();
        List<StartupBench.Start> year = bench.yearHome();
        String markdown = StartupBench.report(config, COMMAND, empty, year, loadBefore, StartupBench.loadAverage());
        BenchReport.section(out, "startup", markdown);
        System.out.println(markdown);
    }

    /** The packaged jar: {@code crahub.jar} (set by the bench profile), built by {@code package} beforehand. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("crahub.jar", "target/crahub-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B -Pbench package -DskipTests first");
        }
        return jar;
    }

    /** The packaged start's JVM options (pom property {@code crahub.jvm.options}). */
    static List<String> jvmOptions() {
        String options = System.getProperty("crahub.jvm.options", "-XX:+ExitOnOutOfMemoryError -Xmx512m");
        return List.of(options.trim().split("\\s+"));
    }
}
