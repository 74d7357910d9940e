package dev.crahub.expense;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.crahub.system.XmlCharacters;

/**
 * The rules an expense must meet before it is recorded, reported field by field so a file's report or an API answer
 * says everything wrong at once: a known consultant who works on a known contract, a date within the contract's period
 * and not in the future, a French VAT rate (20, 10, 5.5, 2.1 or 0; 0 for a mileage allowance, which has no supplier
 * invoice), amounts above zero with at most 2 decimals, the contract's currency (no conversion), texts an invoice can
 * print. The amount is kept excluding VAT: given including VAT, it is the total less the VAT printed on the receipt,
 * or else less the VAT the rate gives, rounded to the cent; a VAT amount that does not match the rate within
 * {@value #VAT_TOLERANCE_CENTS} cents is refused (a mixed-rate receipt is recorded as one expense per rate).
 */
public final class ExpenseRules {

    /** The French VAT rates (CGI art. 278 to 281 nonies, 296 for Corsica and overseas aside). */
    public static final List<BigDecimal> VAT_RATES = List.of(new BigDecimal("20"), new BigDecimal("10"),
            new BigDecimal("5.5"), new BigDecimal("2.1"), BigDecimal.ZERO);
    /** Above this, an expense is a typo (a misplaced decimal separator), not a cost. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");
    static final int VAT_TOLERANCE_CENTS = 2;
    static final int DESCRIPTION_LENGTH = 500;
    static final int NAME_LENGTH = 200;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Where a problem was found ({@code amountExclVat}, {@code date}...) and why. */
    @FunctionalInterface
    public interface Problems {
        void add(String field, String reason);
    }

    private final Map<String, ContractFacts> contracts;
    private final Set<String> consultants;
    private final LocalDate today;

    /**
     * @param contracts   every contract by code
     * @param consultants every consultant's code
     * @param today       the business date: an expense is not dated after it
     */
    public ExpenseRules(Map<String, ContractFacts> contracts, Set<String> consultants, LocalDate today) {
        this.contracts = Map.copyOf(contracts);
        this.consultants = Set.copyOf(consultants);
        this.today = today;
    }

    /** @return the checked expense, or {@code null} when a problem was reported */
    public NewExpense check(ExpenseInput in, Problems problems) {
        int[] count = {0};
        Problems p = (field, reason) -> {
            count[0]++;
            problems.add(field, reason);
        };
        String consultant = text(in.consultant(), "consultant", NAME_LENGTH, true, p);
        String contractCode = text(in.contract(), "contract", NAME_LENGTH, true, p);
        String description = text(in.description(), "description", DESCRIPTION_LENGTH, true, p);
        String receipt = text(in.receiptReference(), "receiptReference", NAME_LENGTH, false, p);
        ContractFacts contract = contractCode == null ? null : contracts.get(contractCode);
        if (contractCode != null && contract == null) {
            p.add("contract", "unknown contract '" + contractCode + "'");
        }
        if (consultant != null && !consultants.contains(consultant)) {
            p.add("consultant", "unknown consultant '" + consultant + "'");
        } else if (consultant != null && contract != null && !contract.consultants().contains(consultant)) {
            p.add("consultant", "'" + consultant + "' does not work on contract '" + contract.code() + "'");
        }
        if (in.date() == null) {
            p.add("date", "is required");
        } else if (in.date().isAfter(today)) {
            p.add("date", in.date() + " is in the future");
        } else if (contract != null && !contract.covers(in.date())) {
            p.add("date", in.date() + " is outside contract '" + contract.code() + "' (" + period(contract) + ")");
        }
        if (in.category() == null) {
            p.add("category", "is required (TRAVEL, LODGING, MEALS, MILEAGE or OTHER)");
        }
        String currency = in.currency() == null || in.currency().isBlank() ? null : in.currency().strip().toUpperCase(java.util.Locale.ROOT);
        if (contract != null) {
            if (currency != null && !currency.equals(contract.currency())) {
                p.add("currency", "'" + currency + "' is not the contract's currency " + contract.currency()
                        + " (convert the expense at the rate you paid, then record it in " + contract.currency() + ")");
            }
            currency = contract.currency();
        }
        BigDecimal rate = rate(in.vatRate(), in.category(), p);
        BigDecimal[] amounts = amounts(in, rate, p);
        if (count[0] > 0) {
            return null;
        }
        return new NewExpense(contract.code(), consultant, in.date(), in.category(), description, amounts[0],
                rate.setScale(2), amounts[1], currency, receipt);
    }

    private static String period(ContractFacts c) {
        return (c.startDate() == null ? "open start" : "from " + c.startDate())
                + (c.endDate() == null ? ", open end" : " to " + c.endDate());
    }

    private static BigDecimal rate(BigDecimal rate, ExpenseCategory category, Problems p) {
        if (rate == null) {
            p.add("vatRate", "is required (20, 10, 5.5, 2.1 or 0)");
            return null;
        }
        BigDecimal known = VAT_RATES.stream().filter(r -> r.compareTo(rate) == 0).findFirst().orElse(null);
        if (known == null) {
            p.add("vatRate", rate.stripTrailingZeros().toPlainString() + " is not a French VAT rate (20, 10, 5.5, 2.1 or 0)");
            return null;
        }
        if (category == ExpenseCategory.MILEAGE && known.signum() != 0) {
            p.add("vatRate", "a mileage allowance carries no VAT: the rate must be 0");
            return null;
        }
        return known;
    }

    /** {excluding VAT, VAT}, or null after reporting what is wrong. */
    private static BigDecimal[] amounts(ExpenseInput in, BigDecimal rate, Problems p) {
        BigDecimal net = in.amountExclVat();
        BigDecimal gross = in.amountInclVat();
        BigDecimal vat = in.vatAmount();
        if (net == null && gross == null) {
            p.add("amountExclVat", "an amount is required, excluding VAT or including VAT");
            return null;
        }
        boolean valid = (net == null || money(net, "amountExclVat", true, p))
                & (gross == null || money(gross, "amountInclVat", true, p))
                & (vat == null || money(vat, "vatAmount", false, p));
        if (!valid || rate == null) {
            return null;
        }
        BigDecimal expected;
        if (net != null && gross != null) {
            // a sheet with the three columns filled: they must add up
            BigDecimal implied = gross.subtract(net);
            if (implied.signum() < 0 || vat != null && vat.compareTo(implied) != 0) {
                p.add("amountInclVat", gross.toPlainString() + " is not " + net.toPlainString() + " + "
                        + (vat == null ? "VAT" : vat.toPlainString()));
                return null;
            }
            vat = implied;
            expected = net.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP);
        } else if (net != null) {
            expected = net.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP);
            vat = vat == null ? expected : vat;
        } else {
            if (vat == null) {
                net = gross.multiply(HUNDRED).divide(HUNDRED.add(rate), 2, RoundingMode.HALF_UP);
                vat = gross.subtract(net);
            } else {
                net = gross.subtract(vat);
                if (net.signum() <= 0) {
                    p.add("vatAmount", vat.toPlainString() + " is not less than the amount including VAT "
                            + gross.toPlainString());
                    return null;
                }
            }
            expected = net.multiply(rate).divide(HUNDRED, 2, RoundingMode.HALF_UP);
        }
        if (rate.signum() == 0 && vat.signum() != 0) {
            p.add("vatAmount", "must be 0 at a 0 % rate");
            return null;
        }
        if (vat.subtract(expected).abs().compareTo(BigDecimal.valueOf(VAT_TOLERANCE_CENTS, 2)) > 0) {
            p.add("vatAmount", vat.toPlainString() + " does not match " + rate.stripTrailingZeros().toPlainString()
                    + " % of " + net.toPlainString() + " (" + expected.toPlainString()
                    + "); a receipt with several rates is recorded as one expense per rate");
            return null;
        }
        return new BigDecimal[] {net.setScale(2), vat.setScale(2)};
    }

    private static boolean money(BigDecimal amount, String field, boolean positive, Problems p) {
        if (positive ? amount.signum() <= 0 : amount.signum() < 0) {
            p.add(field, amount.toPlainString() + (positive ? " must be more than 0" : " must not be negative"));
            return false;
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            p.add(field, amount.toPlainString() + " has more than 2 decimals");
            return false;
        }
        if (amount.compareTo(MAX_AMOUNT) >= 0) {
            p.add(field, amount.toPlainString() + " is not below " + MAX_AMOUNT.toPlainString());
            return false;
        }
        return true;
    }

    /** A text stripped; required or not; refused when too long or holding a character an invoice cannot print. */
    private static String text(String value, String field, int max, boolean required, Problems p) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                p.add(field, "is required");
            }
            return null;
        }
        int bad = XmlCharacters.firstRefused(v);
        if (bad >= 0) {
            p.add(field, XmlCharacters.describe(v, bad));
            return null;
        }
        if (v.codePointCount(0, v.length()) > max) {
            p.add(field, "longer than " + max + " characters");
            return null;
        }
        return v;
    }
}
