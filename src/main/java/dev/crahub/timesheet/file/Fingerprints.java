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
    private final MessageDigest sha256 = sha256();

    /** The fingerprint of the next row with this content ({@code \u001f}-separated fields). */
    public String next(String content) {
        int occurrence = occurrences.add(LongIntMap.hash(content), 1);
        // the same digest as of(content + "\u001f" + occurrence), without a provider look-up per row
        sha256.update((content + "\u001f" + occurrence).getBytes(StandardCharsets.UTF_8));
        return "fp:" + HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String of(String content) {
        byte[] digest = sha256().digest(content.getBytes(StandardCharsets.UTF_8));
        return "fp:" + HexFormat.of().formatHex(digest, 0, 16);
    }
}
