package dev.crahub.invoice;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Gapless invoice numbers, one continuous series per seller and year ({@code ACME-2026-000001}).
 *
 * <p>The counter row is incremented with an {@code UPDATE ... RETURNING}, which holds its row lock until the
 * caller's transaction ends: concurrent issuers of one series wait for each other, a committed issue keeps its
 * number, and a rolled-back issue gives it back to the next one. Must run inside the issuing transaction.
 */
@Component
public class InvoiceNumbering {

    private final JdbcClient jdbc;

    public InvoiceNumbering(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static String series(String prefix, int year) {
        return prefix + "-" + year;
    }

    /**
     * The seller's series of credit notes for a year ({@code ACME-AV-2026}): its own continuous series, kept apart
     * from the invoices' (ADR 0018).
     */
    public static String creditSeries(String prefix, int year) {
        return prefix + "-AV-" + year;
    }

    public static String format(String series, int number) {
        return "%s-%06d".formatted(series, number);
    }

    /** @return the next number of the series, reserved until the surrounding transaction commits or rolls back */
    @Transactional(propagation = Propagation.MANDATORY)
    public int next(String seller, String series) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("An invoice number is taken only inside the issuing transaction");
        }
        jdbc.sql("""
                INSERT INTO invoice_sequence (seller_code, series, last_number) VALUES (:seller, :series, 0)
                ON CONFLICT (seller_code, series) DO NOTHING
                """)
                .param("seller", seller).param("series", series).update();
        return jdbc.sql("""
                UPDATE invoice_sequence SET last_number = last_number + 1
                WHERE seller_code = :seller AND series = :series
                RETURNING last_number
                """)
                .param("seller", seller).param("series", series).query(Integer.class).single();
    }
}
