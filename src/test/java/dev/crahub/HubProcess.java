package dev.crahub;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packaged hub ({@code java -jar target/crahub-*.jar}) in a process of its own, on a given home, for the crash
 * tests: started, waited for, called over HTTP, and killed with SIGKILL together with (or without) its embedded
 * PostgreSQL. Only processes started here are ever killed.
 */
final class HubProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "crash-admin-pw";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path home;
    final int port;
    final Process process;
    final Path output;
    private final List<ProcessHandle> postmasters = new ArrayList<>();

    private HubProcess(Path home, int port, Process process, Path output) {
        this.home = home;
        this.port = port;
        this.process = process;
        this.output = output;
    }

    static Path jar() {
        String jar = System.getProperty("crahub.jar");
        if (jar == null) {
            throw new IllegalStateException("system property crahub.jar not set (run with mvn verify)");
        }
        return Path.of(jar);
    }

    /** The JVM options of the packaged start (pom property {@code crahub.jvm.options}, passed by failsafe). */
    static List<String> packagedJvmOptions() {
        String options = System.getProperty("crahub.jvm.options");
        if (options == null || options.isBlank()) {
            throw new IllegalStateException("system property crahub.jvm.options not set (run with mvn verify)");
        }
        return List.of(options.trim().split("\\s+"));
    }

    /** Starts a hub on the home; its output goes to {@code <home>/hub-<n>.log}. */
    static HubProcess start(Path home, Map<String, String> env) throws IOException {
        int port = freePort();
        Files.createDirectories(home);
        int n = 1;
        while (Files.exists(home.resolve("hub-" + n + ".log"))) {
            n++;
        }
        Path output = home.resolve("hub-" + n + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        // the packaged start's options (-XX:+ExitOnOutOfMemoryError, heap), then a faster start for short-lived hubs
        command.addAll(packagedJvmOptions());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> e = builder.environment();
        e.keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("CRAHUB_"));
        e.put("CRAHUB_HOME", home.toString());
        e.put("PORT", Integer.toString(port));
        e.put("CRAHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        e.putAll(env);
        return new HubProcess(home, port, builder.start(), output);
    }

    /** Waits until health answers UP; fails with the end of the hub's output otherwise. */
    HubProcess awaitHealthy(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("hub exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    postmaster().ifPresent(postmasters::add);
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("hub not healthy within " + within + ":\n" + tail());
    }

    /** The embedded PostgreSQL's postmaster, from {@code data/pgdata/postmaster.pid}. */
    Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = home.resolve("data/pgdata/postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HTTP.send(authorized(path).timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST with a JSON body. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(authorized(path).timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(authorized(path).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return HTTP.send(authorized(path).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    int status(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder authorized(String path) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + basic);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SIGKILL to the hub's JVM only: its database server keeps running, as after a crash of the JVM. */
    void killHub() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGKILL to the embedded PostgreSQL's postmaster only (its backends leave when they notice). */
    void killPostmaster() throws Exception {
        Optional<ProcessHandle> postmaster = postmaster();
        if (postmaster.isPresent() && postmasters.contains(postmaster.get())) {
            postmaster.get().destroyForcibly();
            postmaster.get().onExit().get();
        }
    }

    /**
     * SIGKILL to every process of the embedded PostgreSQL at once (postmaster, WAL writer, backends), as a crash of
     * the server would: what sat in its shared memory (WAL not yet written) is gone.
     */
    void killDatabase() throws Exception {
        Optional<ProcessHandle> postmaster = postmaster();
        if (postmaster.isPresent() && postmasters.contains(postmaster.get())) {
            List<ProcessHandle> server = new ArrayList<>(postmaster.get().descendants().toList());
            server.add(postmaster.get());
            server.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : server) {
                p.onExit().get();
            }
        }
    }

    String tail() throws IOException {
        List<String> lines = Files.exists(output) ? Files.readAllLines(output) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Stops whatever is left of this hub: the JVM, and the postmasters it started. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle postmaster : postmasters) {
            if (postmaster.isAlive()) {
                postmaster.destroy(); // SIGTERM: a smart shutdown of an orphan we started
                postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
