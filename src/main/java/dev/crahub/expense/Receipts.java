package dev.crahub.expense;

import dev.crahub.document.ReceiptFiles;
import dev.crahub.system.Hashing;

/**
 * Checks a receipt before it is kept: not empty, within {@link ExpenseSettings#receiptMaxSize()}, a PDF, JPEG or PNG by
 * its magic bytes (the name and the declared type are not trusted), and readable the way it will be appended to an
 * invoice ({@link ReceiptFiles#check}). The original name is kept for people, stripped of any path and of
 * characters a header or a PDF cannot show.
 */
public final class Receipts {

    private final ExpenseSettings settings;

    public Receipts(ExpenseSettings settings) {
        this.settings = settings;
    }

    /** A receipt that passed the checks. */
    public record Checked(String mediaType, String sha256, String originalName, byte[] content) {
    }

    /** A stored receipt as the archive sees it. */
    public record Stored(long id, String sha256, String mediaType) {
    }

    /** A receipt refused; {@link #tooLarge()} tells a size problem (413) from a content problem (400). */
    public static final class RefusedReceiptException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final boolean tooLarge;

        RefusedReceiptException(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }

    public long maxBytes() {
        return settings.receiptMaxSize().toBytes();
    }

    public Checked check(byte[] content, String originalName) {
        if (content.length == 0) {
            throw new RefusedReceiptException("the receipt file is empty", false);
        }
        if (content.length > maxBytes()) {
            throw new RefusedReceiptException(String.format(java.util.Locale.ROOT,
                    "the receipt holds %,d bytes, more than %,d (crahub.expense.receipt-max-size)", content.length,
                    maxBytes()), true);
        }
        String type = ReceiptFiles.mediaType(content).orElseThrow(() -> new RefusedReceiptException(
                "the receipt is not a PDF, JPEG or PNG file (told by its content, whatever its name)", false));
        try {
            ReceiptFiles.check(content, type, settings.receiptMaxPages(), settings.receiptMaxPixels());
        } catch (ReceiptFiles.UnreadableReceiptException e) {
            throw new RefusedReceiptException("receipt: " + e.getMessage(), false);
        }
        return new Checked(type, Hashing.sha256(content), displayName(originalName), content);
    }

    /** The last path segment, without control or format characters, at most 255 characters; null when nothing is left. */
    static String displayName(String name) {
        if (name == null) {
            return null;
        }
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder b = new StringBuilder();
        last.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                        && Character.getType(c) != Character.SURROGATE && c != '"' && c != 0xFFFE && c != 0xFFFF)
                .limit(255).forEach(b::appendCodePoint);
        String shown = b.toString().strip();
        return shown.isEmpty() ? null : shown;
    }
}
