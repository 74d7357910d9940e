package dev.crahub.referential;

/**
 * How a contract turns tracked hours into a billed quantity: the unit the invoice counts in and the only rounding
 * allowed. The default bills exact days: 255 h of 8 h days are 31.875 days, never 31.88 (ADR 0015).
 *
 * @param unit     what a time line counts: days, half-days or hours
 * @param rounding the granularity the month's time of one consultant is rounded to (nearest, halves up), in days
 */
public record BillingTerms(Unit unit, Rounding rounding) {

    /** Exact days, no rounding. */
    public static final BillingTerms DEFAULT = new BillingTerms(Unit.DAY, Rounding.NONE);

    public BillingTerms {
        unit = unit == null ? Unit.DAY : unit;
        rounding = rounding == null ? Rounding.NONE : rounding;
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
