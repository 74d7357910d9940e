package dev.crahub.timesheet.file;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Opens a text file the way exports arrive: a BOM wins (UTF-8, UTF-16), else strict UTF-8 if the whole file decodes
 * as such, else Windows-1252 (what French Excel writes). The UTF-8 check streams over the bytes once; the file is
 * then re-opened with the charset found, so nothing is held in memory.
 */
public final class TextDecoding {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int BUFFER = 64 * 1024;

    private TextDecoding() {
    }

    /** The charset of the file and how many BOM bytes to skip. */
    public record Encoding(Charset charset, int bom) {
    }

    public static Encoding detect(TextInput input) throws IOException {
        try (InputStream in = new BufferedInputStream(input.open(), BUFFER)) {
            in.mark(4);
            int b0 = in.read();
            int b1 = in.read();
            int b2 = in.read();
            if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
                return new Encoding(StandardCharsets.UTF_8, 3);
            }
            if (b0 == 0xFF && b1 == 0xFE) {
                return new Encoding(StandardCharsets.UTF_16LE, 2);
            }
            if (b0 == 0xFE && b1 == 0xFF) {
                return new Encoding(StandardCharsets.UTF_16BE, 2);
            }
            in.reset();
            return new Encoding(isUtf8(in) ? StandardCharsets.UTF_8 : WINDOWS_1252, 0);
        }
    }

    /** A reader over the decoded text, BOM skipped; malformed input in a BOM-declared file fails with an IOException. */
    public static BufferedReader open(TextInput input) throws IOException {
        Encoding encoding = detect(input);
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

    private static boolean isUtf8(InputStream in) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[BUFFER];
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER + 8);
        CharBuffer chars = CharBuffer.allocate(BUFFER + 8);
        int n;
        while ((n = in.read(chunk)) != -1) {
            bytes.put(chunk, 0, n).flip();
            CoderResult result = decoder.decode(bytes, chars, false);
            if (result.isError()) {
                return false;
            }
            bytes.compact();
            chars.clear();
        }
        bytes.flip();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError() || bytes.hasRemaining()) {
            return false;
        }
        return !decoder.flush(chars).isError();
    }
}
