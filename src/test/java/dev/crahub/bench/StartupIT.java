package dev.crahub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Tiny run of {@link StartupBenchmark} (failsafe, after package): the packaged jar started once on an empty home and
 * once on a home with a month of 3 contracts; both become healthy, the phases are found in the log and the report has
 * its shape. No timing is asserted.
 */
class StartupIT {

    @Test
    void theStartupBenchmarkStartsThePackagedHubAndReportsItsPhases() throws Exception {
        Path work = Files.createTempDirectory("crahub-startup-it");
        StartupBench.Config config = new StartupBench.Config(StartupBenchmark.jar(), StartupBenchmark.jvmOptions(),
                work, 1, 1, 3);
        StartupBench bench = new StartupBench(config);
        List<StartupBench.Start> empty = bench.emptyHomes();
        List<StartupBench.Start> year = bench.yearHome();

        assertThat(empty).hasSize(1);
        assertThat(year).hasSize(1);
        for (StartupBench.Start start : List.of(empty.get(0), year.get(0))) {
            assertThat(start.healthyMs()).isPositive();
            assertThat(start.phases()).containsOnlyKeys(StartupBench.PHASES.keySet());
            assertThat(start.phases().values()).allMatch(ms -> ms >= 0);
        }
        String markdown = StartupBench.report(config, "StartupIT (tiny run)", empty, year, "-", "-");
        Path out = Path.of("target", "bench", "benchmarks-startup-it.md");
        BenchReport.section(out, "startup", markdown);
        assertThat(Files.readString(out)).contains("<!-- bench:startup -->", "| empty | 1 |",
                "| a year of data | 1 |", "| Flyway |", "| Camel routes |", "<!-- /bench:startup -->");
    }
}
