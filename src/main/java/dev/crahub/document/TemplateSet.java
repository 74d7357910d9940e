package dev.crahub.document;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named template set of the home ({@code templates/<name>/template.yaml} and its files), as {@link TemplateSetParser}
 * validated it: what a client's or a project's invoices look like. Language (null: the client's), the annexes and
 * their order, the logo, two colours and extra wording per language. Rendering turns it into stylesheet parameters
 * ({@link #stylesheetParameters(String)}); the invoice's canonical XML is not changed by it (except its language).
 */
public record TemplateSet(String name, String language, List<Annex> annexes, Logo logo, Colours colours,
                          Map<String, Wording> wording, List<String> mailAttachments) {

    /** {@code mail.attachments}: the annexes also attached alone, beside the invoice (ADR 0025). */
    public static final String MAIL_ANNEXES_SEPARATELY = "annexes-separately";
    /** {@code mail.attachments}: the approved CRA's PDF attached to the invoice mail. */
    public static final String MAIL_CRA = "cra";
    /** What {@code mail.attachments} may list. */
    public static final List<String> MAIL_ATTACHMENTS = List.of(MAIL_ANNEXES_SEPARATELY, MAIL_CRA);

    public TemplateSet(String name, String language, List<Annex> annexes, Logo logo, Colours colours,
                       Map<String, Wording> wording) {
        this(name, language, annexes, logo, colours, wording, List.of());
    }

    /** The set every contract and client without a {@code templateSet} uses. */
    public static final String DEFAULT = "default";

    /** The namespace of the stylesheets' functions and parameters (prefix {@code f}). */
    static final String XSL_NAMESPACE = "urn:crahub:xsl:functions";

    public TemplateSet {
        annexes = List.copyOf(annexes);
        wording = Map.copyOf(wording);
        mailAttachments = mailAttachments == null ? List.of() : List.copyOf(mailAttachments);
    }

    /** The annexes a set may list, by their name in {@code template.yaml}. */
    public enum Annex {
        TIME_DETAIL("time-detail"), EXPENSES("expenses"), PRODUCTS("products");

        private final String key;

        Annex(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Annex of(String key) {
            for (Annex a : values()) {
                if (a.key.equals(key)) {
                    return a;
                }
            }
            return null;
        }

        static List<String> keys() {
            return java.util.Arrays.stream(values()).map(Annex::key).toList();
        }
    }

    /** The logo: its file in the set's folder, its media type read from its content, its bytes. */
    public record Logo(String file, String mediaType, byte[] content) {

        /** A {@code data:} URI, the only way FOP reads an image outside the stylesheet folder. */
        String dataUri() {
            return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(content);
        }
    }

    /**
     * Accent (titles, headings, rules) and header (table headers, the amount due) colours as {@code #RRGGBB}; the
     * header's text is white or the body's dark grey, whichever reads better on it.
     */
    public record Colours(String accent, String header) {

        public static final Colours HOUSE = new Colours("#1F3A5F", "#1F3A5F");
        static final String TEXT = "#1E2430";
        static final String WHITE = "#FFFFFF";

        String headerText() {
            return contrast(header, WHITE) >= contrast(header, TEXT) ? WHITE : TEXT;
        }

        /** WCAG 2 contrast ratio of two {@code #RRGGBB} colours (1 to 21). */
        static double contrast(String a, String b) {
            double la = luminance(a);
            double lb = luminance(b);
            return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
        }

        private static double luminance(String hex) {
            int rgb = Integer.parseInt(hex.substring(1), 16);
            return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
        }

        private static double channel(int value) {
            double c = (value & 0xFF) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
    }

    /** Extra text printed on the invoice, in one language: under the letterhead, in the footer, with the payment. */
    public record Wording(String header, String footer, String payment) {
    }

    /** The language an invoice of this set is written in: the set's, else the client's, else French. */
    public String languageFor(String clientLanguage) {
        return language != null ? language : clientLanguage != null ? clientLanguage : "fr";
    }

    /**
     * The parameters of {@code xsl/invoice-fo.xsl} that apply this set to an invoice in {@code language}, by their
     * expanded name ({@code {urn:crahub:xsl:functions}color-accent}).
     */
    public Map<String, String> stylesheetParameters(String language) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(param("template-name"), name);
        p.put(param("template-annexes"), String.join(" ", annexes.stream().map(Annex::key).toList()));
        p.put(param("template-logo"), logo == null ? "" : logo.dataUri());
        p.put(param("color-accent"), colours.accent());
        p.put(param("color-header"), colours.header());
        p.put(param("color-header-text"), colours.headerText());
        Wording w = wording.getOrDefault(language, new Wording(null, null, null));
        p.put(param("template-header-note"), w.header() == null ? "" : w.header());
        p.put(param("template-footer-note"), w.footer() == null ? "" : w.footer());
        p.put(param("template-payment-note"), w.payment() == null ? "" : w.payment());
        return p;
    }

    private static String param(String local) {
        return "{" + XSL_NAMESPACE + "}" + local;
    }
}
