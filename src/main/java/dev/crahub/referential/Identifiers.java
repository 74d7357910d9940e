package dev.crahub.referential;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** Checks of French and international identifiers: SIREN (Luhn), French VAT numbers (key), IBAN (ISO 13616). */
public final class Identifiers {

    private static final Pattern SIREN = Pattern.compile("\\d{9}");
    private static final Pattern FR_VAT = Pattern.compile("FR([0-9A-HJ-NP-Z]{2})(\\d{9})");
    private static final Pattern EU_VAT = Pattern.compile("[A-Z]{2}[0-9A-Z+*]{2,13}");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");
    private static final Pattern BIC = Pattern.compile("[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Identifiers() {
    }

    public static boolean isSiren(String value) {
        return value != null && SIREN.matcher(value).matches() && luhn(value);
    }

    /** An intra-EU VAT number; for France the two-digit key must match the SIREN. */
    public static boolean isVatNumber(String value) {
        if (value == null) {
            return false;
        }
        var fr = FR_VAT.matcher(value);
        if (fr.matches()) {
            String key = fr.group(1);
            String siren = fr.group(2);
            if (!key.chars().allMatch(Character::isDigit)) {
                return true; // new-style alphanumeric keys are not checkable this way
            }
            int expected = (12 + 3 * (int) (Long.parseLong(siren) % 97)) % 97;
            return Integer.parseInt(key) == expected;
        }
        return !value.startsWith("FR") && EU_VAT.matcher(value).matches();
    }

    public static String frenchVatNumber(String siren) {
        int key = (12 + 3 * (int) (Long.parseLong(siren) % 97)) % 97;
        return "FR%02d%s".formatted(key, siren);
    }

    public static boolean isIban(String value) {
        if (value == null || !IBAN.matcher(value).matches()) {
            return false;
        }
        String rearranged = value.substring(4) + value.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    public static boolean isBic(String value) {
        return value != null && BIC.matcher(value).matches();
    }

    public static boolean isEmail(String value) {
        return value != null && EMAIL.matcher(value).matches();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
