package dev.crahub.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.crahub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a unit test: the cost of authentication, run by {@code mvn -B -Pbench test -Dtest=AuthBenchmark} only. The
 * whole hub on loopback; a small client harness (100 concurrent clients on keep-alive connections, each phase
 * bounded in time and in requests) measures an anonymous GET of the health status, an authenticated GET of the API
 * (HTTP Basic on every call, as API clients send it), and the same authenticated GET while wrong passwords flood in
 * from one address, then from 200 addresses. Writes its section of {@code src/site/markdown/benchmarks.md}.
 */
class AuthBenchmark extends HubTestSupport {

    static final int CLIENTS = Integer.getInteger("bench.clients", 100);
    static final Duration PHASE = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    static final int MAX_REQUESTS = Integer.getInteger("bench.maxRequests", 100_000);
    static final int FLOOD_THREADS = 20;

    @LocalServerPort
    int port;

    record Result(String name, int clients, long requests, long errors, double seconds, long p50, long p99) {
        double perSecond() {
            return requests / seconds;
        }
    }

    @Test
    void authenticatedCallsCostLittleAndFloodsDoNotSlowRealUsers() throws Exception {
        String authorization = basic("billing", BILLING_PASSWORD);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).build();
        String base = "http://127.0.0.1:" + port;
        // warm-up: JIT, connection pool, the first (bcrypt) verification of the pair
        run(http, "warm-up", base + "/api/referential/sellers", authorization, Duration.ofSeconds(3));
        run(http, "warm-up", base + "/actuator/health", null, Duration.ofSeconds(3));

        Result health = run(http, "anonymous `GET /actuator/health`", base + "/actuator/health", null, PHASE);
        Result api = run(http, "authenticated `GET /api/referential/sellers`", base + "/api/referential/sellers",
                authorization, PHASE);

        Map<Integer, LongAdder> oneAddress = new TreeMap<>();
        Result underFlood = withFlood(oneAddress, 1, () -> run(http,
                "authenticated, during a flood of wrong passwords from 1 address", base + "/api/referential/sellers",
                authorization, PHASE));
        Map<Integer, LongAdder> manyAddresses = new TreeMap<>();
        Result underDistributedFlood = withFlood(manyAddresses, 200, () -> run(http,
                "authenticated, during a flood of wrong passwords from 200 addresses", base + "/api/referential/sellers",
                authorization, PHASE));

        assertThat(api.errors()).isZero();
        assertThat(underFlood.errors()).isZero();
        assertThat(oneAddress).containsKey(429);

        String report = """
                ## Authentication cost

                The whole hub on loopback (`AuthBenchmark`); %d concurrent clients on keep-alive connections
                (`java.net.http`), each phase %d s or %,d requests at most. API clients send HTTP Basic on every call:
                bcrypt runs at the first call of a user/password pair, then a keyed-hash lookup accepts it for 5 minutes
                (ADR 0008). The floods are %d threads sending wrong passwords for `billing` as fast as they can, each
                request on a new connection from a loopback address of its own (`127.0.2.x`).

                | phase | clients | requests | requests/s | p50 | p99 | errors |
                |---|---|---|---|---|---|---|
                %s
                %s
                %s
                %s

                Answers to the flood from one address: %s. From 200 addresses: %s (401: bcrypt ran, 429: throttled
                without hashing, 503: the bcrypt slots, %d on this machine, were busy for a second).

                Health is slower than the API call because every call runs all health indicators (database, disk space,
                Camel). Before (issue 6, bcrypt on every call): 23 requests/s authenticated against 427 for health, and 3.4 s
                per real call during a flood.

                Measured %s on %d cores (%s, Java %s, %s), shared with other builds: figures are indicative.

                Reproduce:

                ```
                mvn -B -Pbench test -Dtest=AuthBenchmark
                # other load: -Dbench.clients=50 -Dbench.seconds=20
                ```
                """.formatted(CLIENTS, PHASE.toSeconds(), MAX_REQUESTS, FLOOD_THREADS,
                row(health), row(api), row(underFlood), row(underDistributedFlood),
                answers(oneAddress), answers(manyAddresses), Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                OffsetDateTime.now(ZoneOffset.UTC).withNano(0), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-Xmx")).findFirst().orElse("no -Xmx"));
        BenchReport.section(Path.of(System.getProperty("bench.report", "src/site/markdown/benchmarks.md")), "auth", report);
        System.out.println(report);
    }

    private Result run(HttpClient http, String name, String url, String authorization, Duration phase)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger budget = new AtomicInteger(MAX_REQUESTS);
        long deadline = System.nanoTime() + phase.toNanos();
        List<Future<long[]>> latencies = new ArrayList<>();
        LongAdder errors = new LongAdder();
        long t0 = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            latencies.add(clients.submit(() -> {
                long[] own = new long[1024];
                int n = 0;
                while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (answer.statusCode() != 200) {
                            errors.increment();
                        }
                    } catch (IOException e) {
                        errors.increment();
                    }
                    if (n == own.length) {
                        own = Arrays.copyOf(own, n * 2);
                    }
                    own[n++] = System.nanoTime() - start;
                }
                return Arrays.copyOf(own, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : latencies) {
            all.add(f.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        clients.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long p50 = merged.length == 0 ? 0 : merged[merged.length / 2] / 1_000_000;
        long p99 = merged.length == 0 ? 0 : merged[(int) (merged.length * 0.99)] / 1_000_000;
        return new Result(name, CLIENTS, merged.length, errors.sum(), seconds, p50, p99);
    }

    interface Phase {
        Result run() throws Exception;
    }

    private Result withFlood(Map<Integer, LongAdder> answers, int addresses, Phase phase) throws Exception {
        AtomicBoolean flooding = new AtomicBoolean(true);
        Map<Integer, LongAdder> counts = new ConcurrentHashMap<>();
        ExecutorService flood = Executors.newFixedThreadPool(FLOOD_THREADS);
        AtomicInteger sequence = new AtomicInteger();
        for (int t = 0; t < FLOOD_THREADS; t++) {
            flood.submit(() -> {
                while (flooding.get()) {
                    int i = sequence.incrementAndGet();
                    String from = "127.0.2." + (1 + i % addresses);
                    int status = guess(from, "billing", "guess-" + i);
                    counts.computeIfAbsent(status, k -> new LongAdder()).increment();
                }
                return null;
            });
        }
        try {
            return phase.run();
        } finally {
            flooding.set(false);
            flood.shutdown();
            flood.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            answers.putAll(counts);
        }
    }

    private int guess(String from, String user, String password) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(30_000);
            String request = "GET /api/referential/sellers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: " + basic(user, password) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] head = socket.getInputStream().readNBytes(12);
            socket.getInputStream().readAllBytes();
            return Integer.parseInt(new String(head, StandardCharsets.ISO_8859_1).substring(9, 12));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String row(Result r) {
        return "| %s | %d | %,d | %,.0f | %d ms | %d ms | %d |".formatted(r.name(), r.clients(), r.requests(),
                r.perSecond(), r.p50(), r.p99(), r.errors());
    }

    private static String answers(Map<Integer, LongAdder> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((status, n) -> sb.append(sb.isEmpty() ? "" : ", ")
                .append(status == -1 ? "no answer" : status.toString()).append(" × ").append("%,d".formatted(n.sum())));
        return sb.isEmpty() ? "none" : sb.toString();
    }
}
