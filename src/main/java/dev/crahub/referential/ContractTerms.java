package dev.crahub.referential;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A change of a contract's commercial terms, effective from a date (inclusive). Absent fields keep the value in
 * force before the change. A rate, VAT or billing change inside a month splits that month's time lines at its
 * date; currency and payment terms apply to a whole invoice, from the month the change falls in (ADR 0015).
 */
public record ContractTerms(
        LocalDate from,
        BigDecimal dailyRate,
        String currency,
        VatRegime vatRegime,
        BigDecimal vatRate,
        Integer paymentTermsDays,
        BillingTerms billing) {

    /** These terms with every absent field taken from {@code before}. */
    public ContractTerms over(ContractTerms before) {
        return new ContractTerms(from,
                dailyRate != null ? dailyRate : before.dailyRate,
                currency != null ? currency : before.currency,
                vatRegime != null ? vatRegime : before.vatRegime,
                vatRate != null ? vatRate : before.vatRate,
                paymentTermsDays != null ? paymentTermsDays : before.paymentTermsDays,
                billing != null ? billing : before.billing);
    }

    /** Whether time of these terms and of {@code other} must go on separate lines. */
    public boolean pricesDifferently(ContractTerms other) {
        return dailyRate.compareTo(other.dailyRate) != 0 || vatRegime != other.vatRegime
                || vatRate.compareTo(other.vatRate) != 0 || !billing.equals(other.billing);
    }
}
