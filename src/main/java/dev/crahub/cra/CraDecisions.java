package dev.crahub.cra;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the decision on a CRA version: one per version, the first one counts (a second decision finds the CRA
 * decided and records nothing). The record keeps who decided (the approver named by the link, never a hub account:
 * a hub user recording an approval received another way is kept apart, with the reason), when, from where, and the
 * SHA-256 of the exact XML and PDF the approver saw. The status change, the record, the per-day verdicts and the
 * audit event are one transaction; the caller queues the mails that follow in the same transaction.
 */
@Component
public class CraDecisions {

    /** What was decided. */
    public enum Outcome { APPROVED, REJECTED }

    /** How the decision came: the approver's link, a hub user recording it, the deadline (tacit approval). */
    public enum Kind { LINK, RECORDED, TACIT }

    /** A decision to record. {@code days} may be empty (a global decision). */
    public record Decision(long craId, Outcome outcome, Kind kind, String approverName, String approverEmail,
                           UUID tokenId, String recordedBy, String reason, String comment, List<DayVerdict> days,
                           OffsetDateTime at, String ip, String userAgent) {
        public Decision {
            days = days == null ? List.of() : List.copyOf(days);
        }
    }

    /** The verdict on one day, with the approver's comment. */
    public record DayVerdict(LocalDate date, Outcome outcome, String comment) {
    }

    /** A recorded decision as the API, the documents and the invoice read it. */
    public record Recorded(long id, long craId, Outcome outcome, Kind kind, String approverName, String approverEmail,
                           String recordedBy, String reason, String comment, OffsetDateTime decidedAt, String ip,
                           String userAgent, String xmlSha256, String pdfSha256, List<DayVerdict> days) {
    }

    private final JdbcClient jdbc;
    private final CraStore store;

    public CraDecisions(JdbcClient jdbc, CraStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /**
     * Records the decision if the CRA is open to it: SENT for a link or a tacit approval, DRAFT or SENT for an
     * approval recorded by a hub user. Answers the record, or empty when the CRA is decided, superseded or not open.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Recorded> record(Decision d) {
        List<String> open = d.kind() == Kind.RECORDED ? List.of("DRAFT", "SENT") : List.of("SENT");
        int updated = jdbc.sql("""
                UPDATE cra SET status = :outcome, decided_at = :at,
                               approved_at = CASE WHEN :outcome = 'APPROVED' THEN :at END,
                               approved_by = :approver
                WHERE id = :id AND status IN (:open)
                """)
                .param("id", d.craId()).param("outcome", d.outcome().name()).param("at", d.at())
                .param("approver", d.approverName() == null ? d.approverEmail() : d.approverName())
                .param("open", open).update();
        if (updated != 1) {
            return Optional.empty();
        }
        long id = jdbc.sql("""
                INSERT INTO cra_decision (cra_id, outcome, kind, approver_name, approver_email, token_id, recorded_by,
                                          reason, comment, decided_at, ip, user_agent, xml_sha256, pdf_sha256)
                SELECT id, :outcome, :kind, :name, :email, :token, :recordedBy, :reason, :comment, :at, :ip, :ua,
                       sha256, pdf_sha256
                FROM cra WHERE id = :cra
                RETURNING id
                """)
                .param("cra", d.craId()).param("outcome", d.outcome().name()).param("kind", d.kind().name())
                .param("name", d.approverName()).param("email", d.approverEmail()).param("token", d.tokenId())
                .param("recordedBy", d.recordedBy()).param("reason", d.reason()).param("comment", d.comment())
                .param("at", d.at()).param("ip", d.ip()).param("ua", truncate(d.userAgent(), 500))
                .query(Long.class).single();
        for (DayVerdict day : d.days()) {
            jdbc.sql("INSERT INTO cra_day_decision (decision_id, work_date, outcome, comment) VALUES (:id, :date, :outcome, :comment)")
                    .param("id", id).param("date", day.date()).param("outcome", day.outcome().name())
                    .param("comment", day.comment()).update();
        }
        if (d.tokenId() != null) {
            jdbc.sql("UPDATE cra_validation_token SET used_at = :at WHERE id = :id").param("id", d.tokenId())
                    .param("at", d.at()).update();
        }
        String event = d.kind() == Kind.TACIT ? "TACITLY_APPROVED" : d.outcome().name();
        String actor = d.kind() == Kind.RECORDED ? d.recordedBy()
                : d.kind() == Kind.TACIT ? "system" : d.approverEmail();
        String detail = switch (d.kind()) {
            case RECORDED -> "recorded by " + d.recordedBy() + " on behalf of " + display(d) + ": " + d.reason();
            case TACIT -> "no decision by the deadline: tacit approval under the contract";
            case LINK -> display(d) + (d.comment() == null || d.comment().isBlank() ? "" : ": " + d.comment());
        };
        store.event(d.craId(), event, actor, detail, d.ip(), d.userAgent());
        return find(d.craId());
    }

    /** The decision on a CRA version, if any. */
    public Optional<Recorded> find(long craId) {
        return jdbc.sql("SELECT * FROM cra_decision WHERE cra_id = :cra").param("cra", craId)
                .query((rs, n) -> new Recorded(rs.getLong("id"), rs.getLong("cra_id"),
                        Outcome.valueOf(rs.getString("outcome")), Kind.valueOf(rs.getString("kind")),
                        rs.getString("approver_name"), rs.getString("approver_email"), rs.getString("recorded_by"),
                        rs.getString("reason"), rs.getString("comment"),
                        rs.getObject("decided_at", OffsetDateTime.class), rs.getString("ip"),
                        rs.getString("user_agent"), rs.getString("xml_sha256"), rs.getString("pdf_sha256"),
                        List.of()))
                .optional()
                .map(r -> new Recorded(r.id(), r.craId(), r.outcome(), r.kind(), r.approverName(), r.approverEmail(),
                        r.recordedBy(), r.reason(), r.comment(), r.decidedAt(), r.ip(), r.userAgent(), r.xmlSha256(),
                        r.pdfSha256(), days(r.id())));
    }

    private List<DayVerdict> days(long decisionId) {
        return jdbc.sql("SELECT work_date, outcome, comment FROM cra_day_decision WHERE decision_id = :id ORDER BY work_date")
                .param("id", decisionId)
                .query((rs, n) -> new DayVerdict(rs.getObject(1, LocalDate.class), Outcome.valueOf(rs.getString(2)),
                        rs.getString(3)))
                .list();
    }

    private static String display(Decision d) {
        return d.approverName() == null ? d.approverEmail() : d.approverName() + " <" + d.approverEmail() + ">";
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
