package dev.crahub.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Dispatch rows: one per invoice and channel, their state committed around each send. */
@Repository
public class DispatchStore {

    private static final String SUMMARY = """
            SELECT d.id, d.invoice_id, i.number, d.channel, d.recipients, d.status, d.message_id, d.attempts, d.sent_at,
                   d.last_error
            FROM dispatch d JOIN invoice i ON i.id = d.invoice_id
            """;

    private final JdbcClient jdbc;

    public DispatchStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Creates the e-mail dispatch of every invoice of the month that has none, and answers the ids to send now:
     * new and failed ones. Sent ones, and SENDING ones (fate unknown after a crash), are left alone.
     */
    @Transactional
    public List<Long> prepare(YearMonth month, String messageIdDomain) {
        List<InvoiceRecipient> missing = jdbc.sql("""
                SELECT i.id, i.number, c.billing_email, c.billing_cc FROM invoice i JOIN client c ON c.code = i.client_code
                WHERE i.month = :month AND NOT EXISTS (SELECT 1 FROM dispatch d WHERE d.invoice_id = i.id AND d.channel = 'EMAIL')
                ORDER BY i.id
                """)
                .param("month", month.toString())
                .query((rs, n) -> new InvoiceRecipient(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        for (InvoiceRecipient r : missing) {
            String recipients = r.cc() == null || r.cc().isBlank() ? r.to() : r.to() + "," + r.cc();
            jdbc.sql("""
                    INSERT INTO dispatch (invoice_id, channel, recipients, status, message_id)
                    VALUES (:invoice, 'EMAIL', :recipients, 'PENDING', :messageId)
                    ON CONFLICT (invoice_id, channel) DO NOTHING
                    """)
                    .param("invoice", r.invoiceId()).param("recipients", recipients)
                    .param("messageId", "<invoice." + r.number() + "@" + messageIdDomain + ">")
                    .update();
        }
        return jdbc.sql("""
                SELECT d.id FROM dispatch d JOIN invoice i ON i.id = d.invoice_id
                WHERE i.month = :month AND d.status IN ('PENDING', 'FAILED') ORDER BY d.id
                """)
                .param("month", month.toString()).query(Long.class).list();
    }

    /** Moves a PENDING or FAILED dispatch to SENDING (committed); false if another sender took it or it left already. */
    @Transactional
    public boolean claim(long id) {
        return jdbc.sql("""
                UPDATE dispatch SET status = 'SENDING', attempts = attempts + 1, updated_at = now()
                WHERE id = :id AND status IN ('PENDING', 'FAILED')
                """)
                .param("id", id).update() == 1;
    }

    @Transactional
    public DispatchSummary sent(long id, OffsetDateTime at) {
        jdbc.sql("UPDATE dispatch SET status = 'SENT', sent_at = :at, last_error = NULL, updated_at = now() WHERE id = :id AND status = 'SENDING'")
                .param("id", id).param("at", at).update();
        return find(id).orElseThrow();
    }

    /** Records a failure that certainly happened before the mail left (the send raised), so a retry is safe. */
    @Transactional
    public DispatchSummary failed(long id, String error) {
        jdbc.sql("UPDATE dispatch SET status = 'FAILED', last_error = :error, updated_at = now() WHERE id = :id AND status IN ('SENDING', 'PENDING')")
                .param("id", id).param("error", error).update();
        return find(id).orElseThrow();
    }

    public Optional<DispatchSummary> find(long id) {
        return jdbc.sql(SUMMARY + " WHERE d.id = :id").param("id", id).query(DispatchStore::summary).optional();
    }

    public List<DispatchSummary> list(YearMonth month) {
        return jdbc.sql(SUMMARY + " WHERE (CAST(:month AS VARCHAR) IS NULL OR i.month = :month) ORDER BY d.id")
                .param("month", month == null ? null : month.toString()).query(DispatchStore::summary).list();
    }

    private static DispatchSummary summary(ResultSet rs, int row) throws SQLException {
        return new DispatchSummary(rs.getLong("id"), rs.getLong("invoice_id"), rs.getString("number"),
                rs.getString("channel"), rs.getString("recipients"), DispatchStatus.valueOf(rs.getString("status")),
                rs.getString("message_id"), rs.getInt("attempts"), rs.getObject("sent_at", OffsetDateTime.class),
                rs.getString("last_error"));
    }

    private record InvoiceRecipient(long invoiceId, String number, String to, String cc) {
    }
}
