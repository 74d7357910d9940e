package dev.crahub.invoice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

import dev.crahub.referential.ContractProduct;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The products and fees added to a contract's month by API, insert-only until the month's invoice takes them: the
 * issuing transaction marks each with its invoice once (a trigger refuses any other change, and every delete).
 */
@Repository
public class MonthLines {

    private final JdbcClient jdbc;

    public MonthLines(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public MonthLine add(MonthLine line) {
        ContractProduct.Discount d = line.discount();
        long id = jdbc.sql("""
                INSERT INTO contract_month_line (contract_code, month, kind, description, quantity, unit_code, unit_price,
                                                 vat_rate, discount_percent, discount_amount, discount_reason, created_by)
                VALUES (:contract, :month, :kind, :description, :quantity, :unit, :price, :rate, :percent, :amount,
                        :reason, :by)
                RETURNING id
                """)
                .param("contract", line.contract()).param("month", line.month()).param("kind", line.kind().name())
                .param("description", line.description()).param("quantity", line.quantity())
                .param("unit", line.unitCode()).param("price", line.unitPrice()).param("rate", line.vatRate())
                .param("percent", d == null ? null : d.percent()).param("amount", d == null ? null : d.amount())
                .param("reason", d == null ? null : d.reason()).param("by", line.createdBy())
                .query(Long.class).single();
        return find(id);
    }

    public MonthLine find(long id) {
        return jdbc.sql("SELECT * FROM contract_month_line WHERE id = :id").param("id", id).query(MonthLines::map).single();
    }

    /** Every line of the contract's month, invoiced or not, in the order they were added. */
    public List<MonthLine> list(String contract, YearMonth month) {
        return jdbc.sql("SELECT * FROM contract_month_line WHERE contract_code = :c AND month = :m ORDER BY id")
                .param("c", contract).param("m", month.toString()).query(MonthLines::map).list();
    }

    /** The lines of the month not invoiced yet, locked until the issuing transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<MonthLine> open(String contract, YearMonth month) {
        return jdbc.sql("""
                SELECT * FROM contract_month_line WHERE contract_code = :c AND month = :m AND invoice_id IS NULL
                ORDER BY id FOR UPDATE
                """)
                .param("c", contract).param("m", month.toString()).query(MonthLines::map).list();
    }

    /** Marks the lines with the invoice being issued (in its transaction: a failed issue leaves them open). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markInvoiced(List<MonthLine> lines, long invoiceId) {
        for (MonthLine l : lines) {
            int updated = jdbc.sql("UPDATE contract_month_line SET invoice_id = :invoice WHERE id = :id AND invoice_id IS NULL")
                    .param("invoice", invoiceId).param("id", l.id()).update();
            if (updated != 1) {
                throw new IllegalStateException("month line " + l.id() + " was invoiced meanwhile");
            }
        }
    }

    /** The invoice already issued for the contract's month, if any. */
    public java.util.Optional<String> invoicedBy(String contract, YearMonth month) {
        return jdbc.sql("SELECT number FROM invoice WHERE contract_code = :c AND month = :m ORDER BY id LIMIT 1")
                .param("c", contract).param("m", month.toString()).query(String.class).optional();
    }

    private static MonthLine map(ResultSet rs, int row) throws SQLException {
        var percent = rs.getBigDecimal("discount_percent");
        var amount = rs.getBigDecimal("discount_amount");
        Long invoice = rs.getObject("invoice_id", Long.class);
        return new MonthLine(rs.getLong("id"), rs.getString("contract_code"), rs.getString("month"),
                ContractProduct.Kind.valueOf(rs.getString("kind")), rs.getString("description"),
                rs.getBigDecimal("quantity"), rs.getString("unit_code"), rs.getBigDecimal("unit_price"),
                rs.getBigDecimal("vat_rate"),
                percent == null && amount == null ? null
                        : new ContractProduct.Discount(percent, amount, rs.getString("discount_reason")),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
                invoice);
    }
}
