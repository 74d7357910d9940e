package dev.crahub.timesheet;

import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Time entries in PostgreSQL, identified by source and external id (upsert: a re-drop updates, never duplicates). */
@Repository
public class TimesheetStore {

    private final JdbcClient jdbc;

    public TimesheetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long recordFile(String source, String fileName, String sha256, int rows) {
        return jdbc.sql("""
                INSERT INTO timesheet_file (source, file_name, sha256, row_count)
                VALUES (:source, :name, :sha, :rows) RETURNING id
                """)
                .param("source", source).param("name", fileName).param("sha", sha256).param("rows", rows)
                .query(Long.class).single();
    }

    /** @return true when the entry was new, false when an existing one was updated */
    boolean upsert(TimeEntry e, Long fileId) {
        return jdbc.sql("""
                INSERT INTO time_entry (source, external_id, consultant_code, contract_code, project, work_date, hours,
                                        comment, billable, file_id)
                VALUES (:source, :externalId, :consultant, :contract, :project, :date, :hours, :comment, :billable, :file)
                ON CONFLICT (source, external_id) DO UPDATE SET consultant_code = EXCLUDED.consultant_code,
                    contract_code = EXCLUDED.contract_code, project = EXCLUDED.project, work_date = EXCLUDED.work_date,
                    hours = EXCLUDED.hours, comment = EXCLUDED.comment, billable = EXCLUDED.billable,
                    file_id = EXCLUDED.file_id, deleted = FALSE, updated_at = now()
                RETURNING (xmax = 0)
                """)
                .param("source", e.source()).param("externalId", e.externalId()).param("consultant", e.consultant())
                .param("contract", e.contract()).param("project", e.project()).param("date", e.date())
                .param("hours", e.hours()).param("comment", e.comment()).param("billable", e.billable())
                .param("file", fileId)
                .query(Boolean.class).single();
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
                  AND (NOT :unmapped OR contract_code IS NULL)
                ORDER BY work_date, consultant_code, id
                LIMIT 10000
                """)
                .param("from", from).param("to", to).param("consultant", consultant).param("contract", contract)
                .param("unmapped", unmappedOnly)
                .query(TimesheetStore::entry).list();
    }

    private static TimeEntry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new TimeEntry(rs.getString("source"), rs.getString("external_id"), rs.getString("consultant_code"),
                rs.getString("contract_code"), rs.getString("project"), rs.getObject("work_date", LocalDate.class),
                rs.getBigDecimal("hours"), rs.getString("comment"), rs.getBoolean("billable"));
    }
}
