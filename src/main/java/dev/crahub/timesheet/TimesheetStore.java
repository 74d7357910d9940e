package dev.crahub.timesheet;

import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads stored time entries (written by {@link TimeEntryIngestor}). */
@Repository
public class TimesheetStore {

    private final JdbcClient jdbc;

    public TimesheetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Billable, live entries of a contract in [from, to], in date then consultant order. */
    public List<TimeEntry> billableEntries(String contract, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT * FROM time_entry
                WHERE contract_code = :contract AND work_date BETWEEN :from AND :to AND billable AND NOT deleted
                ORDER BY work_date, consultant_code, id
                """)
                .param("contract", contract).param("from", from).param("to", to)
                .query(TimesheetStore::entry).list();
    }

    public List<TimeEntry> entries(LocalDate from, LocalDate to, String consultant, String contract, boolean unmappedOnly) {
        return jdbc.sql("""
                SELECT * FROM time_entry
                WHERE NOT deleted
                  AND (CAST(:from AS DATE) IS NULL OR work_date >= :from)
                  AND (CAST(:to AS DATE) IS NULL OR work_date <= :to)
                  AND (CAST(:consultant AS VARCHAR) IS NULL OR consultant_code = :consultant)
                  AND (CAST(:contract AS VARCHAR) IS NULL OR contract_code = :contract)
                  AND (NOT :unmapped OR contract_code IS NULL OR consultant_code IS NULL)
                ORDER BY work_date, consultant_code, id
                LIMIT 10000
                """)
                .param("from", from).param("to", to).param("consultant", consultant).param("contract", contract)
                .param("unmapped", unmappedOnly)
                .query(TimesheetStore::entry).list();
    }

    private static TimeEntry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String user = rs.getString("tracker_user");
        if (user == null) {
            user = rs.getString("tracker_user_name") != null ? rs.getString("tracker_user_name") : rs.getString("tracker_user_email");
        }
        return new TimeEntry(rs.getString("source"), rs.getString("external_id"), rs.getString("consultant_code"),
                rs.getString("contract_code"), rs.getString("project"), rs.getObject("work_date", LocalDate.class),
                rs.getBigDecimal("hours"), rs.getString("comment"), rs.getBoolean("billable"), user,
                rs.getObject("start_at", java.time.OffsetDateTime.class), rs.getObject("end_at", java.time.OffsetDateTime.class));
    }
}
