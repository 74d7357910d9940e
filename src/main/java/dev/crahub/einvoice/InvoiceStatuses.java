package dev.crahub.einvoice;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What platforms said of an issued invoice after it left (ADR 0022): its lifecycle statuses with their dates, the
 * payments Encaissée reported, the alerts Rejetée and Refusée raised, and the credit-note draft prepared for one. Read
 * only: the rows are written by the status intake ({@code dev.crahub.delivery.pa.StatusIntake}). Also the gauge of
 * invoices per latest status ({@code crahub.einvoice.latest.status{code}}).
 */
@Component
public class InvoiceStatuses {

    private static final Duration GAUGE_CACHE = Duration.ofSeconds(15);

    private final JdbcClient jdbc;
    private final Clock clock;
    private Map<LifecycleStatus, Long> latest = new EnumMap<>(LifecycleStatus.class);
    private Instant latestAt = Instant.MIN;

    public InvoiceStatuses(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        for (LifecycleStatus s : LifecycleStatus.values()) {
            Gauge.builder("crahub.einvoice.latest.status", this, statuses -> statuses.latestCount(s))
                    .tag("code", s.code()).tag("label", s.label())
                    .description("issued invoices whose latest lifecycle status is this one").register(meters);
        }
    }

    /** One status as the platform reported it. */
    public record Status(String code, String label, OffsetDateTime occurredAt, OffsetDateTime receivedAt,
                         String platform, String flowId, String source) {
    }

    /** A payment recorded from an Encaissée status. */
    public record Payment(BigDecimal amount, LocalDate paidOn, String source, String reference) {
    }

    /** An alert raised for the billing team. */
    public record Alert(String kind, String message, OffsetDateTime raisedAt) {
    }

    /**
     * The credit note of the whole invoice prepared after a refusal: never issued by the hub, billing issues it with
     * {@code POST /api/invoices/{id}/credit-note} (body {@code {"reason": ...}}) once it has checked.
     */
    public record CreditNoteDraft(String reason, BigDecimal totalNet, BigDecimal totalGross, OffsetDateTime preparedAt,
                                  String issueWith) {
    }

    /**
     * Everything platforms said of one invoice; {@code latest} is null when nothing yet. {@code paid}: a payment was
     * recorded (a platform's Encaissée, or {@code POST /api/invoices/{id}/payments}); {@code outstanding}: what
     * remains due (total including VAT less credit notes and payments, never below zero), {@code settled} when none.
     */
    public record InvoiceLifecycle(long invoiceId, Status latest, List<Status> statuses, boolean paid,
                                   BigDecimal paidAmount, List<Payment> payments, List<Alert> alerts,
                                   CreditNoteDraft creditNoteDraft, BigDecimal outstanding, boolean settled) {
    }

    /** The lifecycle of one invoice (embed it in {@code GET /api/invoices/{id}}). */
    public InvoiceLifecycle forInvoice(long invoiceId) {
        List<Status> statuses = jdbc.sql("""
                SELECT code, label, occurred_at, received_at, platform, flow_id, source FROM invoice_status_event
                WHERE invoice_id = :id ORDER BY occurred_at, id
                """).param("id", invoiceId)
                .query((rs, n) -> new Status(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
        List<Payment> payments = jdbc.sql("""
                SELECT amount, paid_on, source, reference FROM invoice_payment WHERE invoice_id = :id ORDER BY paid_on, id
                """).param("id", invoiceId)
                .query((rs, n) -> new Payment(rs.getBigDecimal(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                        rs.getString(4))).list();
        List<Alert> alerts = jdbc.sql("""
                SELECT kind, message, raised_at FROM invoice_alert WHERE invoice_id = :id ORDER BY raised_at, id
                """).param("id", invoiceId)
                .query((rs, n) -> new Alert(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class))).list();
        CreditNoteDraft draft = jdbc.sql("""
                SELECT reason, total_net, total_gross, prepared_at FROM credit_note_draft WHERE invoice_id = :id
                """).param("id", invoiceId)
                .query((rs, n) -> new CreditNoteDraft(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                        rs.getObject(4, OffsetDateTime.class), "POST /api/invoices/" + invoiceId + "/credit-note"))
                .optional().orElse(null);
        BigDecimal paid = payments.stream().map(Payment::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        BigDecimal outstanding = jdbc.sql("""
                SELECT GREATEST(0, i.total_gross
                       - COALESCE((SELECT sum(c.total_gross) FROM invoice c
                                   WHERE c.preceding_invoice_id = i.id AND c.type_code = '381'), 0)
                       - COALESCE((SELECT sum(p.amount) FROM invoice_payment p WHERE p.invoice_id = i.id), 0))
                FROM invoice i WHERE i.id = :id AND i.type_code = '380'
                """).param("id", invoiceId).query(BigDecimal.class).optional().orElse(BigDecimal.ZERO.setScale(2));
        return new InvoiceLifecycle(invoiceId, statuses.isEmpty() ? null : statuses.get(statuses.size() - 1), statuses,
                !payments.isEmpty(), paid, payments, alerts, draft, outstanding, outstanding.signum() == 0);
    }

    /** Whether the invoice exists (issued). */
    public boolean exists(long invoiceId) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE id = :id").param("id", invoiceId).query(Integer.class).single() > 0;
    }

    private synchronized long latestCount(LifecycleStatus status) {
        Instant now = clock.instant();
        if (latestAt.plus(GAUGE_CACHE).isBefore(now) || latestAt.isAfter(now)) {
            Map<LifecycleStatus, Long> counts = new EnumMap<>(LifecycleStatus.class);
            jdbc.sql("""
                    SELECT code, count(*) FROM (
                        SELECT DISTINCT ON (invoice_id) invoice_id, code FROM invoice_status_event
                        ORDER BY invoice_id, occurred_at DESC, id DESC) latest
                    GROUP BY code
                    """).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                    .forEach(e -> LifecycleStatus.ofCode(e.getKey()).ifPresent(s -> counts.put(s, e.getValue())));
            latest = counts;
            latestAt = now;
        }
        return latest.getOrDefault(status, 0L);
    }
}
