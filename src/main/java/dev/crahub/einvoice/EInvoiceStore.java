package dev.crahub.einvoice;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.system.Hashing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code e_invoice} rows: one per issued invoice, PENDING until built, then VALID (final: a trigger refuses any
 * change) or INVALID with the validators' messages.
 */
@Repository
public class EInvoiceStore {

    private static final TypeReference<List<ValidationMessage>> MESSAGES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public EInvoiceStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The gate's state of one invoice's e-invoice (no file content). */
    public record State(long invoiceId, String invoiceNumber, String sellerCode, String clientCode, EInvoiceStatus status,
                        List<ValidationMessage> messages, String templateVersion, int builds, OffsetDateTime builtAt,
                        OffsetDateTime validatedAt) {

        public List<ValidationMessage> errors() {
            return messages.stream().filter(ValidationMessage::isError).toList();
        }
    }

    /** Creates the PENDING row of an issued invoice if it has none. */
    @Transactional
    public void pending(long invoiceId) {
        jdbc.sql("INSERT INTO e_invoice (invoice_id) VALUES (:id) ON CONFLICT (invoice_id) DO NOTHING")
                .param("id", invoiceId).update();
    }

    /** Issued invoices (not drafts) whose e-invoice is PENDING or has no row yet: what a build still has to do. */
    public List<Long> toBuild() {
        return jdbc.sql("""
                SELECT i.id FROM invoice i LEFT JOIN e_invoice e ON e.invoice_id = i.id
                WHERE e.invoice_id IS NULL OR e.status = 'PENDING' ORDER BY i.id
                """).query(Long.class).list();
    }

    /**
     * The invoices of {@link #toBuild()} issued before {@code startedAt}, or longer than {@code grace} ago by the
     * database's clock (which stamps {@code issued_at}).
     */
    public List<Long> toBuild(OffsetDateTime startedAt, java.time.Duration grace) {
        return jdbc.sql("""
                SELECT i.id FROM invoice i LEFT JOIN e_invoice e ON e.invoice_id = i.id
                WHERE (e.invoice_id IS NULL OR e.status = 'PENDING')
                  AND i.issued_at < greatest(:startedAt, now() - make_interval(secs => :graceSeconds))
                ORDER BY i.id
                """).param("startedAt", startedAt).param("graceSeconds", (double) grace.toSeconds())
                .query(Long.class).list();
    }

    public Optional<State> state(long invoiceId) {
        return jdbc.sql("""
                SELECT i.id, i.number, i.seller_code, i.client_code, e.status, e.messages, e.template_version, e.builds,
                       e.built_at, e.validated_at
                FROM invoice i LEFT JOIN e_invoice e ON e.invoice_id = i.id WHERE i.id = :id
                """)
                .param("id", invoiceId)
                .query((rs, n) -> new State(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5) == null ? EInvoiceStatus.PENDING : EInvoiceStatus.valueOf(rs.getString(5)),
                        rs.getString(6) == null ? List.of() : messages(rs.getString(6)), rs.getString(7),
                        rs.getInt(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class)))
                .optional();
    }

    /** One file of the e-invoice, whatever its status (the gate's callers decide whether it may leave). */
    public Optional<EInvoiceDocument> document(long invoiceId, EInvoiceFormat format) {
        String column = switch (format) {
            case FACTURX -> "facturx";
            case CII -> "cii";
            case UBL -> "ubl";
        };
        return jdbc.sql("SELECT i.id, i.number, i.seller_code, i.client_code, e." + column + ", e." + column + "_sha256"
                        + " FROM invoice i JOIN e_invoice e ON e.invoice_id = i.id WHERE i.id = :id AND e." + column + " IS NOT NULL")
                .param("id", invoiceId)
                .query((rs, n) -> new EInvoiceDocument(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        format, rs.getBytes(5), rs.getString(6)))
                .optional();
    }

    /**
     * Stores a build and its verdict. Refused (false) when the row is already VALID: a valid e-invoice is final.
     */
    @Transactional
    public boolean built(long invoiceId, byte[] facturx, byte[] cii, byte[] ubl, String templateVersion,
                         EInvoiceStatus status, List<ValidationMessage> messages, OffsetDateTime at) {
        pending(invoiceId);
        return jdbc.sql("""
                UPDATE e_invoice SET status = :status, facturx = :facturx, facturx_sha256 = :facturxSha, cii = :cii,
                       cii_sha256 = :ciiSha, ubl = :ubl, ubl_sha256 = :ublSha, template_version = :template,
                       messages = CAST(:messages AS jsonb), builds = builds + 1, built_at = :at, validated_at = :at,
                       updated_at = now()
                WHERE invoice_id = :id AND status <> 'VALID'
                """)
                .param("id", invoiceId).param("status", status.name())
                .param("facturx", facturx).param("facturxSha", facturx == null ? null : Hashing.sha256(facturx))
                .param("cii", cii).param("ciiSha", cii == null ? null : Hashing.sha256(cii))
                .param("ubl", ubl).param("ublSha", ubl == null ? null : Hashing.sha256(ubl))
                .param("template", templateVersion).param("messages", json(messages)).param("at", at)
                .update() == 1;
    }

    /** The verdict of the full PDF/A check of a template version, once made. */
    public record TemplateCheck(String templateVersion, EInvoiceStatus status, long invoiceId, String invoiceNumber,
                                List<ValidationMessage> messages, int millis) {
    }

    public Optional<TemplateCheck> templateCheck(String templateVersion) {
        return jdbc.sql("""
                SELECT t.template_version, t.status, t.invoice_id, i.number, t.messages, t.millis
                FROM e_invoice_template_check t JOIN invoice i ON i.id = t.invoice_id WHERE t.template_version = :version
                """)
                .param("version", templateVersion)
                .query((rs, n) -> new TemplateCheck(rs.getString(1), EInvoiceStatus.valueOf(rs.getString(2)), rs.getLong(3),
                        rs.getString(4), messages(rs.getString(5)), rs.getInt(6)))
                .optional();
    }

    /** Records the first full check of a template version (a concurrent first check of the same version keeps the first). */
    @Transactional
    public void templateChecked(String templateVersion, EInvoiceStatus status, long invoiceId,
                                List<ValidationMessage> messages, long millis) {
        jdbc.sql("""
                INSERT INTO e_invoice_template_check (template_version, status, invoice_id, messages, millis)
                VALUES (:version, :status, :invoice, CAST(:messages AS jsonb), :millis)
                ON CONFLICT (template_version) DO NOTHING
                """)
                .param("version", templateVersion).param("status", status.name()).param("invoice", invoiceId)
                .param("messages", json(messages)).param("millis", (int) Math.min(Integer.MAX_VALUE, millis)).update();
    }

    /** The canonical XML of an issued invoice, its number and template version, and its stored PDF. */
    public record Issued(long invoiceId, String number, String sellerCode, byte[] xml, byte[] pdf, String templateVersion) {
    }

    public Optional<Issued> issued(long invoiceId) {
        return jdbc.sql("SELECT id, number, seller_code, xml, pdf, template_version FROM invoice WHERE id = :id")
                .param("id", invoiceId)
                .query((rs, n) -> new Issued(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4).getBytes(java.nio.charset.StandardCharsets.UTF_8), rs.getBytes(5), rs.getString(6)))
                .optional();
    }

    /** Counts per status, for the gauges. */
    public java.util.Map<EInvoiceStatus, Long> counts() {
        java.util.Map<EInvoiceStatus, Long> counts = new java.util.EnumMap<>(EInvoiceStatus.class);
        for (EInvoiceStatus s : EInvoiceStatus.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("SELECT coalesce(e.status, 'PENDING'), count(*) FROM invoice i LEFT JOIN e_invoice e ON e.invoice_id = i.id GROUP BY 1")
                .query((rs, n) -> counts.put(EInvoiceStatus.valueOf(rs.getString(1)), rs.getLong(2))).list();
        return counts;
    }

    private String json(List<ValidationMessage> messages) {
        try {
            return json.writeValueAsString(messages == null ? List.of() : messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ValidationMessage> messages(String text) {
        try {
            return json.readValue(text, MESSAGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable validation messages: " + e.getMessage(), e);
        }
    }
}
