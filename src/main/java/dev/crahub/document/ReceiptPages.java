package dev.crahub.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Appends receipts to a rendered document, after its last page: an image receipt becomes one A4 page, scaled to fit
 * within the margins (never enlarged more than {@value #MAX_UPSCALE} times) and centred; a PDF receipt's pages are
 * appended as they are. Every appended page is stamped at its foot with one line (the invoice number, which receipt
 * it is, what it is for), in the stylesheets' embedded DejaVu font: the document's own "page n / N" numbering stops at
 * the last page FOP rendered, and each receipt page still names the invoice it belongs to.
 */
public final class ReceiptPages {

    static final float MARGIN = 36f;
    static final float STAMP_HEIGHT = 28f;
    static final float MAX_UPSCALE = 3f;
    private static final float STAMP_SIZE = 8f;
    private static final String FONT = "fonts/DejaVuSans.ttf";

    private final Path xslDir;

    public ReceiptPages(Path xslDir) {
        this.xslDir = xslDir;
    }

    /**
     * A receipt to append.
     *
     * @param stamp the line stamped at the foot of each of its pages
     */
    public record Receipt(String mediaType, byte[] content, String stamp) {
    }

    /** The document with the receipts' pages after its own; the document itself when there are none. */
    public byte[] append(byte[] document, List<Receipt> receipts) {
        if (receipts.isEmpty()) {
            return document;
        }
        List<PDDocument> sources = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(document); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDFont font = PDType0Font.load(doc, xslDir.resolve(FONT).toFile());
            PDFMergerUtility merger = new PDFMergerUtility();
            for (Receipt receipt : receipts) {
                int first = doc.getNumberOfPages();
                if (ReceiptFiles.PDF.equals(receipt.mediaType())) {
                    PDDocument source = Loader.loadPDF(receipt.content());
                    sources.add(source);
                    merger.appendDocument(doc, source);
                } else {
                    imagePage(doc, receipt.content());
                }
                for (int i = first; i < doc.getNumberOfPages(); i++) {
                    stamp(doc, doc.getPage(i), font, receipt.stamp());
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("receipts could not be appended to the document", e);
        } finally {
            for (PDDocument source : sources) {
                try {
                    source.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private static void imagePage(PDDocument doc, byte[] image) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDImageXObject picture = PDImageXObject.createFromByteArray(doc, image, "receipt");
        float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
        float height = PDRectangle.A4.getHeight() - 2 * MARGIN - STAMP_HEIGHT;
        float scale = Math.min(MAX_UPSCALE, Math.min(width / picture.getWidth(), height / picture.getHeight()));
        float w = picture.getWidth() * scale;
        float h = picture.getHeight() * scale;
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
            content.drawImage(picture, MARGIN + (width - w) / 2, MARGIN + STAMP_HEIGHT + (height - h) / 2, w, h);
        }
    }

    private static void stamp(PDDocument doc, PDPage page, PDFont font, String text) throws IOException {
        PDRectangle box = page.getCropBox();
        String line = fit(font, text, box.getWidth() - 2 * MARGIN);
        try (PDPageContentStream content = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND,
                true, true)) {
            content.setNonStrokingColor(1f, 1f, 1f);
            content.addRect(box.getLowerLeftX() + MARGIN - 2, box.getLowerLeftY() + 10, box.getWidth() - 2 * MARGIN + 4,
                    STAMP_SIZE + 6);
            content.fill();
            content.setNonStrokingColor(0.2f, 0.2f, 0.2f);
            content.beginText();
            content.setFont(font, STAMP_SIZE);
            content.newLineAtOffset(box.getLowerLeftX() + MARGIN, box.getLowerLeftY() + 14);
            content.showText(line);
            content.endText();
        }
    }

    /** The text, shortened with an ellipsis to fit the width; characters the font lacks replaced by '?'. */
    static String fit(PDFont font, String text, float width) throws IOException {
        StringBuilder shown = new StringBuilder();
        text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c).forEach(c -> {
            String s = new String(Character.toChars(c));
            try {
                font.encode(s);
                shown.append(s);
            } catch (IOException | IllegalArgumentException e) {
                shown.append('?');
            }
        });
        String line = shown.toString();
        while (line.length() > 1 && font.getStringWidth(line) / 1000 * STAMP_SIZE > width) {
            line = line.substring(0, line.length() - 2) + "…";
        }
        return line;
    }
}
