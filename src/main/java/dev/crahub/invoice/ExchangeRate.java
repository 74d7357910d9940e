package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Euros for one unit of a currency on a date (1 USD = 0.923361 EUR), from the ECB's reference rates or recorded by a
 * user. Kept to 6 decimals, the precision printed on the invoice, so that the client's accountant recomputes the
 * VAT in euros (EN 16931 BT-111) from the invoice alone.
 */
public record ExchangeRate(String currency, LocalDate date, BigDecimal eurPerUnit, Source source) {

    /** Where a rate comes from. */
    public enum Source {
        /** the European Central Bank's euro foreign exchange reference rates (eurofxref-daily.xml) */
        ECB,
        /** recorded by a user ({@code POST /api/exchange-rates}) */
        MANUAL
    }

    /** An amount of this currency in euros, rounded once to the cent (HALF_UP). */
    public BigDecimal toEur(BigDecimal amount) {
        return amount.multiply(eurPerUnit).setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
