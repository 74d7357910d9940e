package dev.crahub.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the reports written beside rejected inbox files, and how a file name is shown in reports and logs. A
 * file system accepts names our reports cannot simply extend or show: a line feed or carriage return, other
 * control characters, 255 bytes already (so {@code <name>.error.txt} does not fit). The rule (ADR 0011):
 * <ul>
 * <li>the report is {@code <name>.error.txt} when that is at most 255 bytes of UTF-8 and the name has no control
 * character;</li>
 * <li>else control characters become {@code _}, the name is cut (at a character boundary) so that
 * {@code <cut name>~<hash>.error.txt} fits 255 bytes, where {@code <hash>} is the first 8 hex digits of the
 * SHA-256 of the original name's UTF-8 bytes: the report stays linked to its file, and two long names sharing a
 * prefix get different reports;</li>
 * <li>the rejected file itself keeps its name in {@code .error/}; the report's first lines name it, escaped.</li>
 * </ul>
 */
public final class InboxFileNames {

    /** Longest file name (in bytes) of the usual Linux file systems (ext4, xfs, btrfs, tmpfs). */
    public static final int MAX_NAME_BYTES = 255;
    static final String REPORT_SUFFIX = ".error.txt";

    private InboxFileNames() {
    }

    /** The name of the report written beside a rejected file named {@code name} in {@code .error/}. */
    public static String reportName(String name) {
        String plain = name + REPORT_SUFFIX;
        if (!hasControl(name) && utf8Length(plain) <= MAX_NAME_BYTES) {
            return plain;
        }
        String tail = "~" + hash(name) + REPORT_SUFFIX;
        StringBuilder cut = new StringBuilder();
        int budget = MAX_NAME_BYTES - utf8Length(tail);
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int safe = Character.isISOControl(c) || c == '/' || c == '\\' ? '_' : c;
            int bytes = utf8Length(new String(Character.toChars(safe)));
            if (used + bytes > budget) {
                break;
            }
            cut.appendCodePoint(safe);
            used += bytes;
            i += Character.charCount(c);
        }
        return cut + tail;
    }

    /** A name as reports and logs show it: control characters escaped ({@code \n}, {@code \r}, {@code \u0001}). */
    public static String shown(String name) {
        if (name == null) {
            return "(no name)";
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        name.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasControl(String name) {
        return name.codePoints().anyMatch(Character::isISOControl);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
