package dev.crahub.delivery.mail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

/**
 * Amounts, dates and months in a mail exactly as the PDF of the same language prints them ({@code xsl/fo/format.xsl}:
 * {@code f:amount}, {@code f:date}, {@code f:month}), so a client reads the same figures in the mail and in the
 * attached invoice: fr {@code 12 796,88 €}, {@code 31/10/2026}, {@code octobre 2026}; en {@code €12,796.88},
 * {@code 31 Oct 2026}, {@code October 2026}. Spaces are non-breaking, as on the PDF.
 */
public final class MailFormats {

    private static final char NBSP = '\u00a0';
    private static final Map<String, String> SYMBOLS = Map.of("EUR", "€", "USD", "$", "GBP", "£");
    private static final DateTimeFormatter FR_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.FRENCH);
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private MailFormats() {
    }

    /** An amount with its currency, two decimals (rounded HALF_UP, as stored amounts already are). */
    public static String amount(BigDecimal value, String currency, String language) {
        if (value == null) {
            return "";
        }
        String code = currency == null || currency.isBlank() ? "EUR" : currency;
        String symbol = SYMBOLS.getOrDefault(code, code);
        String sign = value.signum() < 0 ? "-" : "";
        String digits = decimal(value.abs(), 2, language);
        if (fr(language)) {
            return sign + digits + NBSP + symbol;
        }
        return symbol.length() == 1 ? sign + symbol + digits : sign + symbol + NBSP + digits;
    }

    /** A decimal with a fixed number of fraction digits, grouped as on the PDF. */
    public static String decimal(BigDecimal value, int fractionDigits, String language) {
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setDecimalSeparator(fr(language) ? ',' : '.');
        symbols.setGroupingSeparator(fr(language) ? NBSP : ',');
        DecimalFormat format = new DecimalFormat(fractionDigits > 0 ? "#,##0." + "0".repeat(fractionDigits) : "#,##0",
                symbols);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }

    /**
     * A quantity (days, hours) in running text: up to 4 fraction digits, as many as the PDF's {@code f:quantity}
     * carries, and no trailing zeros ("2 jours, 16 heures", "12,1875 jours", "97,5 heures"): a mail never rounds a
     * quantity the CRA prints in full (it once said 12,19 days where the CRA said 12,1875).
     */
    public static String quantity(BigDecimal value, String language) {
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setDecimalSeparator(fr(language) ? ',' : '.');
        symbols.setGroupingSeparator(fr(language) ? NBSP : ',');
        DecimalFormat format = new DecimalFormat("#,##0.####", symbols);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }

    /** An IBAN in groups of four, as on the PDF (FR76 3000 6000 ...): the way a reader copies it without a slip. */
    public static String iban(String iban) {
        if (iban == null) {
            return null;
        }
        String compact = iban.replaceAll("\\s+", "");
        return compact.replaceAll("(.{4})(?!$)", "$1 ");
    }

    public static String date(LocalDate value, String language) {
        return value == null ? "" : (fr(language) ? FR_DATE : EN_DATE).format(value);
    }

    /** "octobre 2026" / "October 2026". */
    public static String month(YearMonth value, String language) {
        Locale locale = fr(language) ? Locale.FRENCH : Locale.ENGLISH;
        return value.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale) + " " + value.getYear();
    }

    private static boolean fr(String language) {
        return !"en".equals(language);
    }
}
