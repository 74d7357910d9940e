package dev.crahub.system;

/**
 * The characters a value may hold. Every text the hub imports ends up in an XML document (CRA, invoice), and XML 1.0
 * cannot carry the C0 controls other than TAB, LF and CR, lone surrogates, U+FFFE or U+FFFF: one such character
 * imported into a comment made a whole contract's CRA fail to build. Imports therefore refuse them, and also refuse
 * DEL and the C1 controls (U+007F-U+009F), which XML 1.0 carries but which are invisible in a PDF and almost always
 * the sign of a file decoded with the wrong charset. Writers check only what XML 1.0 cannot carry, so data imported
 * before the rule still renders when it can.
 * <p>
 * The scan is one pass over the characters with an ASCII fast path: it costs little next to parsing.
 */
public final class XmlCharacters {

    private XmlCharacters() {
    }

    /** @return the index of the first character an import refuses, or -1 when the value is clean */
    public static int firstRefused(CharSequence s) {
        return first(s, true);
    }

    /** @return the index of the first character an XML 1.0 document cannot carry, or -1 */
    public static int firstUnwritable(CharSequence s) {
        return first(s, false);
    }

    private static int first(CharSequence s, boolean refuseC1) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue;
            }
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    return i;
                }
            } else if (c <= 0x9F) {
                if (refuseC1) {
                    return i;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What is wrong with the character at {@code index}, in words a user reads:
     * {@code control character U+0001 is not allowed (character 17)}.
     */
    public static String describe(CharSequence s, int index) {
        char c = s.charAt(index);
        String code = String.format("U+%04X", (int) c);
        String what;
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            what = "control character " + code;
        } else if (Character.isSurrogate(c)) {
            what = "unpaired surrogate " + code;
        } else {
            what = "non-character " + code;
        }
        return what + " is not allowed (character " + (index + 1) + ")";
    }
}
