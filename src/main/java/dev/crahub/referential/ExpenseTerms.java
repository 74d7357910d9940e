package dev.crahub.referential;

import java.math.BigDecimal;

/**
 * How a contract re-bills the expenses its consultants record (referential YAML
 * {@code expenses: {rebill: MARKUP, markupPercent: 10, vat: CONTRACT}}). A contract that says nothing re-bills
 * nothing ({@link #NONE}): billing a client for costs the contract does not provide for is what a client disputes
 * first. A declared block without {@code rebill} means at cost. See ADR 0016.
 *
 * @param rebill        NONE, AT_COST (the amount excluding VAT) or MARKUP (that amount plus {@code markupPercent})
 * @param markupPercent the markup, only with MARKUP (more than 0, at most 100, 2 decimals)
 * @param vat           the VAT rate of a billed expense under the STANDARD regime: the contract's (default: a re-billed
 *                      cost is part of the price of the service, and takes its rate) or the receipt's
 */
public record ExpenseTerms(Rebill rebill, BigDecimal markupPercent, VatRule vat) {

    /** What a contract without an {@code expenses} block does. */
    public static final ExpenseTerms NONE = new ExpenseTerms(Rebill.NONE, null, VatRule.CONTRACT);

    public ExpenseTerms {
        rebill = rebill == null ? Rebill.AT_COST : rebill;
        vat = vat == null ? VatRule.CONTRACT : vat;
    }

    /** How expenses are billed. */
    public enum Rebill {
        /** never billed (the firm bears them, or they are in the daily rate) */
        NONE,
        /** billed at the amount excluding VAT */
        AT_COST,
        /** billed at the amount excluding VAT plus a markup */
        MARKUP
    }

    /** Which VAT rate a billed expense takes under the STANDARD regime (other regimes always take the contract's). */
    public enum VatRule {
        /** the contract's rate: the accessory follows the principal service (French VAT practice) */
        CONTRACT,
        /** the rate on the receipt */
        RECEIPT
    }
}
