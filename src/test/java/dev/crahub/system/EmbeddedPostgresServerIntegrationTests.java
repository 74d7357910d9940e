package dev.crahub.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server without Spring, on real PostgreSQL binaries: password authentication (no password and a wrong
 * one refused, the secret owner-only), durable settings, a home created with {@code trust} by an earlier version
 * migrated, a server left running by a dead hub stopped, and a stale {@code postmaster.pid} (its pid gone, or now
 * another program's) removed.
 */
class EmbeddedPostgresServerIntegrationTests {

    @Test
    void aNewHomeGetsAPasswordAndDurableCommits(@TempDir Path dir) throws Exception {
        CrahubHome home = new CrahubHome(dir.toString());
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(home, 0).start()) {
            Path secret = home.data().resolve("secrets/database-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
            assertThat(Files.readString(secret).strip()).isEqualTo(server.password()).hasSize(24);
            assertThat(activeHbaLines(home)).isNotEmpty().allMatch(l -> l.endsWith("scram-sha-256"));

            assertRefused(server, null);
            assertRefused(server, "wrong-" + server.password());
            try (Connection c = connect(server, server.password()); Statement s = c.createStatement()) {
                for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                    assertThat(show(s, setting)).as(setting).isEqualTo("on");
                }
                assertThat(show(s, "password_encryption")).isEqualTo("scram-sha-256");
            }
        } finally {
            home.release();
        }
    }

    @Test
    void aServerThatCannotStartIsAnErrorNamingItsLogNotAHubWithoutDatabase(@TempDir Path dir) throws Exception {
        CrahubHome home = new CrahubHome(dir.toString());
        // the port set by crahub.database.embedded.port is held by another program: no other port is tried
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EmbeddedPostgresServer(home, taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not start on port " + taken.getLocalPort())
                    .hasMessageContaining("pgdata.log");
            assertThat(Files.readString(home.data().resolve("pgdata.log"))).containsIgnoringCase("could not");
        } finally {
            home.release();
        }
    }

    @Test
    void aHomeCreatedWithTrustIsMovedToPasswords(@TempDir Path dir) throws Exception {
        Path pgdata = dir.resolve("data/pgdata");
        // an earlier crahub: io.zonky's runner (initdb -A trust), a table with data
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgdata).setCleanDataDirectory(false).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
        }
        assertThat(Files.readString(pgdata.resolve("pg_hba.conf"))).contains("trust");

        CrahubHome home = new CrahubHome(dir.toString());
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(home, 0).start()) {
            assertThat(activeHbaLines(home)).isNotEmpty().noneMatch(l -> l.contains("trust"));
            assertRefused(server, null);
            assertRefused(server, "not-the-password");
            try (Connection c = connect(server, server.password()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    home.data().resolve("secrets/database-password")))).isEqualTo("rw-------");
        } finally {
            home.release();
        }
        // and the next start simply uses the password
        CrahubHome again = new CrahubHome(dir.toString());
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(again, 0).start();
             Connection c = connect(server, server.password()); Statement s = c.createStatement()) {
            assertThat(show(s, "synchronous_commit")).isEqualTo("on");
        } finally {
            again.release();
        }
    }

    @Test
    void aServerLeftRunningByADeadHubIsStoppedAndReplaced(@TempDir Path dir) throws Exception {
        CrahubHome home = new CrahubHome(dir.toString());
        EmbeddedPostgresServer orphan = new EmbeddedPostgresServer(home, 0).start();
        long orphanPid = Long.parseLong(Files.readAllLines(home.data().resolve("pgdata/postmaster.pid")).get(0).strip());
        try (Connection c = connect(orphan, orphan.password()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE committed (v int); INSERT INTO committed VALUES (42)");
        }
        // the hub that started it is gone without closing it (as after kill -9): the next start takes over
        try (EmbeddedPostgresServer next = new EmbeddedPostgresServer(home, 0).start();
             Connection c = connect(next, next.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM committed")) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        } finally {
            home.release();
        }
    }

    @Test
    void aStalePidFileNamingAnotherProgramOrNoneDoesNotBlockTheStart(@TempDir Path dir) throws Exception {
        CrahubHome home = new CrahubHome(dir.toString());
        new EmbeddedPostgresServer(home, 0).start().close();
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path pidFile = home.data().resolve("pgdata/postmaster.pid");
            // a crash left postmaster.pid; its pid is now used by an unrelated, live program
            Files.writeString(pidFile, other.pid() + "\n" + home.data().resolve("pgdata") + "\n1700000000\n5432\n/tmp\nlocalhost\n  0 0\nready\n",
                    StandardCharsets.UTF_8);
            try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(home, 0).start();
                 Connection c = connect(server, server.password()); Statement s = c.createStatement()) {
                assertThat(show(s, "fsync")).isEqualTo("on");
            }
            assertThat(other.isAlive()).isTrue();

            // and one naming a process that is gone
            other.destroy();
            other.waitFor();
            Files.writeString(pidFile, other.pid() + "\n" + home.data().resolve("pgdata") + "\n1700000000\n5432\n/tmp\nlocalhost\n  0 0\nready\n",
                    StandardCharsets.UTF_8);
            try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(home, 0).start();
                 Connection c = connect(server, server.password()); Statement s = c.createStatement()) {
                assertThat(show(s, "synchronous_commit")).isEqualTo("on");
            }
        } finally {
            other.destroy();
            home.release();
        }
    }

    private static void assertRefused(EmbeddedPostgresServer server, String password) {
        assertThatThrownBy(() -> connect(server, password).close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "28000", "08004"));
    }

    private static Connection connect(EmbeddedPostgresServer server, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(server.jdbcUrl(), props);
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static java.util.List<String> activeHbaLines(CrahubHome home) throws Exception {
        return Files.readAllLines(home.data().resolve("pgdata/pg_hba.conf")).stream()
                .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }
}
