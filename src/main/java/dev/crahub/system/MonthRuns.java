package dev.crahub.system;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * One run at a time of each month-end operation for a month ({@link MonthOperation}), across threads and hub
 * instances sharing the database. A run holds a PostgreSQL session advisory lock keyed by operation and month on a
 * connection of its own for its whole duration: a second caller fails at once ({@code pg_try_advisory_lock}) with
 * {@link MonthRunBusyException}, and a hub that dies loses its lock with its connection, so nothing stays locked.
 * The row in {@code month_run} only says who started the run and when, for the second caller's answer.
 */
@Component
public class MonthRuns {

    /** First key of the month runs' advisory locks (the connectors use 7007). */
    static final int LOCKS = 8011;
    private static final Logger log = LoggerFactory.getLogger(MonthRuns.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final DataSource dataSource;
    private final Clock clock;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();

    public MonthRuns(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Who runs an operation, since when. */
    public record Holder(OffsetDateTime startedAt, String startedBy) {
    }

    /**
     * Starts a run, or fails with {@link MonthRunBusyException} if the same operation runs for the month. Close the
     * run when the work is done (try-with-resources).
     */
    public Run start(MonthOperation operation, YearMonth month, String user) {
        int key = key(operation, month);
        Connection connection = null;
        try {
            for (int attempt = 1; ; attempt++) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
                if (tryLock(connection, key)) {
                    break;
                }
                Holder holder = holder(connection, operation, month);
                close(connection);
                connection = null;
                // no running row: the run we met has ended meanwhile (a quick dispatch), so try to take it again
                if (holder != null || attempt == 3) {
                    throw new MonthRunBusyException(operation, month, holder, busy(operation, month, holder));
                }
            }
            try (PreparedStatement claim = connection.prepareStatement("""
                    INSERT INTO month_run (operation, month, started_at, started_by, instance)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (operation, month) DO UPDATE SET started_at = EXCLUDED.started_at,
                        started_by = EXCLUDED.started_by, instance = EXCLUDED.instance, finished_at = NULL
                    """)) {
                claim.setString(1, operation.name());
                claim.setString(2, month.toString());
                claim.setObject(3, OffsetDateTime.now(clock));
                claim.setString(4, user == null ? "unknown" : user);
                claim.setString(5, instance);
                claim.executeUpdate();
            }
            return new Run(connection, operation, month, key);
        } catch (SQLException e) {
            if (connection != null) {
                release(connection, key);
            }
            throw new DataAccessResourceFailureException("Could not start " + operation.label() + " of " + month
                    + ": " + e.getMessage(), e);
        }
    }

    /** The lock's second key: exact (no hash), the operation and the month in one int. */
    static int key(MonthOperation operation, YearMonth month) {
        return operation.ordinal() * 1_000_000 + month.getYear() * 100 + month.getMonthValue();
    }

    private static boolean tryLock(Connection connection, int key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            lock.setInt(1, LOCKS);
            lock.setInt(2, key);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The running holder; the winner writes its row just after taking the lock, so wait briefly for it. */
    private Holder holder(Connection connection, MonthOperation operation, YearMonth month) throws SQLException {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT started_at, started_by FROM month_run WHERE operation = ? AND month = ? AND finished_at IS NULL")) {
                read.setString(1, operation.name());
                read.setString(2, month.toString());
                try (ResultSet rs = read.executeQuery()) {
                    if (rs.next()) {
                        return new Holder(rs.getObject(1, OffsetDateTime.class)
                                .atZoneSameInstant(clock.getZone()).toOffsetDateTime(), rs.getString(2));
                    }
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return null;
    }

    private String busy(MonthOperation operation, YearMonth month, Holder holder) {
        String what = operation.label() + " of " + month + " is running";
        if (holder == null) {
            return what + " (started a moment ago); try again when it is done";
        }
        LocalDate today = LocalDate.now(clock);
        String since = holder.startedAt().toLocalDate().equals(today) ? TIME.format(holder.startedAt())
                : DATE_TIME.format(holder.startedAt());
        return what + " since " + since + ", started by " + holder.startedBy() + "; try again when it is done";
    }

    private void release(Connection connection, int key) {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            unlock.setInt(1, LOCKS);
            unlock.setInt(2, key);
            unlock.execute();
            close(connection);
        } catch (SQLException e) {
            // a pooled connection must never keep the lock: drop the physical connection, the server frees it
            log.warn("Could not release a month-run lock cleanly ({}); closing its connection", e.getMessage());
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                close(connection);
            }
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing a month-run connection", e);
        }
    }

    /** A running month operation: close it when the work is done, whatever the outcome. */
    public final class Run implements AutoCloseable {
        private final Connection connection;
        private final MonthOperation operation;
        private final YearMonth month;
        private final int key;
        private boolean closed;

        private Run(Connection connection, MonthOperation operation, YearMonth month, int key) {
            this.connection = connection;
            this.operation = operation;
            this.month = month;
            this.key = key;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (PreparedStatement done = connection.prepareStatement(
                    "UPDATE month_run SET finished_at = ? WHERE operation = ? AND month = ?")) {
                done.setObject(1, OffsetDateTime.now(clock));
                done.setString(2, operation.name());
                done.setString(3, month.toString());
                done.executeUpdate();
            } catch (SQLException e) {
                log.warn("Could not mark {} of {} finished: {}", operation.label(), month, e.getMessage());
            }
            release(connection, key);
        }
    }
}
