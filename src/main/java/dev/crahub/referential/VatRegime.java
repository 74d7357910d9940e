package dev.crahub.referential;

/** The VAT treatment of a contract; each non-standard regime carries a legal mention on the invoice. */
public enum VatRegime {
    /** French VAT at the contract's rate (category S). */
    STANDARD("S"),
    /** Intra-EU B2B services: the buyer self-assesses (category AE, "Autoliquidation"). */
    REVERSE_CHARGE("AE"),
    /** Services to a buyer outside the EU (category G, art. 259-1 CGI). */
    EXPORT("G"),
    /** Seller under the franchise en base (category E, art. 293 B CGI). */
    FRANCHISE("E");

    private final String category;

    VatRegime(String category) {
        this.category = category;
    }

    /** UNCL 5305 VAT category code used by EN 16931. */
    public String category() {
        return category;
    }
}
