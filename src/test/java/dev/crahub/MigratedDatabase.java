package dev.crahub;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A real PostgreSQL (embedded binaries) migrated by the hub's Flyway scripts, for tests of stores and services without
 * Spring: open one per test class ({@code @BeforeAll}) and close it after.
 */
public final class MigratedDatabase implements AutoCloseable {

    public final EmbeddedPostgres postgres;
    public final DataSource dataSource;
    public final JdbcClient jdbc;
    public final PlatformTransactionManager transactions;
    public final TransactionTemplate tx;

    private MigratedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new DataSourceTransactionManager(dataSource);
        this.tx = new TransactionTemplate(transactions);
    }

    public static MigratedDatabase start() {
        try {
            // a loaded machine (the hub's own background work in the same JVM, other builds) may need more than the 10 s default
            return new MigratedDatabase(EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
