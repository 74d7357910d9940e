package dev.crahub.delivery;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * What every mail of the hub does with text that comes from outside (the referential, a decision, a person's message)
 * before it reaches a header or a body (ADR 0025): a name or a subject is one line (no CR, LF or other control
 * character: no header can be added through it), clipped; an address is exactly one plain address or the mail fails
 * for good with a clear message (never a half-sent mail, never a group or a second address slipped in); a personal
 * message keeps its line breaks and nothing else. Greetings fit a person ("Bonjour Claire Martin,") or a department
 * ("Bonjour,"), since the referential knows no title.
 */
public final class MailSafety {

    /** Characters of a personal message or a quoted comment; longer ones are cut and say so. */
    public static final int MAX_MESSAGE = 2000;
    /** Addresses in a cc list. */
    static final int MAX_CC = 20;

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");
    private static final Set<String> DEPARTMENT_WORDS = Set.of("service", "services", "département", "departement",
            "department", "direction", "comptabilité", "comptabilite", "accounts", "accounting", "team", "équipe",
            "equipe", "achats", "purchasing", "procurement", "billing", "facturation", "support", "office", "bureau",
            "finance", "finances", "contrôle", "controle", "pôle", "pole", "cellule", "desk", "payable", "payables",
            "fournisseurs", "fournisseur", "dsi", "it", "rh", "hr", "contact", "admin", "administration", "gestion",
            "secrétariat", "secretariat", "invoices", "invoicing", "factures", "accueil", "reception", "ltd", "sas",
            "sa", "sarl", "inc", "gmbh");
    private static final Set<String> NAME_PARTICLES = Set.of("de", "du", "des", "le", "la", "van", "von", "der",
            "den", "da", "di", "dos", "del", "y", "d'", "l'", "ter", "ten", "bin", "al");

    private MailSafety() {
    }

    /** One line: control characters (CR, LF, tabs...) become a space, the whole clipped. Never null. */
    public static String oneLine(String s, int max) {
        if (s == null) {
            return "";
        }
        String line = CONTROL.matcher(s).replaceAll(" ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    /** A text quoted in a body: line breaks kept (as LF), other control characters dropped, clipped. Null stays null. */
    public static String paragraph(String text, int max) {
        if (text == null) {
            return null;
        }
        String c = text.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085&&[^\\n]]", " ")
                .strip();
        if (c.isEmpty()) {
            return null;
        }
        return c.length() <= max ? c : c.substring(0, max) + " […]";
    }

    /** The lines of a paragraph, for an HTML template ({@code <br>} between them, each escaped). */
    public static List<String> lines(String paragraph) {
        return paragraph == null ? null : Arrays.asList(paragraph.split("\n", -1));
    }

    /** "Bonjour Claire Martin," / "Dear Claire Martin," for a person; "Bonjour," / "Hello," for a department or none. */
    public static String greeting(String name, String language) {
        boolean fr = !"en".equals(language);
        String n = oneLine(name, 120);
        if (!looksLikeAPerson(n)) {
            return fr ? "Bonjour," : "Hello,";
        }
        return (fr ? "Bonjour " : "Dear ") + n + ",";
    }

    /** Two to five capitalised words, none of them a department's ("Service", "Comptabilité", "Accounts"...). */
    public static boolean looksLikeAPerson(String name) {
        if (name == null || name.isBlank() || name.contains("@") || name.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        String[] words = name.strip().split("\\s+");
        if (words.length < 2 || words.length > 5) {
            return false;
        }
        for (String word : words) {
            String w = word.toLowerCase(Locale.ROOT);
            if (DEPARTMENT_WORDS.contains(w) || DEPARTMENT_WORDS.contains(w.replaceAll("[^\\p{L}]", ""))) {
                return false;
            }
            if (!NAME_PARTICLES.contains(w) && !Character.isUpperCase(word.codePointAt(0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Exactly one plain address (no name, no group, no second address, no control character) with the given display
     * name (one line, encoded as needed), or an {@link UnsendableMailException} saying which address is wrong.
     */
    public static InternetAddress address(String email, String name, String role) {
        String address = email == null ? "" : email.strip();
        String refused = role + " '" + oneLine(address, 200) + "' is not an e-mail address";
        if (address.isEmpty() || address.length() > 254 || CONTROL.matcher(address).find()) {
            throw new UnsendableMailException(refused);
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            if (parsed.isGroup() || parsed.getPersonal() != null || !address.equals(parsed.getAddress())
                    || address.indexOf('@') <= 0 || address.endsWith("@") || !address.substring(address.indexOf('@')).contains(".")
                    && !address.endsWith("@localhost")) {
                throw new UnsendableMailException(refused);
            }
            String personal = oneLine(name, 200);
            if (!personal.isEmpty()) {
                parsed.setPersonal(personal, "UTF-8");
            }
            return parsed;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new UnsendableMailException(refused);
        }
    }

    /** A cc list: each entry one plain address (see {@link #address}), at most {@value #MAX_CC}, duplicates dropped. */
    public static InternetAddress[] ccList(List<String> emails) {
        List<InternetAddress> cc = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String e : emails == null ? List.<String>of() : emails) {
            InternetAddress a = address(e, null, "cc address");
            if (!seen.contains(a.getAddress().toLowerCase(Locale.ROOT))) {
                seen.add(a.getAddress().toLowerCase(Locale.ROOT));
                cc.add(a);
            }
        }
        if (cc.size() > MAX_CC) {
            throw new UnsendableMailException(cc.size() + " cc addresses, at most " + MAX_CC);
        }
        return cc.toArray(InternetAddress[]::new);
    }

    /** An address for Reply-To, or null when there is none or it is not one plain address (never fails the mail). */
    public static InternetAddress replyTo(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            return address(email, null, "reply-to address");
        } catch (UnsendableMailException e) {
            return null;
        }
    }
}
