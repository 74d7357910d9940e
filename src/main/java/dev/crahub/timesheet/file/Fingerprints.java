package dev.crahub.timesheet.file;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable ids for entries a tracker exports without its own id: a hash of the entry's content plus its occurrence
 * number among identical rows of the file, so two identical lines stay two entries and re-dropping the file (or an
 * overlapping export) updates them instead of duplicating them.
 */
public final class Fingerprints {

    private final LongIntMap occurrences = new LongIntMap();

    /** The fingerprint of the next row with this content ({@code \u001f}-separated fields). */
    public String next(String content) {
        int occurrence = occurrences.add(LongIntMap.hash(content), 1);
        return of(content + "\u001f" + occurrence);
    }

    public static String of(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "fp:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
