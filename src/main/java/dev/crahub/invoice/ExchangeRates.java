package dev.crahub.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The exchange rates invoices in another currency than the euro are converted with. Insert-only (a trigger refuses
 * changes): an invoice's rate must be found unchanged years later. Recording a rate that is already known with the
 * same value is a no-op; with another value it is refused, whoever asks.
 */
@Repository
public class ExchangeRates {

    private final JdbcClient jdbc;

    public ExchangeRates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Thrown when a rate for the same currency and date is already recorded with another value. */
    public static class ConflictingRateException extends RuntimeException {
        public ConflictingRateException(String message) {
            super(message);
        }
    }

    /**
     * Records a rate (rounded to 6 decimals, HALF_UP).
     *
     * @return true when it was new, false when the same rate was already recorded
     * @throws ConflictingRateException when another value is recorded for that currency and date
     */
    @Transactional
    public boolean record(ExchangeRate rate, String recordedBy) {
        BigDecimal value = rate.eurPerUnit().setScale(6, RoundingMode.HALF_UP);
        int inserted = jdbc.sql("""
                INSERT INTO exchange_rate (currency, rate_date, eur_per_unit, source, recorded_by)
                VALUES (:currency, :date, :rate, :source, :by)
                ON CONFLICT (currency, rate_date) DO NOTHING
                """)
                .param("currency", rate.currency()).param("date", rate.date()).param("rate", value)
                .param("source", rate.source().name()).param("by", recordedBy)
                .update();
        if (inserted == 1) {
            return true;
        }
        ExchangeRate known = on(rate.currency(), rate.date()).orElseThrow();
        if (known.eurPerUnit().compareTo(value) != 0) {
            throw new ConflictingRateException("1 " + rate.currency() + " on " + rate.date() + " is already recorded as "
                    + known.eurPerUnit().toPlainString() + " EUR (" + known.source() + "); a recorded rate is never changed");
        }
        return false;
    }

    /** The rate recorded for exactly that day. */
    public Optional<ExchangeRate> on(String currency, LocalDate date) {
        return jdbc.sql("SELECT currency, rate_date, eur_per_unit, source FROM exchange_rate WHERE currency = :c AND rate_date = :d")
                .param("c", currency).param("d", date).query(ExchangeRates::map).optional();
    }

    /** The latest rate of the currency on or before the day (the ECB publishes none on weekends and holidays). */
    public Optional<ExchangeRate> latestOnOrBefore(String currency, LocalDate date) {
        return jdbc.sql("""
                SELECT currency, rate_date, eur_per_unit, source FROM exchange_rate
                WHERE currency = :c AND rate_date <= :d ORDER BY rate_date DESC LIMIT 1
                """)
                .param("c", currency).param("d", date).query(ExchangeRates::map).optional();
    }

    /** Recorded rates, newest first, of one currency or all. */
    public List<ExchangeRate> list(String currency, int limit) {
        return jdbc.sql("""
                SELECT currency, rate_date, eur_per_unit, source FROM exchange_rate
                WHERE (CAST(:c AS VARCHAR) IS NULL OR currency = :c) ORDER BY rate_date DESC, currency LIMIT :limit
                """)
                .param("c", currency).param("limit", limit).query(ExchangeRates::map).list();
    }

    private static ExchangeRate map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ExchangeRate(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getBigDecimal(3),
                ExchangeRate.Source.valueOf(rs.getString(4)));
    }
}
