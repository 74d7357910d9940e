package dev.crahub.cra;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.crahub.referential.BillingTerms;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ContractTerms;
import dev.crahub.timesheet.TimeEntry;

/**
 * Turns a month of approved hours into billed time lines, without rounding anything the contract does not ask to
 * round (ADR 0015):
 * <ul>
 *   <li>one line per consultant and per span of the month in which the contract's rate, VAT and billing terms stay
 *       the same (a rate change on the 15th splits the month at the 15th);</li>
 *   <li>the quantity is exact: 255 h of 8 h days are 31.875 days. When hours do not divide into days exactly within
 *       4 decimals (10 h of 7 h days; 157.33 h of 8 h days, 19.66625 days, one decimal more than e-invoices carry),
 *       the line counts hours at the daily rate per base quantity of one day's hours (650.00 per 7 HUR), so that
 *       quantity x price / base quantity is still the exact amount;</li>
 *   <li>rounding happens only where the contract says: to the nearest quarter or half day (halves up), on the
 *       consultant's total of the span; a HALF_DAY unit bills days in halves;</li>
 *   <li>the amount is quantity x price / base quantity, rounded once to the cent (HALF_UP).</li>
 * </ul>
 */
public final class TimeBilling {

    /** Billed quantities keep at most this many decimals (the French rules' limit on quantities, BR-FR-DEC-02). */
    static final int QUANTITY_SCALE = 4;
    /** Unit prices keep at most this many decimals (BR-FR-DEC-03). */
    static final int PRICE_SCALE = 6;
    static final int DISPLAY_DAYS_SCALE = 4;

    private TimeBilling() {
    }

    /**
     * Time lines of a period as the invoice bills them: per consultant (in the order of {@code names}, code to
     * display name) or, when the contract bills its team on one line, one line per span with a null consultant.
     */
    public static List<BilledTime> lines(List<TimeEntry> entries, Map<String, String> names, Contract contract,
                                         LocalDate periodStart, LocalDate periodEnd) {
        List<BilledTime> perConsultant = perConsultant(entries, names, contract, periodStart, periodEnd);
        List<BilledTime> lines = new ArrayList<>();
        for (Span span : spans(contract, periodStart, periodEnd)) {
            List<BilledTime> ofSpan = perConsultant.stream().filter(l -> l.from().equals(span.from())).toList();
            if (span.terms().billing().lines() == BillingTerms.Lines.PER_CONTRACT && !ofSpan.isEmpty()) {
                BigDecimal hours = ofSpan.stream().map(BilledTime::hours).reduce(BigDecimal.ZERO, BigDecimal::add);
                lines.add(line(null, null, span, hours, contract.hoursPerDay()));
            } else {
                lines.addAll(ofSpan);
            }
        }
        return lines;
    }

    /** Each consultant's time per span, as the CRA's tables show it, whatever the invoice's grouping. */
    public static List<BilledTime> perConsultant(List<TimeEntry> entries, Map<String, String> names, Contract contract,
                                                 LocalDate periodStart, LocalDate periodEnd) {
        List<Span> spans = spans(contract, periodStart, periodEnd);
        List<BilledTime> lines = new ArrayList<>();
        for (Map.Entry<String, String> consultant : names.entrySet()) {
            for (Span span : spans) {
                BigDecimal hours = BigDecimal.ZERO;
                for (TimeEntry e : entries) {
                    if (e.consultant().equals(consultant.getKey()) && !e.date().isBefore(span.from())
                            && !e.date().isAfter(span.to())) {
                        hours = hours.add(e.hours());
                    }
                }
                if (hours.signum() > 0) {
                    lines.add(line(consultant.getKey(), consultant.getValue(), span, hours, contract.hoursPerDay()));
                }
            }
        }
        return lines;
    }

    /** The month cut where the terms that price time change; adjacent days with the same prices stay one span. */
    static List<Span> spans(Contract contract, LocalDate periodStart, LocalDate periodEnd) {
        TreeSet<LocalDate> cuts = new TreeSet<>();
        for (ContractTerms change : contract.terms()) {
            if (change.from() != null && change.from().isAfter(periodStart) && !change.from().isAfter(periodEnd)) {
                cuts.add(change.from());
            }
        }
        List<Span> spans = new ArrayList<>();
        LocalDate from = periodStart;
        ContractTerms terms = contract.termsOn(periodStart);
        for (LocalDate cut : cuts) {
            ContractTerms next = contract.termsOn(cut);
            if (next.pricesDifferently(terms)) {
                spans.add(new Span(from, cut.minusDays(1), terms));
                from = cut;
                terms = next;
            }
        }
        spans.add(new Span(from, periodEnd, terms));
        return spans;
    }

    static BilledTime line(String code, String name, Span span, BigDecimal hours, BigDecimal hoursPerDay) {
        ContractTerms t = span.terms();
        BillingTerms billing = t.billing();
        BigDecimal days = billedDays(hours, hoursPerDay, billing);
        BigDecimal quantity;
        String unitCode;
        BigDecimal price;
        BigDecimal base = BigDecimal.ONE;
        BigDecimal displayDays;
        if (billing.unit() == BillingTerms.Unit.HOUR) {
            BigDecimal billedHours = days == null ? hours : days.multiply(hoursPerDay);
            quantity = normalize(billedHours);
            unitCode = "HUR";
            BigDecimal hourly = exactQuotient(t.dailyRate(), hoursPerDay, PRICE_SCALE);
            if (hourly == null) {
                price = t.dailyRate();
                base = normalize(hoursPerDay);
            } else {
                price = hourly;
            }
            displayDays = days != null ? days : hours.divide(hoursPerDay, DISPLAY_DAYS_SCALE, RoundingMode.HALF_UP);
        } else if (days != null) {
            quantity = days;
            unitCode = "DAY";
            price = t.dailyRate();
            displayDays = days;
        } else {
            // exact days do not exist: bill the exact hours at the daily rate per day's hours
            quantity = normalize(hours);
            unitCode = "HUR";
            price = t.dailyRate();
            base = normalize(hoursPerDay);
            displayDays = hours.divide(hoursPerDay, DISPLAY_DAYS_SCALE, RoundingMode.HALF_UP);
        }
        BigDecimal amount = amount(quantity, price, base);
        return new BilledTime(code, name, span.from(), span.to(), hours, normalize(displayDays), quantity,
                billing.unit().name(), unitCode, price, base, amount, t.vatRegime().category(), t.vatRate());
    }

    /** quantity x price / base quantity, rounded once to the cent (HALF_UP). */
    public static BigDecimal amount(BigDecimal quantity, BigDecimal price, BigDecimal baseQuantity) {
        return quantity.multiply(price).divide(baseQuantity, MathContext.DECIMAL128).setScale(2, RoundingMode.HALF_UP);
    }

    /** Days as billed, or null when the contract bills exactly and the hours do not divide into days. */
    static BigDecimal billedDays(BigDecimal hours, BigDecimal hoursPerDay, BillingTerms billing) {
        BillingTerms.Rounding rounding = billing.unit() == BillingTerms.Unit.HALF_DAY
                && billing.rounding() != BillingTerms.Rounding.HALF_DAY ? BillingTerms.Rounding.HALF_DAY : billing.rounding();
        return switch (rounding) {
            case NONE -> exactQuotient(hours, hoursPerDay, QUANTITY_SCALE);
            case QUARTER_DAY -> steps(hours, hoursPerDay, 4);
            case HALF_DAY -> steps(hours, hoursPerDay, 2);
        };
    }

    private static BigDecimal steps(BigDecimal hours, BigDecimal hoursPerDay, int perDay) {
        BigDecimal count = hours.multiply(BigDecimal.valueOf(perDay)).divide(hoursPerDay, 0, RoundingMode.HALF_UP);
        return normalize(count.divide(BigDecimal.valueOf(perDay), 2, RoundingMode.UNNECESSARY));
    }

    /** a / b when it terminates within {@code scale} decimals, else null. */
    static BigDecimal exactQuotient(BigDecimal a, BigDecimal b, int scale) {
        try {
            BigDecimal q = a.divide(b, MathContext.UNLIMITED);
            return q.stripTrailingZeros().scale() > scale ? null : normalize(q);
        } catch (ArithmeticException nonTerminating) {
            return null;
        }
    }

    /** At least 2 decimals, no useless trailing zeros beyond them: 31.875, 21.00, 8.25. */
    static BigDecimal normalize(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 2 ? stripped.setScale(2) : stripped;
    }

    /** A span of the period with one set of pricing terms. */
    record Span(LocalDate from, LocalDate to, ContractTerms terms) {
    }
}
