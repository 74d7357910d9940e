package dev.crahub.expense;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Expenses and their receipts in PostgreSQL. Insert-only (a trigger refuses anything else than marking an expense
 * invoiced once); an expense whose idempotency key is already recorded is not recorded again.
 */
@Repository
public class ExpenseStore {

    private static final String SELECT = """
            SELECT e.*, r.media_type, r.sha256, r.original_name, r.size_bytes
            FROM expense e LEFT JOIN expense_receipt r ON r.id = e.receipt_id
            """;

    private final JdbcClient jdbc;

    public ExpenseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every contract with its currency, period and consultants. */
    public Map<String, ContractFacts> contracts() {
        Map<String, Set<String>> consultants = new HashMap<>();
        jdbc.sql("SELECT contract_code, consultant_code FROM contract_consultant").query((ResultSet rs) -> {
            consultants.computeIfAbsent(rs.getString(1), c -> new HashSet<>()).add(rs.getString(2));
        });
        Map<String, ContractFacts> contracts = new HashMap<>();
        jdbc.sql("SELECT code, currency, start_date, end_date FROM contract").query((ResultSet rs) -> {
            String code = rs.getString(1);
            contracts.put(code, new ContractFacts(code, rs.getString(2), rs.getObject(3, LocalDate.class),
                    rs.getObject(4, LocalDate.class), consultants.getOrDefault(code, Set.of())));
        });
        return contracts;
    }

    public Set<String> consultants() {
        return new HashSet<>(jdbc.sql("SELECT code FROM consultant").query(String.class).list());
    }

    /** Stores a checked receipt; returns its id. */
    public long insertReceipt(Receipts.Checked receipt, String createdBy) {
        return jdbc.sql("""
                        INSERT INTO expense_receipt (media_type, sha256, original_name, size_bytes, content, created_by)
                        VALUES (:type, :sha, :name, :size, :content, :by) RETURNING id
                        """)
                .param("type", receipt.mediaType()).param("sha", receipt.sha256()).param("name", receipt.originalName())
                .param("size", receipt.content().length).param("content", receipt.content()).param("by", createdBy)
                .query(Long.class).single();
    }

    /**
     * Records an expense unless its key is already recorded.
     *
     * @return the new expense's id, or empty when the key was already recorded (nothing written)
     */
    public Optional<Long> insert(NewExpense e, Origin origin, String key, Long receiptId, String createdBy) {
        return jdbc.sql("""
                        INSERT INTO expense (contract_code, consultant_code, expense_date, category, description,
                                             amount_excl_vat, vat_rate, vat_amount, currency, source, source_file,
                                             source_line, idempotency_key, receipt_reference, receipt_id, created_by)
                        VALUES (:contract, :consultant, :date, :category, :description, :net, :rate, :vat, :currency,
                                :source, :file, :line, :key, :reference, :receipt, :by)
                        ON CONFLICT (idempotency_key) DO NOTHING
                        RETURNING id
                        """)
                .param("contract", e.contract()).param("consultant", e.consultant()).param("date", e.date())
                .param("category", e.category().name()).param("description", e.description())
                .param("net", e.amountExclVat()).param("rate", e.vatRate()).param("vat", e.vatAmount())
                .param("currency", e.currency()).param("source", origin.source()).param("file", origin.file())
                .param("line", origin.line()).param("key", key).param("reference", e.receiptReference())
                .param("receipt", receiptId).param("by", createdBy)
                .query(Long.class).optional();
    }

    /** Where an expense came from: the API, or a line of an inbox file. */
    public record Origin(String source, String file, Long line) {

        public static final Origin API = new Origin("API", null, null);

        public static Origin file(String file, long line) {
            return new Origin("FILE", file, line);
        }
    }

    public Optional<Expense> find(long id) {
        return jdbc.sql(SELECT + " WHERE e.id = :id").param("id", id).query(ExpenseStore::map).optional();
    }

    public Optional<Expense> byKey(String key) {
        return jdbc.sql(SELECT + " WHERE e.idempotency_key = :key").param("key", key).query(ExpenseStore::map).optional();
    }

    /** Expenses by contract and/or month of their date, oldest first. */
    public List<Expense> list(String contract, YearMonth month) {
        return jdbc.sql(SELECT + """
                         WHERE (CAST(:contract AS VARCHAR) IS NULL OR e.contract_code = :contract)
                           AND (CAST(:from AS DATE) IS NULL OR e.expense_date BETWEEN :from AND :to)
                         ORDER BY e.expense_date, e.id
                        """)
                .param("contract", contract)
                .param("from", month == null ? null : month.atDay(1))
                .param("to", month == null ? null : month.atEndOfMonth())
                .query(ExpenseStore::map).list();
    }

    /**
     * A contract's expenses not billed yet and dated up to {@code upTo}, locked until the transaction ends: a second
     * issue running at the same time waits, then no longer sees those it billed.
     */
    public List<Expense> uninvoicedForUpdate(String contract, LocalDate upTo) {
        List<Long> ids = jdbc.sql("""
                        SELECT id FROM expense WHERE contract_code = :contract AND invoice_id IS NULL
                          AND expense_date <= :upTo ORDER BY expense_date, id FOR UPDATE
                        """)
                .param("contract", contract).param("upTo", upTo).query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE e.id IN (:ids) ORDER BY e.expense_date, e.id").param("ids", ids)
                .query(ExpenseStore::map).list();
    }

    /** Marks expenses billed by an invoice; fails if one of them was billed meanwhile. */
    public void markInvoiced(List<Long> ids, long invoiceId, OffsetDateTime at) {
        if (ids.isEmpty()) {
            return;
        }
        int marked = jdbc.sql("""
                        UPDATE expense SET invoice_id = :invoice, invoiced_at = :at
                        WHERE id IN (:ids) AND invoice_id IS NULL
                        """)
                .param("invoice", invoiceId).param("at", at).param("ids", ids).update();
        if (marked != ids.size()) {
            throw new IllegalStateException("expenses " + ids + " were to be billed by invoice " + invoiceId
                    + " but " + (ids.size() - marked) + " of them were billed meanwhile");
        }
    }

    /** A receipt's bytes and how to serve them. */
    public record ReceiptContent(String mediaType, String sha256, String originalName, byte[] content) {
    }

    public Optional<ReceiptContent> receiptOf(long expenseId) {
        return jdbc.sql("""
                        SELECT r.media_type, r.sha256, r.original_name, r.content
                        FROM expense e JOIN expense_receipt r ON r.id = e.receipt_id WHERE e.id = :id
                        """)
                .param("id", expenseId)
                .query((rs, n) -> new ReceiptContent(rs.getString(1), rs.getString(2).strip(), rs.getString(3),
                        rs.getBytes(4)))
                .optional();
    }

    /** A receipt's bytes by their SHA-256 (the fingerprint an invoice's XML names). */
    public Optional<byte[]> receiptContent(String sha256) {
        return jdbc.sql("SELECT content FROM expense_receipt WHERE sha256 = :sha ORDER BY id LIMIT 1")
                .param("sha", sha256).query(byte[].class).optional();
    }

    /** Every receipt's id, SHA-256 and type, for the archive. */
    public List<Receipts.Stored> receipts() {
        return jdbc.sql("SELECT id, sha256, media_type FROM expense_receipt ORDER BY id")
                .query((rs, n) -> new Receipts.Stored(rs.getLong(1), rs.getString(2).strip(), rs.getString(3))).list();
    }

    public byte[] receiptContent(long receiptId) {
        return jdbc.sql("SELECT content FROM expense_receipt WHERE id = :id").param("id", receiptId)
                .query(byte[].class).single();
    }

    private static Expense map(ResultSet rs, int row) throws SQLException {
        long receiptId = rs.getLong("receipt_id");
        Expense.Receipt receipt = rs.wasNull() ? null : new Expense.Receipt(receiptId, rs.getString("media_type"),
                rs.getString("sha256").strip(), rs.getString("original_name"), rs.getLong("size_bytes"));
        long line = rs.getLong("source_line");
        Long sourceLine = rs.wasNull() ? null : line;
        long invoice = rs.getLong("invoice_id");
        Long invoiceId = rs.wasNull() ? null : invoice;
        return new Expense(rs.getLong("id"), rs.getString("contract_code"), rs.getString("consultant_code"),
                rs.getObject("expense_date", LocalDate.class), ExpenseCategory.valueOf(rs.getString("category")),
                rs.getString("description"), rs.getBigDecimal("amount_excl_vat"), rs.getBigDecimal("vat_rate"),
                rs.getBigDecimal("vat_amount"), rs.getString("currency"), rs.getString("source"),
                rs.getString("source_file"), sourceLine, rs.getString("receipt_reference"), receipt,
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"), invoiceId,
                rs.getObject("invoiced_at", OffsetDateTime.class));
    }
}
