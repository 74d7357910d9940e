package dev.crahub.timesheet.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.sql.DataSource;

import dev.crahub.referential.ReferentialStore;
import dev.crahub.timesheet.TimeEntryIngestor;
import dev.crahub.MigratedDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The pull service without Spring, on an embedded PostgreSQL migrated like the hub's (the pattern of
 * TimeEntryIngestorTests): connectors are built from settings given by the test, credentials from a map.
 */
public final class ConnectorDatabase implements AutoCloseable {

    private final MigratedDatabase db;
    public final DataSource dataSource;
    public final JdbcClient jdbc;
    public final TimeEntryIngestor ingestor;
    public final WatermarkStore watermarks;

    public ConnectorDatabase() throws IOException {
        db = MigratedDatabase.start();
        dataSource = db.dataSource;
        jdbc = db.jdbc;
        ingestor = new TimeEntryIngestor(dataSource, jdbc, new ReferentialStore(jdbc));
        watermarks = new WatermarkStore(jdbc);
    }

    public ConnectorPulls pulls(Map<String, ConnectorSettings> settings, FakeTime time, Map<String, String> env) {
        return pulls(new Trackers(settings, time, time, env::get), time);
    }

    /** The pull service on given trackers (their HTTP clients and budgets live as long as they do). */
    public ConnectorPulls pulls(Trackers trackers, FakeTime time) {
        return new ConnectorPulls(trackers, watermarks, ingestor, new DataSourceTransactionManager(dataSource), time);
    }

    public long count(String source, String where) {
        return jdbc.sql("SELECT count(*) FROM time_entry WHERE source = :s AND " + where).param("s", source)
                .query(Long.class).single();
    }

    public WatermarkStore.State state(String connector) {
        return watermarks.all().get(connector);
    }

    public static String fixture(String path) {
        try (InputStream in = ConnectorDatabase.class.getResourceAsStream("/connectors/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        db.close();
    }
}
