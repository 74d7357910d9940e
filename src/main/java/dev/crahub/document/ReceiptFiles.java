package dev.crahub.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * What a receipt file really is, told by its content and never by its name or declared type: a PDF ({@code %PDF-}),
 * a JPEG ({@code FF D8 FF}) or a PNG (its 8-byte signature). Before a receipt is kept it is also opened the way it
 * will be appended to an invoice: a PDF must load, not be encrypted, and hold at most a bounded number of pages; an
 * image's header must give its size, within a bounded number of pixels (a small PNG that decodes to gigapixels would
 * exhaust the memory of the hub rendering the invoice).
 */
public final class ReceiptFiles {

    public static final String PDF = "application/pdf";
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";

    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ReceiptFiles() {
    }

    /** A receipt refused, with the reason in the user's words. */
    public static final class UnreadableReceiptException extends DocumentException {

        private static final long serialVersionUID = 1L;

        public UnreadableReceiptException(String message) {
            super(message);
        }
    }

    /** The media type the content's first bytes say, when it is one receipts may be. */
    public static Optional<String> mediaType(byte[] content) {
        if (startsWith(content, PDF_MAGIC)) {
            return Optional.of(PDF);
        }
        if (startsWith(content, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(content, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        return Optional.empty();
    }

    /** The usual file extension of a receipt's media type. */
    public static String extension(String mediaType) {
        return switch (mediaType) {
            case PDF -> "pdf";
            case JPEG -> "jpg";
            case PNG -> "png";
            default -> throw new IllegalArgumentException(mediaType);
        };
    }

    /**
     * Opens the receipt as the invoice will: throws {@link UnreadableReceiptException} saying why it cannot be
     * appended.
     *
     * @return its number of pages (1 for an image)
     */
    public static int check(byte[] content, String mediaType, int maxPages, long maxPixels) {
        if (PDF.equals(mediaType)) {
            try (PDDocument pdf = Loader.loadPDF(content)) {
                if (pdf.isEncrypted()) {
                    throw new UnreadableReceiptException("the PDF is encrypted: save it without a password, then send it");
                }
                int pages = pdf.getNumberOfPages();
                if (pages == 0) {
                    throw new UnreadableReceiptException("the PDF has no page");
                }
                if (pages > maxPages) {
                    throw new UnreadableReceiptException("the PDF has " + pages + " pages; a receipt has at most "
                            + maxPages);
                }
                return pages;
            } catch (IOException e) {
                throw new UnreadableReceiptException("the PDF cannot be read: " + e.getMessage());
            }
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableReceiptException("the image cannot be read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > maxPixels) {
                    throw new UnreadableReceiptException("the image is " + reader.getWidth(0) + " x "
                            + reader.getHeight(0) + " pixels; a receipt has at most " + maxPixels + " pixels");
                }
            } finally {
                reader.dispose();
            }
            return 1;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableReceiptException u) {
                throw u;
            }
            throw new UnreadableReceiptException("the image cannot be read: " + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }
}
