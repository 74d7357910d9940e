package dev.crahub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.crahub.invoice.InvoiceArchive;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hub's embedded database is durable and closed (issue 6, points 2 and 4), and the invoice archive follows the
 * database: a missing copy is written from it, a file naming no issued invoice is moved aside with a note, a file
 * that differs is reported and left as it is.
 */
class DurableDatabaseIntegrationTests extends HubTestSupport {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InvoiceArchive archive;

    @Test
    void theHubsDatabaseCommitsDurably() {
        for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            assertThat(jdbc.sql("SHOW " + setting).query(String.class).single()).as(setting).isEqualTo("on");
        }
    }

    @Test
    void theEmbeddedDatabaseWantsItsGeneratedPassword() throws Exception {
        String url = ((HikariDataSource) dataSource).getJdbcUrl();
        Path secret = home.data().resolve("secrets/database-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        String password = Files.readString(secret).strip();
        assertThat(password).hasSize(24);

        assertThatThrownBy(() -> DriverManager.getConnection(url, credentials(null)).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(url, credentials("admin")).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(url, credentials(password + "x")).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        try (var c = DriverManager.getConnection(url, credentials(password))) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThat(Files.readString(home.data().resolve("pgdata/pg_hba.conf")).lines()
                .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()))
                .isNotEmpty().allMatch(l -> l.endsWith("scram-sha-256"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theArchiveIsReconciledWithTheDatabase() throws Exception {
        dropFixtureMonth();
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2026-10/cras", null, Map.class).get("cras");
        approve(cras.get(0).get("id"), "approved by phone");
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2026-10/invoices", null, Map.class).get("invoices");
        String number = (String) invoices.get(0).get("number");
        long id = ((Number) invoices.get(0).get("id")).longValue();
        byte[] pdf = jdbc.sql("SELECT pdf FROM invoice WHERE id = :id").param("id", id).query(byte[].class).single();
        String xml = jdbc.sql("SELECT xml FROM invoice WHERE id = :id").param("id", id).query(String.class).single();

        Path folder;
        try (var files = Files.walk(home.archive("invoices"))) {
            folder = files.filter(f -> f.getFileName().toString().equals(number + ".pdf")).findFirst().orElseThrow().getParent();
        }
        assertThat(folder.resolve(number + ".pdf")).hasBinaryContent(pdf);
        assertThat(archive.reconcile()).isEqualTo(new InvoiceArchive.Reconciliation(List.of(), List.of(), List.of()));

        // the hub died between the commit and the copy: the copy is written from the database
        Files.delete(folder.resolve(number + ".pdf"));
        // a crash lost the commit of the next number after its file was written
        String lost = number.replaceFirst("\\d+$", "000099");
        Files.write(folder.resolve(lost + ".pdf"), new byte[] {'%', 'P', 'D', 'F'});
        // someone edited an archived copy
        Files.writeString(folder.resolve(number + ".xml"), xml.replace("2518.76", "1.00"));
        byte[] edited = Files.readAllBytes(folder.resolve(number + ".xml"));

        InvoiceArchive.Reconciliation done = archive.reconcile();

        String relative = home.archive("invoices").relativize(folder).toString();
        assertThat(done.restored()).containsExactly(relative + "/" + number + ".pdf");
        assertThat(folder.resolve(number + ".pdf")).hasBinaryContent(pdf);
        assertThat(done.differing()).containsExactly(relative + "/" + number + ".xml");
        assertThat(folder.resolve(number + ".xml")).hasBinaryContent(edited);
        assertThat(done.orphaned()).containsExactly(relative + "/" + lost + ".pdf");
        assertThat(folder.resolve(lost + ".pdf")).doesNotExist();
        Path note;
        try (var files = Files.walk(home.archive("invoices").resolve(".orphaned"))) {
            List<Path> moved = files.filter(Files::isRegularFile).toList();
            assertThat(moved).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(lost + ".pdf", lost + ".pdf.why.txt");
            note = moved.stream().filter(p -> p.toString().endsWith(".why.txt")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(note)).contains("holds no issued invoice numbered " + lost);

        // once moved, it is not reported again
        assertThat(archive.reconcile().orphaned()).isEmpty();
    }

    private static Properties credentials(String password) {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }
}
