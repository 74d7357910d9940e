package dev.crahub.document;

import java.nio.file.Path;
import java.util.List;

import dev.crahub.expense.ReceiptSamples;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Receipts appended after a document: an image on a page of its own, scaled to fit; a PDF's pages; each stamped. */
class ReceiptPagesTests {

    private final ReceiptPages pages = new ReceiptPages(Path.of("xsl"));

    @Test
    void imagesAndPdfsFollowTheDocumentEachPageStampedWithTheInvoice() throws Exception {
        byte[] document = ReceiptSamples.pdf(2, "Facture EXP-2023-000001 page");
        byte[] wide = ReceiptSamples.image("png", 3000, 1000, "Hôtel");     // scaled down to the page's width
        byte[] small = ReceiptSamples.image("jpg", 100, 50, "Taxi");        // enlarged 3 times at most
        byte[] pdf = ReceiptSamples.pdf(2, "Note SNCF");
        byte[] merged = pages.append(document, List.of(
                new ReceiptPage("image/png", wide, "EXP-2023-000001 – Justificatif 1 / 3 : 2023-01-12 Hôtel Lyon"),
                new ReceiptPage("image/jpeg", small, "EXP-2023-000001 – Justificatif 2 / 3 : taxi"),
                new ReceiptPage("application/pdf", pdf, "EXP-2023-000001 – Justificatif 3 / 3 : train ₿ 🚄")).stream()
                .map(ReceiptPage::receipt).toList());
        try (PDDocument doc = Loader.loadPDF(merged)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2 + 1 + 1 + 2);
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(1);
            text.setEndPage(2);
            assertThat(text.getText(doc)).contains("Facture EXP-2023-000001 page 1").doesNotContain("Justificatif");
            for (int page = 3; page <= 6; page++) {
                text.setStartPage(page);
                text.setEndPage(page);
                assertThat(text.getText(doc)).as("page " + page).contains("EXP-2023-000001 – Justificatif");
            }
            text.setStartPage(5);
            text.setEndPage(6);
            String receipt = text.getText(doc);
            assertThat(receipt).contains("Note SNCF 1", "Note SNCF 2", "Justificatif 3 / 3 : train");
            assertThat(image(doc.getPage(2))).satisfies(box -> {
                // 3000 x 1000 into 523 x 742: width-bound, 523 x 174.3
                assertThat(box[0]).isCloseTo(PDRectangle.A4.getWidth() - 2 * ReceiptPages.MARGIN, org.assertj.core.data.Offset.offset(0.5f));
                assertThat(box[1]).isCloseTo((PDRectangle.A4.getWidth() - 2 * ReceiptPages.MARGIN) / 3, org.assertj.core.data.Offset.offset(0.5f));
            });
            assertThat(image(doc.getPage(3))).satisfies(box -> {
                assertThat(box[0]).isCloseTo(300f, org.assertj.core.data.Offset.offset(0.5f));
                assertThat(box[1]).isCloseTo(150f, org.assertj.core.data.Offset.offset(0.5f));
            });
        }
    }

    @Test
    void noReceiptLeavesTheDocumentAsItIs() {
        byte[] document = ReceiptSamples.pdf(1, "x");
        assertThat(pages.append(document, List.of())).isSameAs(document);
    }

    /** The size the first image of a page is drawn at: the "a" and "d" of the "cm" before its "Do". */
    private static float[] image(PDPage page) throws Exception {
        List<Object> tokens = new org.apache.pdfbox.pdfparser.PDFStreamParser(page).parse();
        List<Float> numbers = new java.util.ArrayList<>();
        float[] cm = null;
        for (Object token : tokens) {
            if (token instanceof org.apache.pdfbox.cos.COSNumber n) {
                numbers.add(n.floatValue());
            } else if (token instanceof org.apache.pdfbox.contentstream.operator.Operator op) {
                if (op.getName().equals("cm") && numbers.size() >= 6) {
                    cm = new float[] {numbers.get(numbers.size() - 6), numbers.get(numbers.size() - 3)};
                } else if (op.getName().equals("Do") && cm != null) {
                    return cm;
                }
                numbers.clear();
            }
        }
        throw new AssertionError("no image drawn on the page");
    }

    private record ReceiptPage(String type, byte[] content, String stamp) {
        ReceiptPages.Receipt receipt() {
            return new ReceiptPages.Receipt(type, content, stamp);
        }
    }
}
