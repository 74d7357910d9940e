package dev.crahub.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up of the packaged hub ({@code java -jar}, the packaged JVM options) in a process of its own, measured from
 * the launch to the first 200 of {@code /actuator/health}: on empty homes (each run a new one: first-start work
 * included) and on one home holding a year of data (loaded once by SQL into its embedded database after a first start,
 * then reused). The phases are read from the hub's log. Only processes started here are stopped (SIGTERM, then
 * SIGKILL if one does not stop).
 */
final class StartupBench {

    /** How many starts, and how much data the "year" home holds. */
    record Config(Path jar, List<String> jvmOptions, Path work, int runs, int months, int contracts) {
    }

    /** One start: wall time to healthy and the log's phases (ms from launch; -1 when the line is missing). */
    record Start(long healthyMs, Map<String, Long> phases) {
    }

    /** The log lines that end each phase, in order. */
    static final Map<String, Pattern> PHASES = phases();

    private static Map<String, Pattern> phases() {
        Map<String, Pattern> p = new LinkedHashMap<>();
        p.put("JVM to Spring", Pattern.compile("Starting CrahubApplication"));
        p.put("home defaults", Pattern.compile("Home defaults \\("));
        p.put("PostgreSQL", Pattern.compile("Embedded PostgreSQL started"));
        p.put("Flyway", Pattern.compile("Successfully applied \\d+ migration|No migration necessary"));
        p.put("Tomcat", Pattern.compile("Tomcat started on port"));
        p.put("Camel routes", Pattern.compile("Routes startup \\(total"));
        p.put("Spring started", Pattern.compile("Started CrahubApplication in"));
        p.put("phive ready", Pattern.compile("phive rule sets compiled"));
        return p;
    }

    private static final Pattern TIMESTAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String ADMIN_PASSWORD = "startup-bench-pw";

    private final Config config;

    StartupBench(Config config) {
        this.config = config;
    }

    /** {@code runs} starts, each on a new empty home. */
    List<Start> emptyHomes() throws Exception {
        List<Start> starts = new ArrayList<>();
        for (int i = 1; i <= config.runs(); i++) {
            starts.add(startAndStop(config.work().resolve("empty-" + i)));
        }
        return starts;
    }

    /** A home with a year of data: prepared on its first start (not counted), then {@code runs} starts on it. */
    List<Start> yearHome() throws Exception {
        Path home = config.work().resolve("year");
        if (!Files.exists(home.resolve("data/year-loaded"))) {
            Hub hub = launch(home);
            try {
                hub.awaitHealthy();
                loadYear(home);
                Files.writeString(home.resolve("data/year-loaded"), "yes");
            } finally {
                hub.stop();
            }
        }
        List<Start> starts = new ArrayList<>();
        for (int i = 1; i <= config.runs(); i++) {
            starts.add(startAndStop(home));
        }
        return starts;
    }

    Start startAndStop(Path home) throws Exception {
        Hub hub = launch(home);
        try {
            long healthy = hub.awaitHealthy();
            // the phases logged after health (Camel's summary, phive) come within seconds
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<String, Long> phases = hub.phases();
            while ((phases.get("Spring started") < 0 || phases.get("phive ready") < 0) && System.nanoTime() < until) {
                Thread.sleep(200);
                phases = hub.phases();
            }
            return new Start(healthy, phases);
        } finally {
            hub.stop();
        }
    }

    /** Rows of a year: referential, time entries (3 sessions a working day), CRAs and invoices. */
    void loadYear(Path home) throws Exception {
        List<String> pid = Files.readAllLines(home.resolve("data/pgdata/postmaster.pid"));
        int port = Integer.parseInt(pid.get(3).strip());
        String password = Files.readString(home.resolve("data/secrets/database-password")).strip();
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", password);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", props);
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            int n = config.contracts();
            LocalDate first = LocalDate.of(2025, 1, 1);
            LocalDate last = first.plusMonths(config.months()).minusDays(1);
            String pdf = "decode(repeat('255044462d312e37', 4000), 'hex')"; // 32 KB standing for a PDF
            s.execute("""
                    INSERT INTO seller (code, name, siren, address_lines, postcode, city, country, invoice_prefix)
                    VALUES ('bench', 'Bench SAS', '123456789', '1 rue du Banc', '75001', 'Paris', 'FR', 'B')""");
            s.execute("""
                    INSERT INTO client (code, name, address_lines, postcode, city, country, billing_email)
                    SELECT 'client-' || g, 'Client ' || g, g || ' avenue', '69001', 'Lyon', 'FR', 'billing' || g || '@client.test'
                    FROM generate_series(1, 20) g""");
            s.execute("INSERT INTO consultant (code, name, email) SELECT 'c-' || g, 'Consultant ' || g, "
                    + "'c' || g || '@bench.test' FROM generate_series(1, " + n + ") g");
            s.execute("""
                    INSERT INTO contract (code, seller_code, client_code, label, daily_rate, currency, hours_per_day,
                                          vat_regime, vat_rate, payment_terms_days, validation_deadline_days)
                    SELECT 'k-' || g, 'bench', 'client-' || (1 + mod(g, 20)), 'Mission ' || g, 600, 'EUR', 7, 'STANDARD',
                           20, 30, 5
                    FROM generate_series(1, %d) g""".formatted(n));
            s.execute("INSERT INTO contract_consultant SELECT 'k-' || g, 'c-' || g FROM generate_series(1, " + n + ") g");
            s.execute("""
                    INSERT INTO time_entry (source, external_id, consultant_code, contract_code, project, work_date, hours)
                    SELECT 'bench', g || '-' || d || '-' || k, 'c-' || g, 'k-' || g, 'Mission ' || g, d, 2.5
                    FROM generate_series(1, %d) g,
                         generate_series(DATE '%s', DATE '%s', INTERVAL '1 day') d,
                         generate_series(1, 3) k
                    WHERE extract(isodow FROM d) < 6""".formatted(n, first, last));
            s.execute("""
                    INSERT INTO cra (contract_code, month, version, status, total_hours, total_days, validation_deadline,
                                     xml, pdf, sha256, facts_sha256, pdf_sha256, approved_at, approved_by)
                    SELECT 'k-' || g, to_char(m, 'YYYY-MM'), 1, 'APPROVED', 165, 22, (m + INTERVAL '1 month')::date,
                           '<cra/>', %s, md5(g || '-' || m) || md5(m || '-' || g), md5(g::text) || md5(m::text),
                           md5(m::text) || md5(g::text), m + INTERVAL '1 month', 'bench'
                    FROM generate_series(1, %d) g,
                         generate_series(DATE '%s', DATE '%s', INTERVAL '1 month') m""".formatted(pdf, n, first, last));
            s.execute("""
                    INSERT INTO invoice (seller_code, series, sequence_number, number, client_code, contract_code, cra_id,
                                         month, issue_date, due_date, currency, total_net, total_vat, total_gross, xml,
                                         pdf, sha256)
                    SELECT 'bench', '2025', row_number() OVER (ORDER BY c.id),
                           'B2025-' || lpad((row_number() OVER (ORDER BY c.id))::text, 6, '0'),
                           k.client_code, c.contract_code, c.id, c.month, c.validation_deadline,
                           c.validation_deadline + 30, 'EUR', 13200, 2640, 15840, '<invoice/>', c.pdf, c.sha256
                    FROM cra c JOIN contract k ON k.code = c.contract_code""");
            s.execute("INSERT INTO invoice_sequence (seller_code, series, last_number) "
                    + "SELECT 'bench', '2025', count(*) FROM invoice");
            c.commit();
            s.execute("ANALYZE");
        }
    }

    /** The markdown of the section {@code bench:startup}. */
    static String report(Config config, String command, List<Start> empty, List<Start> year, String loadBefore,
                         String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("## Start-up\n\n");
        md.append("From `java -jar` (options `").append(String.join(" ", config.jvmOptions()))
                .append("`) to the first 200 of `/actuator/health`, embedded PostgreSQL. Each empty-home start is on a new ")
                .append("home (initdb, migrations, home defaults included); the year home holds ").append(config.months())
                .append(" months × ").append(config.contracts())
                .append(" contracts (time entries 3 a working day, one approved CRA and one invoice a contract a month, ")
                .append("32 KB of PDF each), loaded once by SQL after a first start.\n\n");
        md.append("- Date: ").append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append('\n');
        md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append('\n');
        md.append("- Load average (1, 5, 15 min) before / after: ").append(loadBefore).append(" / ").append(loadAfter)
                .append(" (other builds share the machine: figures are indicative)\n");
        md.append("- Command: `").append(command).append("`\n\n");
        md.append("| home | starts | healthy min (s) | median (s) | max (s) |\n|---|---:|---:|---:|---:|\n");
        row(md, "empty", empty);
        row(md, "a year of data", year);
        md.append("\nPhases (median over the starts, seconds from launch, from the hub's log):\n\n| phase ends |");
        md.append(" empty home | year home |\n|---|---:|---:|\n");
        for (String phase : PHASES.keySet()) {
            md.append("| ").append(phase).append(" | ").append(medianPhase(empty, phase)).append(" | ")
                    .append(medianPhase(year, phase)).append(" |\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, List<Start> starts) {
        if (starts.isEmpty()) {
            return;
        }
        List<Long> ms = starts.stream().map(Start::healthyMs).sorted().toList();
        md.append("| ").append(name).append(" | ").append(ms.size()).append(" | ").append(seconds(ms.get(0)))
                .append(" | ").append(seconds(median(ms))).append(" | ").append(seconds(ms.get(ms.size() - 1)))
                .append(" |\n");
    }

    private static String medianPhase(List<Start> starts, String phase) {
        List<Long> ms = starts.stream().map(s -> s.phases().getOrDefault(phase, -1L)).filter(v -> v >= 0).sorted().toList();
        return ms.isEmpty() ? "–" : seconds(median(ms));
    }

    private static long median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private Hub launch(Path home) throws IOException {
        Files.createDirectories(home);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int n = 1;
        while (Files.exists(home.resolve("hub-" + n + ".log"))) {
            n++;
        }
        Path log = home.resolve("hub-" + n + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(config.jvmOptions());
        command.add("-jar");
        command.add(config.jar().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("CRAHUB_"));
        env.put("CRAHUB_HOME", home.toString());
        env.put("PORT", Integer.toString(port));
        env.put("CRAHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Instant launched = Instant.now();
        long began = System.nanoTime();
        return new Hub(builder.start(), port, log, launched, began);
    }

    private record Hub(Process process, int port, Path log, Instant launched, long began) {

        long awaitHealthy() throws Exception {
            long deadline = began + TimeUnit.MINUTES.toNanos(5);
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("hub exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("hub not healthy within 5 minutes; see " + log);
        }

        Map<String, Long> phases() throws IOException {
            Map<String, Long> found = new LinkedHashMap<>();
            PHASES.keySet().forEach(k -> found.put(k, -1L));
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher time = TIMESTAMP.matcher(line);
                if (!time.find()) {
                    continue;
                }
                for (Map.Entry<String, Pattern> phase : PHASES.entrySet()) {
                    if (found.get(phase.getKey()) < 0 && phase.getValue().matcher(line).find()) {
                        Instant at = OffsetDateTime.parse(time.group(1)).toInstant();
                        found.put(phase.getKey(), Duration.between(launched, at).toMillis());
                    }
                }
            }
            return found;
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: the hub stops its PostgreSQL
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
