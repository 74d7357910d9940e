package dev.crahub.referential;

/**
 * The VAT treatment of a contract; each non-standard regime carries a legal mention on the invoice and, for
 * e-invoicing, a VAT exemption reason code from the CEF VATEX list (EN 16931 BT-121) with its text (BT-120).
 */
public enum VatRegime {
    /** French VAT at the contract's rate (category S; a line at 0 % is zero-rated, category Z). */
    STANDARD("S", null),
    /** Intra-EU B2B services: the buyer self-assesses (category AE, "Autoliquidation", art. 283-2 CGI). */
    REVERSE_CHARGE("AE", "VATEX-EU-AE"),
    /** Services to a buyer outside the EU (category G, art. 259-1 CGI). */
    EXPORT("G", "VATEX-EU-G"),
    /** Seller under the franchise en base (category E, art. 293 B CGI). */
    FRANCHISE("E", "VATEX-FR-FRANCHISE");

    private final String category;
    private final String exemptionCode;

    VatRegime(String category, String exemptionCode) {
        this.category = category;
        this.exemptionCode = exemptionCode;
    }

    /** UNCL 5305 VAT category code used by EN 16931. */
    public String category() {
        return category;
    }

    /** The VATEX code of the regime (BT-121), null under STANDARD. */
    public String exemptionCode() {
        return exemptionCode;
    }

    /** The VATEX code of a VAT category (BT-121): AE, G and E carry one, S and Z none. */
    public static String exemptionCode(String category) {
        for (VatRegime r : values()) {
            if (r.category.equals(category)) {
                return r.exemptionCode;
            }
        }
        return null;
    }

    /** The exemption reason as the invoice states it (BT-120), in the invoice's language; null when none. */
    public static String exemptionReason(String category, String language) {
        boolean en = "en".equals(language);
        return switch (category) {
            case "AE" -> en ? "Reverse charge: VAT to be accounted for by the customer (art. 283-2 CGI, art. 196 Directive 2006/112/EC)"
                    : "Autoliquidation : TVA due par le preneur (art. 283-2 du CGI, art. 196 de la directive 2006/112/CE)";
            case "G" -> en ? "VAT not applicable, art. 259-1 CGI: services to a customer established outside the EU"
                    : "TVA non applicable, art. 259-1 du CGI : preneur établi hors de l'Union européenne";
            case "E" -> en ? "VAT not applicable, art. 293 B CGI" : "TVA non applicable, art. 293 B du CGI";
            default -> null;
        };
    }
}
