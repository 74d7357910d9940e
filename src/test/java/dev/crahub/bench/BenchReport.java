package dev.crahub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code benchmarks.md} is shared by the benchmarks: each owns a section between {@code <!-- bench:name -->} and
 * {@code <!-- /bench:name -->} and a run replaces only its own (appended at the end the first time).
 */
final class BenchReport {

    private static final String HEADER = """
            # Benchmarks

            Not tests: run by `mvn -B -Pbench test` (classes `src/test/java/dev/crahub/bench/*Benchmark.java`, one with
            `-Dtest=IngestBenchmark` or `-Dtest=AuthBenchmark`). Each benchmark writes its own section below.
            """;

    private BenchReport() {
    }

    static void section(Path file, String name, String markdown) throws IOException {
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String block = begin + "\n" + markdown.strip() + "\n" + end;
        String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : HEADER;
        int from = current.indexOf(begin);
        int to = current.indexOf(end);
        String updated = from >= 0 && to > from
                ? current.substring(0, from) + block + current.substring(to + end.length())
                : current.stripTrailing() + "\n\n" + block + "\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
