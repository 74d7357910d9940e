package dev.crahub.timesheet.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds what an XML parser may be asked to hold, before it parses: looking at the bytes as they stream, it stops
 * the reading when the text between two element tags (text, CDATA, comments together), one tag with its attributes,
 * or the nesting of elements passes its limit. StAX and schema validators hold a whole text node in memory, and the
 * JDK's have no limit of their own: a 1 GB text node would exhaust the heap. The check is a small state machine per
 * byte, so it costs little next to parsing.
 * <p>
 * Lengths are counted in bytes of the encoded document; the callers give a budget generous enough for any encoding
 * and escape ({@code &amp;}) of a value within its limit, and check the decoded value's length exactly afterwards.
 */
final class XmlTextGuard extends FilterInputStream {

    private enum State { TEXT, LT, TAG, MARKUP }

    private final long maxText;
    private final long maxTag;
    private final long shownLimit;
    private final int maxDepth;
    private final String textKey;
    private final String depthKey;
    private State state = State.TEXT;
    private long text;
    private long tag;
    private int depth;
    private long line = 1;
    private boolean closing;
    private byte quote;
    private byte previous;
    private byte beforePrevious;
    private String markupEnd;
    private LimitExceededException failure;

    /**
     * @param maxChars characters of one value (text between two element tags, or one tag); counted in bytes with a
     *                 budget of ten bytes a character (the longest escape) and 1 KB of markup
     * @param textKey  the setting behind {@code maxChars}, named in the report
     * @param maxDepth nesting of elements
     * @param depthKey the setting behind {@code maxDepth}
     */
    XmlTextGuard(InputStream in, long maxChars, String textKey, int maxDepth, String depthKey) {
        super(in);
        this.shownLimit = maxChars;
        this.maxText = 10 * maxChars + 1024;
        this.maxTag = maxText;
        this.maxDepth = maxDepth;
        this.textKey = textKey;
        this.depthKey = depthKey;
    }

    /** The limit passed, if the reading was stopped (parsers wrap the exception thrown into their own). */
    LimitExceededException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b != -1) {
            accept((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            accept(buffer[offset + i]);
        }
        return n;
    }

    /**
     * Feeds the state machine one character's worth: bytes as they come for UTF-8 and single-byte encodings; for
     * UTF-16 (told by its BOM or by {@code <} with a zero byte, as the XML spec's autodetection does) a code unit
     * at a time, so {@code </} and {@code />} are still seen through the zero bytes.
     */
    private void accept(byte b) throws LimitExceededException {
        if (mode == Mode.BYTES) {
            scan(b);
            return;
        }
        if (first == -1) {
            first = b & 0xFF;
            return;
        }
        int second = b & 0xFF;
        if (mode == null) {
            mode = first == 0xFF && second == 0xFE || first == '<' && second == 0 ? Mode.LE
                    : first == 0xFE && second == 0xFF || first == 0 && second == '<' ? Mode.BE : Mode.BYTES;
            if (mode == Mode.BYTES) {
                scan((byte) first);
                scan(b);
                return;
            }
        }
        int unit = mode == Mode.LE ? first | second << 8 : first << 8 | second;
        first = -1;
        scan(unit < 0x80 ? (byte) unit : (byte) 'x');
    }

    private enum Mode { BYTES, LE, BE }

    private Mode mode;
    private int first = -1;

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping is not supported");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void scan(byte b) throws LimitExceededException {
        if (failure != null) {
            throw failure;
        }
        if (b == '\n') {
            line++;
        }
        switch (state) {
            case TEXT -> {
                if (b == '<') {
                    state = State.LT;
                } else {
                    text(1);
                }
            }
            case LT -> {
                if (b == '!' || b == '?') {
                    state = State.MARKUP;
                    markupEnd = b == '?' ? "?>" : null;
                    text(2);
                } else {
                    state = State.TAG;
                    closing = b == '/';
                    quote = 0;
                    tag = 2;
                }
            }
            case TAG -> {
                if (++tag > maxTag) {
                    fail("an element tag holds " + LimitExceededException.moreThan(shownLimit, "characters", textKey));
                }
                if (quote != 0) {
                    if (b == quote) {
                        quote = 0;
                    }
                } else if (b == '"' || b == '\'') {
                    quote = b;
                } else if (b == '>') {
                    if (closing) {
                        depth--;
                    } else if (previous != '/' && ++depth > maxDepth) {
                        fail("elements are nested " + LimitExceededException.moreThan(maxDepth, "levels deep", depthKey));
                    }
                    text = 0;
                    state = State.TEXT;
                }
            }
            case MARKUP -> {
                text(1);
                if (markupEnd == null) {
                    // after "<!": a comment "<!--", a CDATA "<![CDATA[" or a declaration (ends at the next '>')
                    if (previous == '!' && b == '-') {
                        markupEnd = "-->";
                    } else if (previous == '!' && b == '[') {
                        markupEnd = "]]>";
                    } else if (previous == '!') {
                        markupEnd = ">";
                    }
                } else if (b == '>' && ends()) {
                    state = State.TEXT;
                }
            }
        }
        beforePrevious = previous;
        previous = b;
    }

    private boolean ends() {
        return switch (markupEnd) {
            case "-->" -> previous == '-' && beforePrevious == '-';
            case "]]>" -> previous == ']' && beforePrevious == ']';
            case "?>" -> previous == '?';
            default -> true;
        };
    }

    private void text(int n) throws LimitExceededException {
        text += n;
        if (text > maxText) {
            fail("a text holds " + LimitExceededException.moreThan(shownLimit, "characters", textKey));
        }
    }

    private void fail(String reason) throws LimitExceededException {
        failure = new LimitExceededException(line, null, reason);
        throw failure;
    }
}
