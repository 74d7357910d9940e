package dev.crahub.cra;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import dev.crahub.system.Hashing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** CRA versions, their documents and their audit trail. */
@Repository
public class CraStore {

    private static final String SUMMARY = """
            SELECT c.id, c.contract_code, k.client_code, c.month, c.version, c.status, c.total_hours, c.total_days,
                   c.validation_deadline
            FROM cra c JOIN contract k ON k.code = c.contract_code
            """;

    private final JdbcClient jdbc;

    public CraStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long nextId() {
        return jdbc.sql("SELECT nextval(pg_get_serial_sequence('cra', 'id'))").query(Long.class).single();
    }

    /** The live (not superseded) version of a contract's CRA for a month, locked for the caller's transaction. */
    Optional<LiveCra> liveForUpdate(String contract, YearMonth month) {
        return jdbc.sql("""
                SELECT id, version, status, facts_sha256 FROM cra
                WHERE contract_code = :contract AND month = :month AND status <> 'SUPERSEDED'
                FOR UPDATE
                """)
                .param("contract", contract).param("month", month.toString())
                .query((rs, n) -> new LiveCra(rs.getLong("id"), rs.getInt("version"),
                        CraStatus.valueOf(rs.getString("status")), rs.getString("facts_sha256")))
                .optional();
    }

    /** Stores a new version (superseding the previous live one) with its PDF, and records the event. */
    public CraSummary save(CraDraft draft, byte[] pdf) {
        if (draft.supersedes() != null) {
            jdbc.sql("UPDATE cra SET status = 'SUPERSEDED' WHERE id = :id").param("id", draft.supersedes()).update();
            event(draft.supersedes(), "SUPERSEDED", "system", "replaced by version " + draft.version());
        }
        jdbc.sql("""
                INSERT INTO cra (id, contract_code, month, version, status, total_hours, total_days, validation_deadline,
                                 xml, pdf, sha256, pdf_sha256, facts_sha256)
                VALUES (:id, :contract, :month, :version, 'DRAFT', :hours, :days, :deadline, :xml, :pdf, :sha, :pdfSha,
                        :facts)
                """)
                .param("id", draft.id()).param("contract", draft.contract()).param("month", draft.month().toString())
                .param("version", draft.version()).param("hours", draft.totalHours()).param("days", draft.totalDays())
                .param("deadline", draft.validationDeadline())
                .param("xml", new String(draft.xml(), java.nio.charset.StandardCharsets.UTF_8))
                .param("pdf", pdf).param("sha", Hashing.sha256(draft.xml())).param("pdfSha", Hashing.sha256(pdf))
                .param("facts", draft.factsSha256())
                .update();
        event(draft.id(), "CREATED", "system", "version " + draft.version() + ", document sha256 " + Hashing.sha256(draft.xml()));
        return find(draft.id()).orElseThrow().withOutcome(CraSummary.Outcome.CREATED);
    }

    void event(long craId, String kind, String actor, String detail) {
        event(craId, kind, actor, detail, null, null);
    }

    /** An audit event, with the address and user agent of the browser it came from when known. */
    public void event(long craId, String kind, String actor, String detail, String ip, String userAgent) {
        jdbc.sql("""
                INSERT INTO cra_event (cra_id, kind, actor, detail, ip, user_agent)
                VALUES (:cra, :kind, :actor, :detail, :ip, :ua)
                """)
                .param("cra", craId).param("kind", kind).param("actor", actor).param("detail", detail)
                .param("ip", ip).param("ua", userAgent == null || userAgent.length() <= 500 ? userAgent : userAgent.substring(0, 500))
                .update();
    }

    public Optional<CraSummary> find(long id) {
        return jdbc.sql(SUMMARY + " WHERE c.id = :id").param("id", id).query(CraStore::summary).optional();
    }

    /** Live versions of a month (or of every month), by contract. */
    public List<CraSummary> list(YearMonth month) {
        return list(month, null);
    }

    /**
     * Versions of a month (or of every month) in a status, by contract; every live one when no status is given
     * (SUPERSEDED versions only when asked for).
     */
    public List<CraSummary> list(YearMonth month, CraStatus status) {
        return jdbc.sql(SUMMARY + """
                 WHERE (CASE WHEN CAST(:status AS VARCHAR) IS NULL THEN c.status <> 'SUPERSEDED'
                             ELSE c.status = :status END)
                   AND (CAST(:month AS VARCHAR) IS NULL OR c.month = :month)
                 ORDER BY c.month, c.contract_code, c.version
                """)
                .param("month", month == null ? null : month.toString())
                .param("status", status == null ? null : status.name())
                .query(CraStore::summary).list();
    }

    /** When a version was sent and escalated. */
    public Optional<Workflow> workflow(long id) {
        return jdbc.sql("SELECT sent_at, escalated_at, decided_at FROM cra WHERE id = :id").param("id", id)
                .query((rs, n) -> new Workflow(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class),
                        rs.getObject(3, OffsetDateTime.class)))
                .optional();
    }

    /** The audit trail of a version, oldest first. */
    public List<Event> history(long id) {
        return jdbc.sql("SELECT at, kind, actor, detail, ip, user_agent FROM cra_event WHERE cra_id = :id ORDER BY at, id")
                .param("id", id)
                .query((rs, n) -> new Event(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /** CRA versions by status, and the SENT ones past their deadline (the gauges). */
    public Counts counts(LocalDate today) {
        java.util.Map<CraStatus, Long> byStatus = new java.util.EnumMap<>(CraStatus.class);
        for (CraStatus s : CraStatus.values()) {
            byStatus.put(s, 0L);
        }
        jdbc.sql("SELECT status, count(*) FROM cra GROUP BY status")
                .query(rs -> {
                    byStatus.put(CraStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        long overdue = jdbc.sql("SELECT count(*) FROM cra WHERE status = 'SENT' AND validation_deadline < :today")
                .param("today", today).query(Long.class).single();
        return new Counts(byStatus, overdue);
    }

    /** Where a version stands in time. */
    public record Workflow(OffsetDateTime sentAt, OffsetDateTime escalatedAt, OffsetDateTime decidedAt) {
    }

    /** One audit event. */
    public record Event(OffsetDateTime at, String kind, String actor, String detail, String ip, String userAgent) {
    }

    /** What the gauges show. */
    public record Counts(java.util.Map<CraStatus, Long> byStatus, long overdue) {
    }

    public Optional<byte[]> pdf(long id) {
        return jdbc.sql("SELECT pdf FROM cra WHERE id = :id").param("id", id).query(byte[].class).optional();
    }

    public Optional<String> xml(long id) {
        return jdbc.sql("SELECT xml FROM cra WHERE id = :id").param("id", id).query(String.class).optional();
    }

    /**
     * An approved CRA as the invoice needs it: the document the approver saw, and the decision: the client's approver
     * (never a hub account: a hub user who recorded the approval is {@code recordedBy}), how and when, and the
     * fingerprint of what was approved. A CRA approved before decisions were recorded has no kind nor fingerprint.
     */
    public Optional<ApprovedCra> approved(long id) {
        return jdbc.sql("""
                SELECT c.id, c.contract_code, c.month, c.version, c.xml, c.approved_at, c.approved_by,
                       d.approver_name, d.approver_email, d.kind, d.decided_at, d.recorded_by, d.xml_sha256, d.pdf_sha256
                FROM cra c LEFT JOIN cra_decision d ON d.cra_id = c.id AND d.outcome = 'APPROVED'
                WHERE c.id = :id AND c.status = 'APPROVED'
                """)
                .param("id", id)
                .query((rs, n) -> new ApprovedCra(rs.getLong("id"), rs.getString("contract_code"),
                        YearMonth.parse(rs.getString("month")), rs.getInt("version"), rs.getString("xml"),
                        rs.getObject("approved_at", OffsetDateTime.class), rs.getString("approved_by"),
                        rs.getString("approver_name"), rs.getString("approver_email"),
                        rs.getString("kind") == null ? null : CraDecisions.Kind.valueOf(rs.getString("kind")),
                        rs.getObject("decided_at", OffsetDateTime.class), rs.getString("recorded_by"),
                        rs.getString("xml_sha256"), rs.getString("pdf_sha256")))
                .optional();
    }

    private static CraSummary summary(ResultSet rs, int row) throws SQLException {
        return new CraSummary(rs.getLong("id"), rs.getString("contract_code"), rs.getString("client_code"),
                rs.getString("month"), rs.getInt("version"), CraStatus.valueOf(rs.getString("status")),
                rs.getBigDecimal("total_hours"), rs.getBigDecimal("total_days"),
                rs.getObject("validation_deadline", LocalDate.class), null, null);
    }

    record LiveCra(long id, int version, CraStatus status, String factsSha256) {
    }

    /**
     * The snapshot an invoice is built from.
     *
     * @param approvedBy    the client's approver (name, else e-mail) as the CRA row says
     * @param kind          how the approval came (null: approved before decisions were recorded)
     * @param recordedBy    the hub user who recorded an approval received another way (kind RECORDED)
     * @param xmlSha256     SHA-256 of the XML the approver saw (null without a decision)
     */
    public record ApprovedCra(long id, String contract, YearMonth month, int version, String xml, OffsetDateTime approvedAt,
                              String approvedBy, String approverName, String approverEmail, CraDecisions.Kind kind,
                              OffsetDateTime decidedAt, String recordedBy, String xmlSha256, String pdfSha256) {
    }
}
