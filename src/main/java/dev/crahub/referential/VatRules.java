package dev.crahub.referential;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which VAT regime fits which seller and buyer, checked when the referential is loaded (for the parties the document
 * holds) and again when an invoice is issued (against the stored parties): a wrong regime is a wrong invoice, fined
 * per mention (CGI art. 1737), so it is refused rather than printed.
 * <ul>
 *   <li>REVERSE_CHARGE: a buyer established in another EU member state, with its VAT number (printed);</li>
 *   <li>EXPORT: a buyer outside the EU (Monaco is in the French VAT territory, the DOM too: not an export here);</li>
 *   <li>FRANCHISE: only for a seller under the franchise en base, whose every contract bills under it;</li>
 *   <li>a seller under the franchise cannot opt for VAT on debits (it charges no VAT).</li>
 * </ul>
 */
public final class VatRules {

    /** EU member states (ISO 3166-1 alpha-2), France included. */
    public static final Set<String> EU = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
            "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");
    /** Countries and territories invoiced with French VAT (Monaco, the overseas departments). */
    private static final Set<String> FRENCH_VAT = Set.of("FR", "MC", "GP", "MQ", "RE", "GF", "YT");
    /** French rates (CGI art. 278 to 281 nonies): a line carries one of them, or 0 (zero-rated). */
    public static final List<BigDecimal> FRENCH_RATES = List.of(new BigDecimal("20"), new BigDecimal("10"),
            new BigDecimal("5.5"), new BigDecimal("2.1"));

    private VatRules() {
    }

    /** Whether a rate is one of the French rates (20, 10, 5.5, 2.1), or 0 when {@code zeroAllowed}. */
    public static boolean isFrenchRate(BigDecimal rate, boolean zeroAllowed) {
        return rate != null && ((zeroAllowed && rate.signum() == 0)
                || FRENCH_RATES.stream().anyMatch(r -> r.compareTo(rate) == 0));
    }

    /**
     * The problems of a regime for this seller and buyer, each prefixed with {@code at}.
     *
     * @param seller null when not known (the check of the seller is then skipped)
     * @param buyer  null when not known (the checks of the buyer are then skipped)
     */
    public static List<String> problems(String at, VatRegime regime, Seller seller, Client buyer) {
        List<String> problems = new ArrayList<>();
        if (regime == null) {
            return problems;
        }
        if (seller != null) {
            if (seller.vatFranchise() && regime != VatRegime.FRANCHISE) {
                problems.add(at + ".vatRegime: seller '" + seller.code() + "' is under the franchise en base (art. 293 B"
                        + " CGI): its contracts bill under FRANCHISE, not " + regime);
            } else if (!seller.vatFranchise() && regime == VatRegime.FRANCHISE) {
                problems.add(at + ".vatRegime: FRANCHISE (art. 293 B CGI) needs a seller under the franchise en base;"
                        + " seller '" + seller.code() + "' is not (vatFranchise: true)");
            }
        }
        if (buyer == null || buyer.address() == null || buyer.address().country() == null) {
            return problems;
        }
        String country = buyer.address().country();
        switch (regime) {
            case REVERSE_CHARGE -> {
                if (FRENCH_VAT.contains(country) || !EU.contains(country)) {
                    problems.add(at + ".vatRegime: REVERSE_CHARGE (autoliquidation) is for a buyer established in another"
                            + " EU member state; client '" + buyer.code() + "' is in " + country
                            + (EU.contains(country) || FRENCH_VAT.contains(country) ? " (French VAT applies)" : " (outside the EU: EXPORT)"));
                }
                if (buyer.vatNumber() == null || buyer.vatNumber().isBlank()) {
                    problems.add(at + ".vatRegime: REVERSE_CHARGE needs the buyer's VAT number (printed on the invoice);"
                            + " client '" + buyer.code() + "' has none");
                } else if (!FRENCH_VAT.contains(country) && EU.contains(country)
                        && !vatCountry(buyer.vatNumber()).equals(country.equals("GR") ? "EL" : country)) {
                    problems.add(at + ".vatRegime: client '" + buyer.code() + "' VAT number " + buyer.vatNumber()
                            + " is not of its country " + country);
                }
            }
            case EXPORT -> {
                if (EU.contains(country) || FRENCH_VAT.contains(country)) {
                    problems.add(at + ".vatRegime: EXPORT (art. 259-1 CGI) is for a buyer established outside the EU;"
                            + " client '" + buyer.code() + "' is in " + country
                            + (FRENCH_VAT.contains(country) ? " (French VAT applies)" : " (an EU business buyer: REVERSE_CHARGE)"));
                }
            }
            default -> {
            }
        }
        return problems;
    }

    /** The problems of a seller on its own: the franchise en base charges no VAT, so it cannot opt for debits. */
    public static List<String> problems(String at, Seller seller) {
        List<String> problems = new ArrayList<>();
        if (seller.vatFranchise() && seller.vatOnDebits()) {
            problems.add(at + ".vatOnDebits: a seller under the franchise en base (art. 293 B CGI) charges no VAT and"
                    + " cannot opt for VAT on debits");
        }
        return problems;
    }

    private static String vatCountry(String vatNumber) {
        return vatNumber.length() < 2 ? "" : vatNumber.substring(0, 2).toUpperCase(java.util.Locale.ROOT);
    }
}
