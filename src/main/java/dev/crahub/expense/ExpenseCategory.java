package dev.crahub.expense;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an expense paid for. Five categories, the ones a client's accounts payable tells apart on a consulting
 * invoice; anything else is OTHER with its description. Files may name them in French or English
 * ({@code Hôtel}, {@code lodging}); see ADR 0016.
 */
public enum ExpenseCategory {
    /** train, plane, taxi, public transport, car rental, tolls, parking */
    TRAVEL,
    /** hotel nights */
    LODGING,
    /** meals on assignment */
    MEALS,
    /** a mileage allowance for the consultant's own vehicle (no supplier invoice, hence no VAT: rate 0) */
    MILEAGE,
    /** anything else, said by the description */
    OTHER;

    private static final Map<String, ExpenseCategory> NAMES = Map.ofEntries(
            Map.entry("travel", TRAVEL), Map.entry("transport", TRAVEL), Map.entry("deplacement", TRAVEL),
            Map.entry("deplacements", TRAVEL), Map.entry("voyage", TRAVEL), Map.entry("train", TRAVEL),
            Map.entry("avion", TRAVEL), Map.entry("taxi", TRAVEL),
            Map.entry("lodging", LODGING), Map.entry("accommodation", LODGING), Map.entry("hotel", LODGING),
            Map.entry("hebergement", LODGING),
            Map.entry("meals", MEALS), Map.entry("meal", MEALS), Map.entry("repas", MEALS),
            Map.entry("restaurant", MEALS), Map.entry("restauration", MEALS),
            Map.entry("mileage", MILEAGE), Map.entry("kilometrique", MILEAGE), Map.entry("kilometriques", MILEAGE),
            Map.entry("indemnites kilometriques", MILEAGE), Map.entry("indemnite kilometrique", MILEAGE),
            Map.entry("ik", MILEAGE),
            Map.entry("other", OTHER), Map.entry("autre", OTHER), Map.entry("autres", OTHER), Map.entry("divers", OTHER));

    /** A category as people write it: the code ({@code LODGING}) or a French or English word ({@code Hôtel}). */
    public static Optional<ExpenseCategory> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = Normalizer.normalize(text.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
        return Optional.ofNullable(NAMES.get(key));
    }
}
