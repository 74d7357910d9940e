package dev.crahub.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.crahub.HubTestSupport;
import dev.crahub.cra.ValidationTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a unit test: the client's validation page under load and single API calls on one document, run by
 * {@code mvn -B -Pbench test -Dtest=ValidationPageBenchmark} only. The whole hub on loopback with many CRAs (200 by
 * default, one contract and consultant each, every working day of the month in three sessions), each with a link of
 * its own. The page: a closed loop of N clients, each on its own keep-alive connection (a small blocking HTTP/1.1
 * client, so that the client costs the 2 cores as little as possible), each phase bounded in time and requests, every
 * request a random link. The API: one call at a time, its {@code Server-Timing} (ADR 0033) and client time. Writes the
 * sections {@code validation-page} and {@code api-calls} of {@code src/site/markdown/benchmarks.md}.
 * <p>
 * {@code BenchmarksSmokeTests} runs it tiny ({@link #options()} overridden): counts and shape, never timings.
 */
class ValidationPageBenchmark extends HubTestSupport {

    /** What a run does; the bench's defaults from system properties. */
    record Options(String month, int contracts, int clients, Duration phase, int maxRequests, int calls,
                   Duration warmUp, Path report, String label) {
    }

    Options options() {
        return new Options(System.getProperty("bench.month", "2024-05"), Integer.getInteger("bench.contracts", 200),
                Integer.getInteger("bench.clients", 10), Duration.ofSeconds(Long.getLong("bench.seconds", 10)),
                Integer.getInteger("bench.maxRequests", 100_000), Integer.getInteger("bench.calls", 200),
                Duration.ofSeconds(Long.getLong("bench.warmup", 8)),
                Path.of(System.getProperty("bench.report", "src/site/markdown/benchmarks.md")), "ValidationPageBenchmark");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ValidationTokens tokens;

    /** One load phase's outcome. */
    record Load(String name, int clients, long requests, long errors, double seconds, double p50, double p99,
                double serverP50, double serverP99, long bytes) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /** One API call's outcome over its repetitions (milliseconds). */
    record Calls(String name, int calls, long errors, double serverP50, double serverP99, double serverMax,
                 double clientP50, double clientP99) {
    }

    /** Everything a run measured (the smoke test checks the counts). */
    record Outcome(List<Long> cras, List<Load> loads, List<Calls> calls, String report) {
    }

    @Test
    void theValidationPageAndSingleApiCalls() throws Exception {
        Options o = options();
        long t0 = System.nanoTime();
        List<Long> cras = load(o);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(cras).hasSize(o.contracts());

        OffsetDateTime now = OffsetDateTime.now();
        List<String> valid = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (long cra : cras) {
            valid.add(tokens.issue(cra, "Claire Bench", "claire.bench@globex.example", now).token());
            expired.add(tokens.issue(cra, "Claire Bench", "claire.bench@globex.example", now.minusDays(40)).token());
        }
        Random random = new Random(12);
        List<String> tampered = new ArrayList<>();
        for (String t : valid) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            // a well-formed token whose MAC is wrong, and garbage
            tampered.add(t.substring(0, t.indexOf('.') + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            tampered.add("x" + Integer.toHexString(random.nextInt()));
        }

        // the page: first warm up (JIT, pools), then the phases
        phase(o, "warm-up", o.clients(), i -> "/validation/" + valid.get(i % valid.size()), 200, o.warmUp());
        List<Load> loads = new ArrayList<>();
        loads.add(phase(o, "`GET /validation/<token>` (valid link, the page)", o.clients(),
                i -> "/validation/" + valid.get(i % valid.size()), 200, o.phase()));
        loads.add(phase(o, "same, 5x the clients", o.clients() * 5,
                i -> "/validation/" + valid.get(i % valid.size()), 200, o.phase()));
        loads.add(phase(o, "`GET /validation/<token>/pdf` (the page's one linked file)", o.clients(),
                i -> "/validation/" + valid.get(i % valid.size()) + "/pdf", 200, o.phase()));
        loads.add(phase(o, "expired links (410 page)", o.clients(),
                i -> "/validation/" + expired.get(i % expired.size()), 410, o.phase()));
        loads.add(phase(o, "tampered and garbage links (404 page)", o.clients(),
                i -> "/validation/" + tampered.get(i % tampered.size()), 404, o.phase()));
        for (Load l : loads) {
            assertThat(l.errors()).as(l.name()).isZero();
            assertThat(l.requests()).as(l.name()).isPositive();
        }
        String wrk = wrk(o, valid);
        long opened = jdbc.sql("SELECT count(*) FROM cra_event e JOIN cra c ON c.id = e.cra_id WHERE c.month = :m AND e.kind = 'OPENED'")
                .param("m", o.month()).query(Long.class).single();
        assertThat(opened).isGreaterThanOrEqualTo(loads.get(0).requests() + loads.get(1).requests());

        // single calls, one at a time
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String admin = basic("admin", ADMIN_PASSWORD);
        int n = Math.min(o.calls(), cras.size());
        List<Calls> calls = new ArrayList<>();
        call(http, admin, "GET", "/api/cras/" + cras.get(0), null, 200); // the first verification of the pair (bcrypt), not counted
        calls.add(repeat("`GET /api/cras/{id}`", o.calls(), i -> call(http, admin, "GET",
                "/api/cras/" + cras.get(i % cras.size()), null, 200)));
        calls.add(repeat("`GET /validation/<token>` (the page, alone)", o.calls(), i -> call(http, null, "GET",
                "/validation/" + valid.get(i % valid.size()), null, 200)));
        // approvals: the first half through the API, the second through the page's form
        int half = n / 2;
        calls.add(repeat("`POST /api/cras/{id}/approve`", half, i -> call(http, admin, "POST",
                "/api/cras/" + cras.get(i) + "/approve", "{\"reason\":\"Approved by phone (bench)\"}", 200)));
        calls.add(repeat("`POST /validation/<token>` (approve on the page)", n - half,
                i -> approveOnPage(http, valid.get(half + i))));
        long decided = jdbc.sql("SELECT count(*) FROM cra_decision d JOIN cra c ON c.id = d.cra_id WHERE c.month = :m")
                .param("m", o.month()).query(Long.class).single();
        assertThat(decided).isEqualTo(n);
        // the rest approved as the page would not be measured
        for (int i = n; i < cras.size(); i++) {
            approve(cras.get(i), "bench");
        }

        // invoices of the month, their e-invoices built (so that nothing runs behind the calls), a dispatch dry run
        assertThat(admin().postForEntity("/api/months/" + o.month() + "/invoices", null, Map.class).getStatusCode().value())
                .isEqualTo(200);
        awaitValidEInvoices(o.month());
        List<Long> invoices = jdbc.sql("SELECT id FROM invoice WHERE month = :m ORDER BY id").param("m", o.month())
                .query(Long.class).list();
        assertThat(invoices).hasSize(cras.size());
        Map<String, Object> run = dispatchMonth(o.month(), Map.of("dryRun", true));
        long runId = ((Number) run.get("id")).longValue();
        calls.add(repeat("`GET /api/invoices/{id}`", o.calls(), i -> call(http, admin, "GET",
                "/api/invoices/" + invoices.get(i % invoices.size()), null, 200)));
        calls.add(repeat("`GET /api/invoices/{id}/pdf`", o.calls(), i -> call(http, admin, "GET",
                "/api/invoices/" + invoices.get(i % invoices.size()) + "/pdf", null, 200)));
        calls.add(repeat("`GET /api/cras/{id}/pdf` (decided)", o.calls(), i -> call(http, admin, "GET",
                "/api/cras/" + cras.get(i % cras.size()) + "/pdf", null, 200)));
        calls.add(repeat("`GET /api/dispatches/{id}` (a run of " + invoices.size() + " documents)", o.calls(),
                i -> call(http, admin, "GET", "/api/dispatches/" + runId, null, 200)));
        for (Calls c : calls) {
            assertThat(c.errors()).as(c.name()).isZero();
        }

        String report = report(o, cras.size(), loadSeconds, loads, calls, wrk);
        System.out.println(report);
        done(new Outcome(cras, loads, calls, report));
    }

    /** What a subclass checks of a run (the smoke test: counts and shape). */
    void done(Outcome outcome) throws Exception {
    }

    // ------------------------------------------------------------------------------------------------- data

    /** The referential, the time of the month and its CRAs built, put in SENT with a far deadline; their ids. */
    private List<Long> load(Options o) {
        YearMonth month = YearMonth.parse(o.month());
        String tag = "vp" + o.month().replace("-", "");
        StringBuilder yaml = new StringBuilder("""
                sellers:
                  - code: %1$s-acme
                    name: ACME Conseil SAS
                    legalForm: SAS
                    shareCapital: 10000
                    registration: RCS Paris 123 456 782
                    siren: "123456782"
                    vatNumber: FR11123456782
                    address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                    email: facturation@acme.example
                    iban: FR7630006000011234567890189
                    bic: AGRIFRPP
                    invoicePrefix: %2$s
                clients:
                  - code: %1$s-globex
                    name: Globex France SA
                    siren: "987654324"
                    vatNumber: FR14987654324
                    address: {lines: ["Tour Horizon"], postcode: "92800", city: Puteaux, country: FR}
                    language: fr
                    approver: {name: Claire Bench, email: claire.bench@globex.example}
                    billing: {name: Comptabilité, email: factures@globex.example}
                consultants:
                """.formatted(tag, tag.toUpperCase()));
        for (int i = 0; i < o.contracts(); i++) {
            yaml.append("  - {code: %1$s-c%2$d, name: Consultant %2$d, trackers: [{source: \"*\", user: %1$s-c%2$d}]}\n"
                    .formatted(tag, i));
        }
        yaml.append("contracts:\n");
        for (int i = 0; i < o.contracts(); i++) {
            yaml.append("""
                      - {code: %1$s-k%2$d, seller: %1$s-acme, client: %1$s-globex, label: Plateforme %2$d, consultants: [%1$s-c%2$d], dailyRate: 650.00, currency: EUR, hoursPerDay: 8, vatRegime: STANDARD, vatRate: 20.00, paymentTermsDays: 30, validationDeadlineDays: 5, trackers: [{source: %1$s, project: P%2$d}]}
                    """.formatted(tag, i));
        }
        HttpHeaders yamlType = new HttpHeaders();
        yamlType.setContentType(MediaType.parseMediaType("application/yaml"));
        assertThat(admin().postForEntity("/api/referential", new HttpEntity<>(yaml.toString(), yamlType), String.class)
                .getStatusCode().value()).isEqualTo(200);
        String[] comments = {"Atelier de cadrage", "Développement du connecteur", "Revue de code", "Recette bout en bout"};
        for (int i = 0; i < o.contracts(); i++) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
                if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    continue;
                }
                double[] hours = {3.5, 2.5, 2};
                for (int s = 0; s < hours.length; s++) {
                    entries.add(Map.of("id", tag + "-" + i + "-" + d + "-" + s, "user", Map.of("id", tag + "-c" + i),
                            "project", "P" + i, "date", d.toString(), "hours", hours[s],
                            "comment", comments[(d.getDayOfMonth() + s) % comments.length]));
                }
            }
            assertThat(admin().postForEntity("/api/time-entries", Map.of("source", tag, "entries", entries), Map.class)
                    .getStatusCode().value()).isEqualTo(200);
        }
        assertThat(admin().postForEntity("/api/months/" + o.month() + "/cras", null, Map.class).getStatusCode().value())
                .isEqualTo(200);
        jdbc.sql("""
                UPDATE cra SET status = 'SENT', sent_at = coalesce(sent_at, now()), validation_deadline = current_date + 60,
                       escalated_at = coalesce(escalated_at, now())
                WHERE month = :m AND contract_code LIKE :tag AND status IN ('DRAFT', 'SENT')
                """).param("m", o.month()).param("tag", tag + "-k%").update();
        return jdbc.sql("SELECT id FROM cra WHERE month = :m AND contract_code LIKE :tag AND status = 'SENT' ORDER BY id")
                .param("m", o.month()).param("tag", tag + "-k%").query(Long.class).list();
    }

    // ------------------------------------------------------------------------------------------------- load

    /** A closed loop: each client sends its next request when the previous answer is read, on one connection. */
    private Load phase(Options o, String name, int clients, IntFunction<String> paths, int expected, Duration length)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger budget = new AtomicInteger(o.maxRequests());
        long deadline = System.nanoTime() + length.toNanos();
        LongAdder errors = new LongAdder();
        LongAdder bytes = new LongAdder();
        List<Future<long[][]>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] own = new long[1024];
                long[] server = new long[1024];
                int count = 0;
                KeepAlive connection = null;
                while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                    String path = paths.apply(ThreadLocalRandom.current().nextInt(1 << 20));
                    long start = System.nanoTime();
                    long serverMicros = -1;
                    try {
                        if (connection == null) {
                            connection = new KeepAlive(port);
                        }
                        KeepAlive.Answer answer = connection.get(path);
                        if (answer.status() != expected) {
                            errors.increment();
                        }
                        bytes.add(answer.length());
                        serverMicros = answer.serverMicros();
                        if (answer.close()) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        errors.increment();
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                    if (count == own.length) {
                        own = Arrays.copyOf(own, count * 2);
                        server = Arrays.copyOf(server, count * 2);
                    }
                    server[count] = serverMicros;
                    own[count++] = System.nanoTime() - start;
                }
                if (connection != null) {
                    connection.close();
                }
                return new long[][] {Arrays.copyOf(own, count), Arrays.copyOf(server, count)};
            }));
        }
        List<long[]> all = new ArrayList<>();
        List<long[]> allServer = new ArrayList<>();
        for (Future<long[][]> f : futures) {
            long[][] r = f.get();
            all.add(r[0]);
            allServer.add(r[1]);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long[] mergedServer = allServer.stream().flatMapToLong(Arrays::stream).filter(v -> v >= 0).sorted().toArray();
        return new Load(name, clients, merged.length, errors.sum(), seconds, pct(merged, 0.5) / 1e6,
                pct(merged, 0.99) / 1e6, pct(mergedServer, 0.5) / 1e3, pct(mergedServer, 0.99) / 1e3, bytes.sum());
    }

    private static long pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
    }

    /** A minimal HTTP/1.1 client on one kept-alive socket: GET, status, headers, body by length or chunks. */
    static final class KeepAlive {

        record Answer(int status, long length, long serverMicros, boolean close) {
        }

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        KeepAlive(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        Answer get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: ValidationPageBenchmark\r\n"
                    + "Accept: text/html\r\nAccept-Language: fr-FR,fr;q=0.9\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            if (status == null || status.length() < 12) {
                throw new IOException("no answer");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            long server = -1;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String key = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (key) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "server-timing" -> server = serverMicros(value);
                    default -> { }
                }
            }
            long read = 0;
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    read += skip(size);
                    line();
                }
                for (String t = line(); t != null && !t.isEmpty(); t = line()) {
                    // trailers
                }
            } else if (length > 0) {
                read = skip(length);
            }
            return new Answer(code, read, server, close);
        }

        private long skip(long n) throws IOException {
            long left = n;
            byte[] buffer = new byte[8192];
            while (left > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (r < 0) {
                    throw new IOException("connection closed in a body");
                }
                left -= r;
            }
            return n;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                sb.append((char) b);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static final Pattern DUR = Pattern.compile("dur=([0-9.]+)");

    /** {@code app;dur=12.3} in microseconds; -1 without one. */
    static long serverMicros(String header) {
        if (header == null) {
            return -1;
        }
        Matcher m = DUR.matcher(header);
        return m.find() ? Math.round(Double.parseDouble(m.group(1)) * 1000) : -1;
    }

    // ------------------------------------------------------------------------------------------------- calls

    /** A measured call: {server µs, client µs, 1 when the status is not the expected one}. */
    interface Call {
        long[] run(int i) throws Exception;
    }

    private static Calls repeat(String name, int times, Call call) throws Exception {
        long[] server = new long[times];
        long[] client = new long[times];
        long errors = 0;
        for (int i = 0; i < times; i++) {
            long[] r = call.run(i);
            server[i] = r[0];
            client[i] = r[1];
            errors += r[2];
        }
        long[] s = Arrays.stream(server).filter(v -> v >= 0).sorted().toArray();
        errors += times - s.length; // a call without Server-Timing is an error of the measure
        Arrays.sort(client);
        return new Calls(name, times, errors, pct(s, 0.5) / 1e3, pct(s, 0.99) / 1e3,
                s.length == 0 ? 0 : s[s.length - 1] / 1e3, pct(client, 0.5) / 1e3, pct(client, 0.99) / 1e3);
    }

    private long[] call(HttpClient http, String authorization, String method, String path, String json, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return timed(http, request.build(), expected);
    }

    private static long[] timed(HttpClient http, HttpRequest request, int expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long client = (System.nanoTime() - start) / 1_000;
        return new long[] {serverMicros(answer.headers().firstValue("Server-Timing").orElse(null)), client,
                answer.statusCode() == expected ? 0 : 1};
    }

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Opens the page as the approver's browser does (not measured), then approves (measured: the POST). */
    private long[] approveOnPage(HttpClient http, String token) throws Exception {
        URI page = URI.create("http://127.0.0.1:" + port + "/validation/" + token);
        HttpResponse<String> opened = http.send(HttpRequest.newBuilder(page).header("User-Agent", "ValidationPageBenchmark")
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF_FIELD.matcher(opened.body());
        if (opened.statusCode() != 200 || !m.find()) {
            return new long[] {-1, 0, 1};
        }
        if (opened.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID"))
                || !opened.headers().firstValue("Cache-Control").orElse("").contains("no-store")) {
            return new long[] {-1, 0, 1}; // the page opens no session and is never cached
        }
        String cookie = opened.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("crahub-validation-csrf="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse("");
        String body = "_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&decision=APPROVE&comment=";
        return timed(http, HttpRequest.newBuilder(page).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie).header("User-Agent", "ValidationPageBenchmark")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 303);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------- report

    /**
     * A second opinion, only with {@code -Dbench.wrk=/usr/bin/wrk}: wrk (another process, 2 threads, as many
     * connections as clients) on the same links for the phase's length; its summary lines, or null.
     */
    private String wrk(Options o, List<String> valid) throws Exception {
        String wrk = System.getProperty("bench.wrk");
        if (wrk == null || wrk.isBlank() || !java.nio.file.Files.isExecutable(Path.of(wrk))) {
            return null;
        }
        Path script = java.nio.file.Files.createTempFile("validation-page-", ".lua");
        StringBuilder lua = new StringBuilder("local paths = {\n");
        for (String t : valid) {
            lua.append("  \"/validation/").append(t).append("\",\n");
        }
        lua.append("""
                }
                math.randomseed(12)
                request = function()
                  return wrk.format("GET", paths[math.random(#paths)], {["Accept-Language"] = "fr-FR"})
                end
                """);
        java.nio.file.Files.writeString(script, lua);
        Process p = new ProcessBuilder(wrk, "-t2", "-c" + o.clients(), "-d" + o.phase().toSeconds() + "s", "--latency",
                "-s", script.toString(), "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        java.nio.file.Files.deleteIfExists(script);
        return out.lines().filter(l -> l.contains("Requests/sec") || l.matches("\\s+(50|99)%.*")
                        || l.contains("requests in") || l.contains("Non-2xx") || l.contains("Socket errors"))
                .map(String::strip).reduce((a, b) -> a + "; " + b).orElse(out.strip());
    }

    private String report(Options o, int cras, double loadSeconds, List<Load> loads, List<Calls> calls, String wrk)
            throws IOException {
        StringBuilder pageRows = new StringBuilder();
        for (Load l : loads) {
            pageRows.append("| %s | %d | %,d | **%,.0f** | %.1f ms | **%.1f ms** | %.1f ms | %.1f ms | %,.0f | %d |\n".formatted(
                    l.name(), l.clients(), l.requests(), l.perSecond(), l.p50(), l.p99(), l.serverP50(), l.serverP99(),
                    l.requests() == 0 ? 0.0 : (double) l.bytes() / l.requests(), l.errors()));
        }
        Load page = loads.get(0);
        String verdict = page.perSecond() >= 500 && page.p99() < 50
                ? "met (%,.0f requests/s, p99 %.1f ms)".formatted(page.perSecond(), page.p99())
                : "**missed** (%,.0f requests/s against 500, p99 %.1f ms against 50)".formatted(page.perSecond(), page.p99());
        String load = "";
        try {
            load = ", load average at the end " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        String machine = "Measured %s on %d cores (%s, Java %s, %s%s), shared with other builds: figures are indicative."
                .formatted(OffsetDateTime.now(ZoneOffset.UTC).withNano(0), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.name"), System.getProperty("java.version"),
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> a.startsWith("-Xmx")).findFirst().orElse("no -Xmx"), load);
        String pageSection = """
                ## Validation page

                The whole hub on loopback (`%s`), %d CRAs of %s (one contract each, every working day in three sessions),
                one link each (and one expired link each), built through the API before the clock starts (%.0f s). A
                closed loop of clients, each on its own keep-alive connection (a blocking HTTP/1.1 client of a few lines,
                in the hub's JVM: the load tool shares the 2 cores), each request a random link, each phase %d s or
                %,d requests at most, after %d s of warm-up. Every valid `GET` is an audit event (`OPENED`, one insert
                and one update, committed). The page loads no file: its style is inline (CSP nonce), it has no script
                and no image; the PDF link is its one other address, measured apart. Server time: the `Server-Timing`
                header (ADR 0033).

                Target (≥ 500 requests/s, p99 < 50 ms, %d clients): %s.

                | phase | clients | requests | requests/s | p50 | p99 | server p50 | server p99 | bytes/answer | errors |
                |---|---|---|---|---|---|---|---|---|---|
                %s
                %s
                %s

                Reproduce:

                ```
                mvn -B -Pbench test -Dtest=ValidationPageBenchmark -Dbench.wrk=/usr/bin/wrk
                # other load: -Dbench.clients=20 -Dbench.seconds=20 -Dbench.contracts=500
                ```
                """.formatted(o.label(), cras, o.month(), loadSeconds, o.phase().toSeconds(), o.maxRequests(),
                o.warmUp().toSeconds(), o.clients(), verdict, pageRows.toString().strip(),
                wrk == null ? "" : "\nSecond opinion, `wrk -t2 -c%d -d%ds --latency` on the same valid links, after the phases above: %s.\n"
                        .formatted(o.clients(), o.phase().toSeconds(), wrk), machine);
        StringBuilder callRows = new StringBuilder();
        for (Calls c : calls) {
            callRows.append("| %s | %d | %.1f ms | **%.1f ms** | %.1f ms | %.1f ms | %.1f ms | %d |\n".formatted(c.name(),
                    c.calls(), c.serverP50(), c.serverP99(), c.serverMax(), c.clientP50(), c.clientP99(), c.errors()));
        }
        long over = calls.stream().filter(c -> c.serverP99() >= 20).count();
        String callSection = """
                ## Single API calls on one document

                The same run, after the page: one call at a time (one client, `java.net.http`, keep-alive), each %d
                times on different documents where the call changes one (approvals) and round-robin otherwise. Server
                time: the `Server-Timing: app;dur=…` header (ADR 0033), from the first filter (authentication included)
                to the first byte of the answer. API calls send HTTP Basic each time, as API clients do (the pair's
                first bcrypt verification is made before, ADR 0008). An approval through the page is measured on its
                `POST` alone (the page opened before, as the approver's browser did). Then the month's invoices issued,
                their e-invoices built and validated (nothing runs behind the calls), and a dispatch run (dry run) of
                them all.

                Target: every call under 20 ms of server time; p99 at or over 20 ms: %s.

                | call | calls | server p50 | server p99 | server max | client p50 | client p99 | errors |
                |---|---|---|---|---|---|---|---|
                %s

                %s

                Reproduce: `mvn -B -Pbench test -Dtest=ValidationPageBenchmark` (`-Dbench.calls=500`).
                """.formatted(o.calls(), over == 0 ? "none" : over + " of " + calls.size(), callRows.toString().strip(),
                machine);
        BenchReport.section(o.report(), "validation-page", pageSection);
        BenchReport.section(o.report(), "api-calls", callSection);
        return pageSection + "\n" + callSection;
    }
}
