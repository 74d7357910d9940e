package dev.crahub.delivery.pa;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crahub.einvoice.LifecycleStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a lifecycle status a platform reported (by the poll or the webhook: the same path) and does what it means,
 * in one transaction (ADR 0022). A status seen twice is stored once (unique per invoice, code and time) and acts once.
 * Rejetée (213) and Refusée (210) alert the billing team (a row in {@code invoice_alert}, a WARN line, the counter
 * {@code crahub.einvoice.alerts{kind}}) and prepare a credit-note draft of the whole invoice (once per invoice; never
 * issued by the hub); Encaissée (212) records the payment ({@code invoice_payment}: the amount the flow gives, else
 * the invoice's total). Each new status counts in {@code crahub.einvoice.status{code}}.
 */
@Component
public class StatusIntake {

    private static final Logger LOG = LoggerFactory.getLogger(StatusIntake.class);

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;

    public StatusIntake(JdbcClient jdbc, ObjectMapper json, MeterRegistry meters, Clock clock,
                        @Value("${crahub.zone:Europe/Paris}") ZoneId zone) {
        this.jdbc = jdbc;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        this.zone = zone;
    }

    /** What became of one lifecycle flow. */
    public enum Result {
        STORED,
        ALREADY_KNOWN,
        /** not a CDAR the hub can read, or about no invoice of the hub, or an unknown code: logged and left */
        IGNORED
    }

    /**
     * Takes one lifecycle flow of platform {@code platform}.
     *
     * @param flowId   the lifecycle flow's id on the platform
     * @param cdar     its original document
     * @param flowInfo the flow's metadata as listed or pushed (kept in {@code raw}; its {@code updatedAt} dates the
     *                 status when the CDAR does not)
     * @param source   POLL or WEBHOOK
     */
    @Transactional
    public Result take(String platform, String flowId, byte[] cdar, Map<String, Object> flowInfo, String source) {
        if (!FlowIds.valid(flowId)) {
            LOG.warn("A lifecycle flow of platform {} has an unusable flow id ({}): ignored", platform, FlowIds.printable(flowId));
            return Result.IGNORED;
        }
        Optional<CdarReader.Notice> read;
        try {
            read = CdarReader.read(cdar, zone);
        } catch (RuntimeException e) {
            LOG.warn("Lifecycle flow {} of platform {} is not a readable CDAR ({}): ignored", flowId, platform, e.getMessage());
            return Result.IGNORED;
        }
        if (read.isEmpty()) {
            LOG.warn("Lifecycle flow {} of platform {} names no invoice or no status code: ignored", flowId, platform);
            return Result.IGNORED;
        }
        if (read.get().invoiceNumber().length() > 100 || read.get().invoiceNumber().chars().anyMatch(Character::isISOControl)) {
            LOG.warn("Lifecycle flow {} of platform {} names no invoice the hub could have issued: ignored", flowId, platform);
            return Result.IGNORED;
        }
        CdarReader.Notice notice = read.get();
        Optional<LifecycleStatus> status = LifecycleStatus.ofCode(notice.code());
        if (status.isEmpty()) {
            LOG.warn("Lifecycle flow {} of platform {} has unknown status code {}: ignored", flowId, platform,
                    FlowIds.printable(notice.code()));
            return Result.IGNORED;
        }
        List<Map<String, Object>> invoices = jdbc.sql("""
                SELECT id, type_code, total_net, total_gross, number FROM invoice WHERE number = :number
                """).param("number", notice.invoiceNumber()).query().listOfRows();
        if (invoices.size() != 1) {
            LOG.warn("Lifecycle flow {} of platform {} is about invoice {}, which the hub {}: ignored", flowId, platform,
                    notice.invoiceNumber(), invoices.isEmpty() ? "never issued" : "issued more than once (several sellers)");
            return Result.IGNORED;
        }
        Map<String, Object> invoice = invoices.get(0);
        long invoiceId = ((Number) invoice.get("id")).longValue();
        OffsetDateTime occurred = notice.occurredAt() != null ? notice.occurredAt() : updatedAt(flowInfo);
        Optional<Long> eventId = jdbc.sql("""
                INSERT INTO invoice_status_event (invoice_id, platform, flow_id, code, label, occurred_at, source, raw)
                VALUES (:invoice, :platform, :flow, :code, :label, :occurred, :source, CAST(:raw AS jsonb))
                ON CONFLICT (invoice_id, code, occurred_at) DO NOTHING RETURNING id
                """)
                .param("invoice", invoiceId).param("platform", platform).param("flow", flowId)
                .param("code", status.get().code()).param("label", status.get().label()).param("occurred", occurred)
                .param("source", source).param("raw", raw(flowInfo, notice))
                .query(Long.class).optional();
        if (eventId.isEmpty()) {
            return Result.ALREADY_KNOWN;
        }
        meters.counter("crahub.einvoice.status", "code", status.get().code()).increment();
        String number = (String) invoice.get("number");
        if (status.get().refusal()) {
            refused(invoiceId, number, eventId.get(), status.get(), platform, notice, invoice);
        } else if (status.get() == LifecycleStatus.ENCAISSEE) {
            BigDecimal amount = notice.amount() != null && notice.amount().signum() > 0 ? notice.amount()
                    : (BigDecimal) invoice.get("total_gross");
            jdbc.sql("""
                    INSERT INTO invoice_payment (invoice_id, amount, paid_on, source, reference, status_event_id)
                    VALUES (:invoice, :amount, :paidOn, :source, :reference, :event)
                    """)
                    .param("invoice", invoiceId).param("amount", amount)
                    .param("paidOn", occurred.atZoneSameInstant(zone).toLocalDate()).param("source", platform)
                    .param("reference", flowId).param("event", eventId.get()).update();
        }
        return Result.STORED;
    }

    private void refused(long invoiceId, String number, long eventId, LifecycleStatus status, String platform,
                         CdarReader.Notice notice, Map<String, Object> invoice) {
        String kind = status == LifecycleStatus.REJETEE ? "REJECTED" : "REFUSED";
        String why = notice.reason() == null ? "" : " (" + clip(notice.reason(), 300) + ")";
        boolean creditNote = "380".equals(String.valueOf(invoice.get("type_code")).strip());
        boolean credited = jdbc.sql("SELECT count(*) FROM invoice WHERE preceding_invoice_id = :id")
                .param("id", invoiceId).query(Integer.class).single() > 0;
        String next = !creditNote ? "it is a credit note: check it with the client"
                : credited ? "it is already credited or replaced: check what remains"
                : "a credit note of the whole invoice is prepared as a draft: check it, then issue it with POST /api/invoices/"
                + invoiceId + "/credit-note";
        String message = "Invoice " + number + " was " + status.label() + " (" + status.code() + ") on platform "
                + platform + why + ": " + next;
        jdbc.sql("""
                INSERT INTO invoice_alert (invoice_id, status_event_id, kind, message) VALUES (:invoice, :event, :kind, :message)
                """).param("invoice", invoiceId).param("event", eventId).param("kind", kind)
                .param("message", clip(message, 2000)).update();
        meters.counter("crahub.einvoice.alerts", "kind", kind).increment();
        LOG.warn("{}", message);
        if (creditNote && !credited) {
            String reason = clip(status.label() + " sur " + platform + why, 500);
            jdbc.sql("""
                    INSERT INTO credit_note_draft (invoice_id, status_event_id, reason, total_net, total_gross)
                    VALUES (:invoice, :event, :reason, :net, :gross) ON CONFLICT (invoice_id) DO NOTHING
                    """).param("invoice", invoiceId).param("event", eventId).param("reason", reason)
                    .param("net", invoice.get("total_net")).param("gross", invoice.get("total_gross")).update();
        }
    }

    private OffsetDateTime updatedAt(Map<String, Object> flowInfo) {
        Object value = flowInfo == null ? null : flowInfo.getOrDefault("updatedAt", flowInfo.get("submittedAt"));
        if (value != null) {
            try {
                return OffsetDateTime.parse(value.toString());
            } catch (RuntimeException e) {
                // fall through: now
            }
        }
        return OffsetDateTime.now(clock);
    }

    private String raw(Map<String, Object> flowInfo, CdarReader.Notice notice) {
        ObjectNode raw = json.createObjectNode();
        raw.set("flow", json.valueToTree(flowInfo == null ? Map.of() : flowInfo));
        raw.put("invoiceNumber", notice.invoiceNumber());
        raw.put("code", notice.code());
        raw.put("reason", notice.reason());
        raw.put("amount", notice.amount());
        try {
            return json.writeValueAsString(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String text, int max) {
        String oneLine = text.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() > max ? oneLine.substring(0, max - 1) + "…" : oneLine;
    }
}
