package dev.crahub.delivery.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

/** A mail prints amounts and dates as the PDF of its language does (xsl/fo/format.xsl). */
class MailFormatsTests {

    @Test
    void quantitiesAndIbanAsOnThePdf() {
        // the CRA's PDF prints 12,1875 days and 97,50 hours (f:quantity): the mail never rounds them
        assertThat(MailFormats.quantity(new BigDecimal("12.1875"), "fr")).isEqualTo("12,1875");
        assertThat(MailFormats.quantity(new BigDecimal("97.50"), "fr")).isEqualTo("97,5");
        assertThat(MailFormats.quantity(new BigDecimal("1255"), "fr")).isEqualTo("1\u00a0255");
        assertThat(MailFormats.quantity(new BigDecimal("31.875"), "en")).isEqualTo("31.875");
        assertThat(MailFormats.quantity(new BigDecimal("8.00"), "en")).isEqualTo("8");
        assertThat(MailFormats.iban("FR7630006000011234567890189")).isEqualTo("FR76 3000 6000 0112 3456 7890 189");
        assertThat(MailFormats.iban("FR76 3000 6000 0112 3456 7890 189")).isEqualTo("FR76 3000 6000 0112 3456 7890 189");
    }

    @Test
    void asOnThePdf() {
        assertThat(MailFormats.amount(new BigDecimal("24862.51"), "EUR", "fr")).isEqualTo("24\u00a0862,51\u00a0€");
        assertThat(MailFormats.amount(new BigDecimal("24862.51"), "EUR", "en")).isEqualTo("€24,862.51");
        assertThat(MailFormats.amount(new BigDecimal("-6400"), "USD", "en")).isEqualTo("-$6,400.00");
        assertThat(MailFormats.amount(new BigDecimal("1234.5"), "CHF", "en")).isEqualTo("CHF\u00a01,234.50");
        assertThat(MailFormats.amount(new BigDecimal("1234.5"), "CHF", "fr")).isEqualTo("1\u00a0234,50\u00a0CHF");
        assertThat(MailFormats.date(LocalDate.of(2026, 11, 30), "fr")).isEqualTo("30/11/2026");
        assertThat(MailFormats.date(LocalDate.of(2026, 11, 30), "en")).isEqualTo("30 Nov 2026");
        assertThat(MailFormats.month(YearMonth.of(2026, 10), "fr")).isEqualTo("octobre 2026");
        assertThat(MailFormats.month(YearMonth.of(2026, 10), "en")).isEqualTo("October 2026");
    }
}
