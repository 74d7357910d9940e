package dev.crahub.invoice;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.crahub.expense.ExpenseStore;
import dev.crahub.system.Hashing;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issued invoices and credit notes, and drafts (table {@code invoice_draft}, the only rows that change). Rows of issued documents are immutable (database triggers refuse updates and deletes); after the issuing
 * transaction commits, a write-once copy of the PDF and XML goes to {@code data/archive/invoices/<seller>/<year>/}
 * ({@link InvoiceArchive}, which also reconciles the archive with the database at start).
 */
@Repository
public class InvoiceStore {

    private static final String SUMMARY = """
            SELECT * FROM (
              SELECT i.id, i.number, i.seller_code, i.client_code, i.contract_code, i.cra_id, i.month, i.issue_date,
                     i.due_date, i.currency, i.total_net, i.total_vat, i.total_gross, i.status, i.type_code,
                     i.preceding_invoice_id, p.number AS preceding_number, i.correction, i.series, i.sequence_number
              FROM invoice i LEFT JOIN invoice p ON p.id = i.preceding_invoice_id
              UNION ALL
              SELECT d.id, NULL, d.seller_code, d.client_code, d.contract_code, d.cra_id, d.month, NULL, NULL,
                     d.currency, d.total_net, d.total_vat, d.total_gross, 'DRAFT', '380', NULL, NULL, NULL, NULL, NULL
              FROM invoice_draft d
            ) documents
            """;

    private final JdbcClient jdbc;
    private final InvoiceArchive archive;
    private final ExpenseStore expenses;
    private final ApplicationEventPublisher events;

    public InvoiceStore(JdbcClient jdbc, InvoiceArchive archive, ExpenseStore expenses, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.expenses = expenses;
        this.events = events;
    }

    long nextId() {
        return jdbc.sql("SELECT nextval(pg_get_serial_sequence('invoice', 'id'))").query(Long.class).single();
    }

    boolean existsForCra(long craId) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE cra_id = :cra").param("cra", craId).query(Integer.class).single() > 0;
    }

    /** Approved CRAs of a month that no invoice was issued from yet. */
    public List<Long> approvedCrasWithoutInvoice(String month) {
        return jdbc.sql("""
                SELECT c.id FROM cra c
                WHERE c.month = :month AND c.status = 'APPROVED'
                  AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.cra_id = c.id)
                ORDER BY c.contract_code
                """)
                .param("month", YearMonth.parse(month).toString()).query(Long.class).list();
    }

    /** The id of the CRA's draft, if it has one. */
    Optional<Long> draftOf(long craId) {
        return jdbc.sql("SELECT id FROM invoice_draft WHERE cra_id = :cra").param("cra", craId).query(Long.class).optional();
    }

    /** A draft as the reviewer saw it: its CRA and totals. */
    record DraftRow(long id, long craId, java.math.BigDecimal totalNet, java.math.BigDecimal totalGross) {
    }

    /** The draft, its row locked until the transaction ends (concurrent issues of one draft take turns). */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<DraftRow> lockDraft(long id) {
        return jdbc.sql("SELECT id, cra_id, total_net, total_gross FROM invoice_draft WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, n) -> new DraftRow(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4)))
                .optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void removeDraft(long id) {
        jdbc.sql("DELETE FROM invoice_draft WHERE id = :id").param("id", id).update();
    }

    /**
     * Stores a document with its PDF, in the issuing transaction: an issued invoice or credit note (immutable, archived
     * after commit), or a draft (replacing the CRA's previous draft; never archived nor sent).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public InvoiceSummary save(IssuedInvoice issued, byte[] pdf) {
        Invoice i = issued.invoice();
        if (i.draft()) {
            return saveDraft(i, issued.xml(), pdf);
        }
        Invoice.Preceding preceding = i.preceding();
        jdbc.sql("""
                INSERT INTO invoice (id, seller_code, series, sequence_number, number, type_code, client_code, contract_code,
                                     cra_id, month, issue_date, due_date, currency, total_net, total_vat, total_gross,
                                     xml, pdf, sha256, line_total, allowance_total, charge_total, tax_currency,
                                     tax_accounting, exchange_rate, exchange_rate_date,
                                     template_set, template_version, preceding_invoice_id, correction, reason)
                VALUES (:id, :seller, :series, :sequence, :number, :type, :client, :contract, :cra, :month, :issue, :due,
                        :currency, :net, :vat, :gross, :xml, :pdf, :sha, :lineTotal, :allowances, :charges, :taxCurrency,
                        :taxAccounting, :rate, :rateDate, :templateSet, :templateVersion, :preceding, :correction, :reason)
                """)
                .param("preceding", preceding == null ? null : preceding.id())
                .param("correction", preceding == null ? null : preceding.correction().name())
                .param("reason", preceding == null ? null : preceding.reason())
                .param("id", i.id()).param("seller", i.seller().code()).param("series", i.series())
                .param("sequence", i.sequenceNumber()).param("number", i.number()).param("type", i.typeCode())
                .param("client", i.buyer().code()).param("contract", i.contract())
                .param("cra", i.cra() == null ? null : i.cra().id()).param("month", i.month())
                .param("issue", i.issueDate()).param("due", i.dueDate()).param("currency", i.currency())
                .param("net", i.totals().taxExclusive()).param("vat", i.totals().tax())
                .param("gross", i.totals().taxInclusive())
                .param("xml", new String(issued.xml(), StandardCharsets.UTF_8)).param("pdf", pdf)
                .param("sha", Hashing.sha256(pdf))
                .param("lineTotal", i.totals().lineTotal()).param("allowances", i.totals().allowanceTotal())
                .param("charges", i.totals().chargeTotal())
                .param("taxCurrency", i.taxCurrency() == null ? null : i.taxCurrency().currency())
                .param("taxAccounting", i.taxCurrency() == null ? null : i.taxCurrency().taxAmount())
                .param("rate", i.taxCurrency() == null ? null : i.taxCurrency().rate().eurPerUnit())
                .param("rateDate", i.taxCurrency() == null ? null : i.taxCurrency().rate().date())
                .param("templateSet", i.template() == null ? null : i.template().name())
                .param("templateVersion", i.template() == null ? null : i.template().version())
                .update();
        for (InvoiceLine l : i.lines()) {
            jdbc.sql("""
                    INSERT INTO invoice_line (invoice_id, line_number, kind, description, consultant_code, quantity, unit_code,
                                              unit_price, base_quantity, period_start, period_end, gross_amount,
                                              vat_category, vat_rate, net_amount)
                    VALUES (:invoice, :number, :kind, :description, :consultant, :quantity, :unit, :price, :base,
                            :periodStart, :periodEnd, :gross, :category, :rate, :net)
                    """)
                    .param("invoice", i.id()).param("number", l.number()).param("description", l.description())
                    .param("consultant", l.consultant()).param("quantity", l.quantity()).param("unit", l.unitCode())
                    .param("price", l.unitPrice()).param("category", l.vatCategory()).param("rate", l.vatRate())
                    .param("net", l.netAmount()).param("kind", l.kind().name()).param("base", l.baseQuantity())
                    .param("periodStart", l.periodStart()).param("periodEnd", l.periodEnd())
                    .param("gross", l.grossAmount())
                    .update();
        }
        int position = 0;
        for (InvoiceLine l : i.lines()) {
            for (AllowanceCharge ac : l.allowanceCharges()) {
                insert(i.id(), ++position, l.number(), ac);
            }
        }
        for (AllowanceCharge ac : i.allowanceCharges()) {
            insert(i.id(), ++position, null, ac);
        }
        if (preceding == null) {
            // the expenses it bills, marked invoiced in this transaction (ADR 0016): never billed twice (a credit note
            // or a replacement repeats lines of an invoice that already billed them)
            expenses.markInvoiced(i.lines().stream().filter(l -> l.kind() == InvoiceLine.Kind.EXPENSE)
                    .map(l -> Long.valueOf(l.reference())).toList(), i.id(), OffsetDateTime.now());
        }
        for (IssuedInvoice.Credited c : issued.credited()) {
            jdbc.sql("""
                    INSERT INTO invoice_credit (credit_note_id, original_id, line_number, quantity, amount)
                    VALUES (:note, :original, :line, :quantity, :amount)
                    """)
                    .param("note", i.id()).param("original", preceding.id()).param("line", c.originalLine())
                    .param("quantity", c.quantity()).param("amount", c.amount()).update();
        }
        archiveAfterCommit(i, issued.xml(), pdf);
        // its e-invoice is built after the commit (listeners run after commit only: ADR 0020)
        events.publishEvent(new InvoiceIssued(i.id(), i.number()));
        return find(i.id()).orElseThrow();
    }

    private InvoiceSummary saveDraft(Invoice i, byte[] xml, byte[] pdf) {
        jdbc.sql("""
                INSERT INTO invoice_draft (id, cra_id, seller_code, client_code, contract_code, month, currency, total_net,
                                           total_vat, total_gross, xml, pdf)
                VALUES (:id, :cra, :seller, :client, :contract, :month, :currency, :net, :vat, :gross, :xml, :pdf)
                ON CONFLICT (cra_id) DO UPDATE SET seller_code = EXCLUDED.seller_code, client_code = EXCLUDED.client_code,
                    contract_code = EXCLUDED.contract_code, currency = EXCLUDED.currency, total_net = EXCLUDED.total_net,
                    total_vat = EXCLUDED.total_vat, total_gross = EXCLUDED.total_gross, xml = EXCLUDED.xml,
                    pdf = EXCLUDED.pdf, drawn_at = now()
                """)
                .param("id", i.id()).param("cra", i.cra().id()).param("seller", i.seller().code())
                .param("client", i.buyer().code()).param("contract", i.contract()).param("month", i.month())
                .param("currency", i.currency()).param("net", i.totals().taxExclusive()).param("vat", i.totals().tax())
                .param("gross", i.totals().taxInclusive()).param("xml", new String(xml, StandardCharsets.UTF_8))
                .param("pdf", pdf)
                .update();
        return find(i.id()).orElseThrow();
    }

    private void insert(long invoice, int position, Integer line, AllowanceCharge ac) {
        jdbc.sql("""
                INSERT INTO invoice_allowance_charge (invoice_id, position, line_number, charge, amount, base_amount, percent,
                                                      reason, reason_code, vat_category, vat_rate)
                VALUES (:invoice, :position, :line, :charge, :amount, :base, :percent, :reason, :code, :category, :rate)
                """)
                .param("invoice", invoice).param("position", position).param("line", line).param("charge", ac.charge())
                .param("amount", ac.amount()).param("base", ac.baseAmount()).param("percent", ac.percent())
                .param("reason", ac.reason()).param("code", ac.reasonCode()).param("category", ac.vatCategory())
                .param("rate", ac.vatRate())
                .update();
    }

    private void archiveAfterCommit(Invoice i, byte[] xml, byte[] pdf) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                archive.write(i.seller().code(), i.issueDate(), i.number(), pdf, xml);
            }
        });
    }

    public Optional<InvoiceSummary> find(long id) {
        return jdbc.sql(SUMMARY + " WHERE id = :id").param("id", id).query(InvoiceStore::summary).optional();
    }

    public List<InvoiceSummary> list(YearMonth month) {
        return list(month, null, null);
    }

    /**
     * Invoices, credit notes and drafts, each filter optional: month ({@code yyyy-MM}), status (DRAFT, ISSUED), type
     * code (380, 381). Issued documents in number order per series, drafts last.
     */
    public List<InvoiceSummary> list(YearMonth month, String status, String typeCode) {
        return jdbc.sql(SUMMARY + """
                 WHERE (CAST(:month AS VARCHAR) IS NULL OR month = :month)
                   AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                   AND (CAST(:type AS VARCHAR) IS NULL OR type_code = :type)
                 ORDER BY seller_code, series NULLS LAST, sequence_number, id
                """)
                .param("month", month == null ? null : month.toString()).param("status", status).param("type", typeCode)
                .query(InvoiceStore::summary).list();
    }

    /** The document's PDF: an issued one's, or a draft's preview. */
    public Optional<byte[]> pdf(long id) {
        return jdbc.sql("SELECT pdf FROM invoice WHERE id = :id UNION ALL SELECT pdf FROM invoice_draft WHERE id = :id")
                .param("id", id).query(byte[].class).optional();
    }

    /** The language an invoice is written in (its XML's, which its template set may fix), for its mail. */
    public Optional<String> language(long id) {
        return xml(id).map(InvoiceStore::rootLanguage);
    }

    /** The {@code language} attribute of the canonical XML's root (the document only, never a DTD). */
    private static String rootLanguage(String xml) {
        javax.xml.stream.XMLInputFactory factory = javax.xml.stream.XMLInputFactory.newFactory();
        factory.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            javax.xml.stream.XMLStreamReader reader = factory.createXMLStreamReader(new java.io.StringReader(xml));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
                        return reader.getAttributeValue(null, "language");
                    }
                }
                return null;
            } finally {
                reader.close();
            }
        } catch (javax.xml.stream.XMLStreamException e) {
            return null;
        }
    }

    /** The template set and version an invoice was rendered with (both null: issued before template sets). */
    public Optional<TemplateUsed> template(long id) {
        return jdbc.sql("SELECT template_set, template_version FROM invoice WHERE id = :id").param("id", id)
                .query((rs, n) -> new TemplateUsed(rs.getString(1), rs.getString(2))).optional();
    }

    /** The template set an invoice names and its version (ADR 17). */
    public record TemplateUsed(String templateSet, String templateVersion) {
    }

    public Optional<String> xml(long id) {
        return jdbc.sql("SELECT xml FROM invoice WHERE id = :id UNION ALL SELECT xml FROM invoice_draft WHERE id = :id")
                .param("id", id).query(String.class).optional();
    }

    private static InvoiceSummary summary(ResultSet rs, int row) throws SQLException {
        return new InvoiceSummary(rs.getLong("id"), rs.getString("number"), rs.getString("seller_code"),
                rs.getString("client_code"), rs.getString("contract_code"), (Long) rs.getObject("cra_id"),
                rs.getString("month"), rs.getObject("issue_date", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                rs.getString("currency"), rs.getBigDecimal("total_net"), rs.getBigDecimal("total_vat"),
                rs.getBigDecimal("total_gross"), rs.getString("status"), null, rs.getString("type_code"),
                (Long) rs.getObject("preceding_invoice_id"), rs.getString("preceding_number"), rs.getString("correction"));
    }
}
