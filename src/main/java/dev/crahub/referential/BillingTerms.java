package dev.crahub.referential;

/**
 * How a contract turns tracked hours into a billed quantity: the unit the invoice counts in and the only rounding
 * allowed. The default bills exact days: 255 h of 8 h days are 31.875 days, never 31.88 (ADR 0015).
 *
 * @param unit     what a time line counts: days, half-days or hours
 * @param rounding the granularity the month's time of one line is rounded to (nearest, halves up), in days
 * @param lines    one time line per consultant, or one for the contract
 */
public record BillingTerms(Unit unit, Rounding rounding, Lines lines) {

    /** Exact days, no rounding, one line per consultant. */
    public static final BillingTerms DEFAULT = new BillingTerms(Unit.DAY, Rounding.NONE, Lines.PER_CONSULTANT);

    public BillingTerms {
        unit = unit == null ? Unit.DAY : unit;
        rounding = rounding == null ? Rounding.NONE : rounding;
        lines = lines == null ? Lines.PER_CONSULTANT : lines;
    }

    public BillingTerms(Unit unit, Rounding rounding) {
        this(unit, rounding, Lines.PER_CONSULTANT);
    }

    /**
     * How time goes on the invoice: one line per consultant (the default), or one line for the whole contract, its
     * quantity the team's total (rounded, if at all, once on that total; the CRA still shows each consultant).
     */
    public enum Lines {
        PER_CONSULTANT, PER_CONTRACT
    }

    /** The unit a time line is counted and priced in. */
    public enum Unit {
        DAY, HALF_DAY, HOUR
    }

    /** The granularity of billed time; NONE bills the hours exactly as approved. */
    public enum Rounding {
        NONE, QUARTER_DAY, HALF_DAY
    }
}
