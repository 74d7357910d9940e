package dev.crahub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own PostgreSQL server in {@code data/pgdata}, run from io.zonky's binaries with
 * {@code initdb}/{@code pg_ctl} so that it is durable and closed to other local users:
 * <ul>
 * <li>PostgreSQL's durability defaults, set explicitly ({@code fsync}, {@code synchronous_commit},
 * {@code full_page_writes} on): a commit the hub was told about survives a crash of the hub, the server or the
 * machine;</li>
 * <li>{@code scram-sha-256} for every local and TCP connection; the {@code postgres} role's password is generated
 * once into {@code data/secrets/database-password} (owner-only). A home initialised with {@code trust} by an earlier
 * version is migrated at start;</li>
 * <li>a server left running by a hub that was killed (the postmaster is a daemon: it outlives the JVM) is found by
 * its {@code postmaster.pid} and its working directory, and shut down before the new one starts. Only called with
 * {@link HubLock} held, so that server cannot belong to a live hub.</li>
 * </ul>
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD_FILE = "database-password";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final String HBA = """
            # Written by crahub: every connection authenticates with the password in data/secrets/database-password.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            local   replication all               scram-sha-256
            host    replication all 127.0.0.1/32  scram-sha-256
            host    replication all ::1/128       scram-sha-256
            """;

    private static Boolean asRoot;
    /** The server each data folder belongs to in this JVM: only that one may restart it. */
    private static final Map<Path, EmbeddedPostgresServer> CURRENT = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path binaries;
    private final Path data;
    private final Path serverLog;
    private final Path passwordFile;
    private final int requestedPort;
    private String password;
    private int port;
    private boolean running;

    EmbeddedPostgresServer(CrahubHome home, int port) {
        this.binaries = PostgresBinaries.prepare();
        this.data = home.data().resolve("pgdata");
        this.serverLog = home.data().resolve("pgdata.log");
        this.passwordFile = Secrets.folder(home).resolve(PASSWORD_FILE);
        this.requestedPort = port;
    }

    /** The server settings given on its command line (they win over postgresql.conf). */
    static Map<String, String> settings(int port) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", Integer.toString(port));
        settings.put("listen_addresses", "localhost");
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        settings.put("full_page_writes", "on");
        settings.put("password_encryption", "scram-sha-256");
        settings.put("max_connections", "100");
        settings.put("timezone", "UTC");
        return settings;
    }

    synchronized EmbeddedPostgresServer start() {
        long began = System.nanoTime();
        CURRENT.put(data, this);
        try {
            stopOrphan();
            boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
            password = Secrets.read(passwordFile).orElse(null);
            if (fresh) {
                if (password == null) {
                    password = Secrets.generate();
                    Secrets.create(passwordFile, password);
                }
                initdb();
            } else if (password == null && !trusting()) {
                throw new IllegalStateException("The embedded database in " + data + " needs its password, but "
                        + passwordFile + " is missing; restore that file from a backup of the home");
            }
            startServer();
            running = true;
            if (trusting()) {
                migrateFromTrust();
            }
            watch();
            log.info("Embedded PostgreSQL started on port {} with data in {} in {} ms (password authentication, "
                    + "durable commits)", port, data, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + data, e);
        }
    }

    /**
     * Starts the postmaster and waits until it accepts connections. A free port chosen here can be taken by another
     * program before the postmaster binds it: then another free port is tried (a port set by
     * {@code crahub.database.embedded.port} is not). A server that does not start is an error naming its log, never a
     * hub that starts and then finds no database.
     */
    private void startServer() throws IOException {
        int attempts = requestedPort > 0 ? 1 : 3;
        for (int attempt = 1; ; attempt++) {
            port = requestedPort > 0 ? requestedPort : freePort();
            if (pgCtl(List.of("start", "-w", "-t", "60", "-s", "-l", serverLog.toString(), "-o", options(port)),
                    Duration.ofSeconds(70)) == 0) {
                return;
            }
            stopOrphan(); // a postmaster that started but did not answer in time
            if (attempt >= attempts) {
                throw new IllegalStateException("The embedded PostgreSQL in " + data + " did not start on port " + port
                        + "; its log " + serverLog + " says why");
            }
            log.warn("The embedded PostgreSQL did not start on port {} (taken meanwhile?); trying another port", port);
        }
    }

    /**
     * A postmaster that dies under a running hub (killed, out of memory) is started again on the same port, after its
     * backends left; the pool's connections then come back by themselves. Until then health reports the database
     * down.
     */
    private void watch() {
        postmasterPid(data.resolve("postmaster.pid")).flatMap(ProcessHandle::of).ifPresent(postmaster ->
                postmaster.onExit().thenRun(() -> restartAfter(postmaster.pid())));
    }

    private synchronized void restartAfter(long pid) {
        if (!running || CURRENT.get(data) != this) {
            return; // stopped by us, or the folder now belongs to another server
        }
        log.error("The embedded PostgreSQL (pid {}) stopped unexpectedly; starting it again", pid);
        try {
            stopOrphan();
            if (pgCtl(List.of("start", "-w", "-t", "60", "-s", "-l", serverLog.toString(), "-o", options(port)),
                    Duration.ofSeconds(70)) != 0) {
                running = false;
                log.error("The embedded PostgreSQL could not be started again; see {}. Restart the hub.", serverLog);
                return;
            }
            log.info("Embedded PostgreSQL started again on port {}", port);
            watch();
        } catch (IOException | RuntimeException e) {
            running = false;
            log.error("The embedded PostgreSQL could not be started again; restart the hub", e);
        }
    }

    int port() {
        return port;
    }

    String user() {
        return USER;
    }

    String password() {
        return password;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Stops the server (fast shutdown: sessions ended, a checkpoint written); immediate if it does not stop in time. */
    @Override
    public synchronized void close() {
        CURRENT.remove(data, this);
        if (!running) {
            return;
        }
        running = false;
        try {
            if (pgCtl(List.of("stop", "-m", "fast", "-w", "-s", "-t", Long.toString(STOP_WAIT.toSeconds())), STOP_WAIT.plusSeconds(5)) != 0) {
                log.warn("The embedded PostgreSQL did not stop in {} s; stopping it immediately", STOP_WAIT.toSeconds());
                pgCtl(List.of("stop", "-m", "immediate", "-w", "-s", "-t", "10"), Duration.ofSeconds(15));
            }
        } catch (IOException e) {
            log.error("Cannot stop the embedded PostgreSQL in {}", data, e);
        }
    }

    /**
     * Creates the cluster beside {@code data/pgdata}, then moves it in: a hub killed during initdb leaves no
     * half-made cluster in its place, only a folder the next start removes.
     */
    private void initdb() throws IOException {
        log.info("Creating the embedded database in {}", data);
        Path fresh = data.resolveSibling(".pgdata-initdb");
        deleteTree(fresh);
        Files.createDirectories(data);
        try (var entries = Files.list(data)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException(data + " holds files but no database (no PG_VERSION); move them away "
                        + "and start again to create a new, empty database");
            }
        }
        Path pwfile = Files.createTempFile(passwordFile.getParent(), ".initdb-", ".tmp");
        try {
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            List<String> command = List.of(bin("initdb"), "-A", "scram-sha-256", "-U", USER, "--pwfile=" + pwfile,
                    "-D", fresh.toString(), "-E", "UTF-8");
            int exit = run(command, Duration.ofSeconds(120));
            if (exit != 0) {
                throw new IllegalStateException("initdb failed (exit " + exit + ") for " + data + "; see " + serverLog);
            }
            Files.delete(data);
            Files.move(fresh, data, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(pwfile);
            deleteTree(fresh);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Whether pg_hba.conf lets anyone in without a password (a home created by an earlier version). */
    private boolean trusting() throws IOException {
        Path hba = data.resolve("pg_hba.conf");
        if (!Files.exists(hba)) {
            return false;
        }
        for (String line : Files.readAllLines(hba, StandardCharsets.UTF_8)) {
            String active = line.replaceFirst("#.*", "").strip();
            if (!active.isEmpty() && active.matches("(?i).*\\s(trust|peer|ident)(\\s.*)?$")) {
                return true;
            }
        }
        return false;
    }

    /** Sets the role's password (hashed by the driver, never sent in clear), then closes the door: pg_hba, reload. */
    private void migrateFromTrust() throws IOException {
        if (password == null) {
            password = Secrets.generate();
            Secrets.create(passwordFile, password);
        }
        Properties props = new Properties();
        props.setProperty("user", USER);
        try (Connection c = DriverManager.getConnection(jdbcUrl(), props)) {
            c.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), null);
            Files.writeString(data.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot move the embedded database in " + data
                    + " to password authentication: " + e.getMessage(), e);
        }
        log.warn("The embedded database in {} accepted local connections without a password (trust); it now "
                + "requires the password kept in {}", data, passwordFile);
    }

    /**
     * A server of this data folder still running means a previous hub died without stopping it (we hold the hub
     * lock): fast shutdown, then immediate, then SIGKILL; backends left by a killed postmaster are waited for
     * (they leave on their own when they notice) and killed if they linger. A stale {@code postmaster.pid} whose
     * process is gone, or is some other program that got the pid, is removed.
     */
    private void stopOrphan() throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        Optional<Long> pid = postmasterPid(pidFile);
        if (pid.isPresent()) {
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid.get()).filter(this::ofThisDataDirectory);
            if (postmaster.isPresent()) {
                log.warn("The embedded PostgreSQL (pid {}) of a previous hub that did not stop it is still running "
                        + "on {}; stopping it", pid.get(), data);
                if (pgCtl(List.of("stop", "-m", "fast", "-w", "-s", "-t", "20"), Duration.ofSeconds(25)) != 0
                        && pgCtl(List.of("stop", "-m", "immediate", "-w", "-s", "-t", "10"), Duration.ofSeconds(15)) != 0) {
                    log.warn("The previous embedded PostgreSQL (pid {}) does not stop; killing it", pid.get());
                    postmaster.get().destroyForcibly();
                }
                awaitExit(List.of(postmaster.get()), Duration.ofSeconds(10));
            }
        }
        List<ProcessHandle> leftovers = processesOfThisDataDirectory();
        if (!leftovers.isEmpty()) {
            log.warn("Waiting for {} process(es) of a stopped PostgreSQL on {} to leave", leftovers.size(), data);
            if (!awaitExit(leftovers, Duration.ofSeconds(10))) {
                processesOfThisDataDirectory().forEach(ProcessHandle::destroyForcibly);
                awaitExit(processesOfThisDataDirectory(), Duration.ofSeconds(5));
            }
        }
        if (Files.exists(pidFile) && postmasterPid(pidFile).flatMap(ProcessHandle::of).filter(this::ofThisDataDirectory).isEmpty()) {
            log.info("Removing the stale {} left by a crash", pidFile);
            Files.deleteIfExists(pidFile);
        }
    }

    private static Optional<Long> postmasterPid(Path pidFile) {
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile, StandardCharsets.UTF_8) : List.of();
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A postgres process works in its data folder (the postmaster chdirs there; its children inherit it). */
    private boolean ofThisDataDirectory(ProcessHandle process) {
        if (!process.isAlive() || process.pid() == ProcessHandle.current().pid()) {
            return false;
        }
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        try {
            if (Files.isDirectory(Path.of("/proc/self"))) {
                return Files.readSymbolicLink(cwd).equals(data.toRealPath());
            }
        } catch (IOException e) {
            return false; // gone meanwhile, or not ours to inspect
        }
        // no /proc (macOS): trust the command name
        return process.info().command().map(c -> c.endsWith("postgres") || c.endsWith("postgres.exe")).orElse(false);
    }

    private List<ProcessHandle> processesOfThisDataDirectory() {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return List.of();
        }
        return ProcessHandle.allProcesses().filter(this::ofThisDataDirectory).toList();
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (ProcessHandle p : processes) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return processes.stream().noneMatch(ProcessHandle::isAlive);
                }
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                // cannot wait for it: poll below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return processes.stream().noneMatch(ProcessHandle::isAlive);
    }

    private String options(int port) {
        StringBuilder sb = new StringBuilder();
        settings(port).forEach((key, value) -> sb.append(sb.isEmpty() ? "" : " ").append("-c ").append(key).append('=').append(value));
        return sb.toString();
    }

    private int pgCtl(List<String> arguments, Duration within) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(bin("pg_ctl"));
        command.add("-D");
        command.add(data.toString());
        command.addAll(arguments);
        return run(command, within);
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(PostgresBinaries.executable(name)).toString();
    }

    /** Runs a PostgreSQL tool, its output appended to {@code data/pgdata.log}; answers the exit code. */
    private int run(List<String> tool, Duration within) throws IOException {
        List<String> command = new ArrayList<>(asRoot() ? List.of("unshare", "-U") : List.of());
        command.addAll(tool);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        builder.environment().remove("PGPASSWORD");
        Process process = builder.start();
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(tool.get(0) + " did not finish within " + within.toSeconds() + " s");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                log.warn("{} {} exited with {}; see {}", Path.of(tool.get(0)).getFileName(),
                        tool.size() > 3 ? tool.get(3) : "", exit, serverLog);
            }
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while running " + tool.get(0), e);
        }
    }

    /**
     * PostgreSQL refuses to run as root. As io.zonky does, a hub run by root (CI containers) runs the tools in a new
     * user namespace ({@code unshare -U}), where they are an unprivileged user that still owns the data folder.
     */
    private static synchronized boolean asRoot() {
        if (asRoot == null) {
            boolean root = false;
            try {
                root = Files.isDirectory(Path.of("/proc/self"))
                        && ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                root = false;
            }
            if (root) {
                try {
                    Process probe = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
                    probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    root = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
                    if (!root) {
                        log.warn("Running as root without 'unshare -U': the embedded PostgreSQL will refuse to start");
                    }
                } catch (IOException e) {
                    root = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    root = false;
                }
            }
            asRoot = root;
        }
        return asRoot;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
