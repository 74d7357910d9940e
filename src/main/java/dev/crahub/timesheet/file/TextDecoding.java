package dev.crahub.timesheet.file;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Opens a text file the way exports arrive: a BOM wins (UTF-8, UTF-16 LE or BE), else strict UTF-8 if the whole file
 * decodes as such, else Windows-1252 (what French Excel writes). UTF-16 without a BOM (zero bytes in every other
 * position) and UTF-32 are refused with a reason rather than read as garbage rows. The UTF-8 check streams over the bytes once; the file is
 * then re-opened with the charset found, so nothing is held in memory.
 */
public final class TextDecoding {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int BUFFER = 64 * 1024;
    private static final int SAMPLE = 4096;

    private TextDecoding() {
    }

    /** The charset of the file and how many BOM bytes to skip. */
    public record Encoding(Charset charset, int bom) {
    }

    public static Encoding detect(TextInput input) throws IOException {
        try (InputStream in = new BufferedInputStream(input.open(), BUFFER)) {
            in.mark(SAMPLE + 1);
            byte[] sample = in.readNBytes(SAMPLE);
            int b0 = sample.length > 0 ? sample[0] & 0xFF : -1;
            int b1 = sample.length > 1 ? sample[1] & 0xFF : -1;
            int b2 = sample.length > 2 ? sample[2] & 0xFF : -1;
            int b3 = sample.length > 3 ? sample[3] & 0xFF : -1;
            if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
                return new Encoding(StandardCharsets.UTF_8, 3);
            }
            if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0 || b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
                throw new IOException("the file is UTF-32 text, which is not read: save it as UTF-8 (or UTF-16)");
            }
            if (b0 == 0xFF && b1 == 0xFE) {
                return new Encoding(StandardCharsets.UTF_16LE, 2);
            }
            if (b0 == 0xFE && b1 == 0xFF) {
                return new Encoding(StandardCharsets.UTF_16BE, 2);
            }
            String utf16 = utf16WithoutBom(sample);
            if (utf16 != null) {
                throw new IOException("the file looks like UTF-16 (" + utf16 + ") text without a byte order mark, "
                        + "so it cannot be told from other encodings: save it as UTF-8, or as UTF-16 with its BOM "
                        + "(Excel: \"Unicode Text\"; most editors: \"UTF-16 with BOM\")");
            }
            in.reset();
            return new Encoding(isUtf8(in) ? StandardCharsets.UTF_8 : WINDOWS_1252, 0);
        }
    }

    /**
     * Whether the first bytes look like UTF-16 without a BOM: text in Latin script has a zero byte in every other
     * position, which no UTF-8 or Windows-1252 text file has. Such a file decoded as UTF-8 would be garbage rows.
     */
    private static String utf16WithoutBom(byte[] sample) {
        int pairs = sample.length / 2;
        if (pairs < 2) {
            return null;
        }
        int zeroEven = 0;
        int zeroOdd = 0;
        for (int i = 0; i + 1 < sample.length; i += 2) {
            zeroEven += sample[i] == 0 ? 1 : 0;
            zeroOdd += sample[i + 1] == 0 ? 1 : 0;
        }
        if (zeroOdd * 2 >= pairs && zeroEven * 10 < pairs) {
            return "little-endian";
        }
        if (zeroEven * 2 >= pairs && zeroOdd * 10 < pairs) {
            return "big-endian";
        }
        return null;
    }

    /** A reader over the decoded text, BOM skipped; malformed input in a BOM-declared file fails with an IOException. */
    public static BufferedReader open(TextInput input) throws IOException {
        return open(input, detect(input));
    }

    /** A reader over the text of a file whose encoding was detected already. */
    public static BufferedReader open(TextInput input, Encoding encoding) throws IOException {
        InputStream in = input.open();
        try {
            in.skipNBytes(encoding.bom());
        } catch (IOException e) {
            in.close();
            throw e;
        }
        CharsetDecoder decoder = encoding.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        if (encoding.charset().equals(WINDOWS_1252)) {
            // five bytes are undefined in Windows-1252 (0x81, 0x8D, ...): read them as Latin-1 does rather than fail
            decoder = encoding.charset().newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
        }
        return new BufferedReader(new InputStreamReader(in, decoder), BUFFER);
    }

    /**
     * Whether the whole stream is well-formed UTF-8 (the JDK decoder's rules: no overlong forms, no surrogates,
     * nothing past U+10FFFF). A byte loop with an ASCII fast path: it runs on every file before it is read, so it
     * must cost little next to the parsing.
     */
    static boolean isUtf8(InputStream in) throws IOException {
        byte[] chunk = new byte[BUFFER];
        int need = 0;
        int lo = 0x80;
        int hi = 0xBF;
        int n;
        while ((n = in.read(chunk)) != -1) {
            for (int i = 0; i < n; i++) {
                int b = chunk[i];
                if (need == 0) {
                    if (b >= 0) {
                        continue;
                    }
                    b &= 0xFF;
                    if (b >= 0xC2 && b <= 0xDF) {
                        need = 1;
                    } else if (b >= 0xE0 && b <= 0xEF) {
                        need = 2;
                        lo = b == 0xE0 ? 0xA0 : 0x80;
                        hi = b == 0xED ? 0x9F : 0xBF;
                    } else if (b >= 0xF0 && b <= 0xF4) {
                        need = 3;
                        lo = b == 0xF0 ? 0x90 : 0x80;
                        hi = b == 0xF4 ? 0x8F : 0xBF;
                    } else {
                        return false;
                    }
                } else {
                    b &= 0xFF;
                    if (b < lo || b > hi) {
                        return false;
                    }
                    lo = 0x80;
                    hi = 0xBF;
                    need--;
                }
            }
        }
        return need == 0;
    }
}
