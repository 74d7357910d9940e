package dev.crahub.expense;

import java.nio.charset.StandardCharsets;

import dev.crahub.system.Hashing;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Receipts told by their content, never by their name, and opened before they are kept. */
class ReceiptsTests {

    private final Receipts receipts = new Receipts(ExpenseSettings.DEFAULTS);

    @Test
    void pdfJpegAndPngAreToldByTheirMagicBytes() {
        byte[] png = ReceiptSamples.image("png", 200, 120, "Taxi 18,00");
        Receipts.Checked checked = receipts.check(png, "C:\\Users\\lea\\Scans\\taxi.pdf");
        assertThat(checked.mediaType()).isEqualTo("image/png"); // named .pdf, but a PNG
        assertThat(checked.sha256()).isEqualTo(Hashing.sha256(png));
        assertThat(checked.originalName()).isEqualTo("taxi.pdf");
        assertThat(receipts.check(ReceiptSamples.image("jpg", 200, 120, "Hotel"), "hotel.png").mediaType())
                .isEqualTo("image/jpeg");
        assertThat(receipts.check(ReceiptSamples.pdf(2, "Facture"), "facture").mediaType()).isEqualTo("application/pdf");
    }

    @Test
    void anythingElseIsRefusedWhateverItsName() {
        assertThatThrownBy(() -> receipts.check("<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8),
                "receipt.pdf")).isInstanceOfSatisfying(Receipts.RefusedReceiptException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("the receipt is not a PDF, JPEG or PNG file (told by its content, whatever its name)");
                    assertThat(e.tooLarge()).isFalse();
                });
        assertThatThrownBy(() -> receipts.check(new byte[0], "empty.png")).hasMessage("the receipt file is empty");
        // the magic bytes but not the rest
        assertThatThrownBy(() -> receipts.check("%PDF-1.7\nnot really".getBytes(StandardCharsets.US_ASCII), "x.pdf"))
                .hasMessageStartingWith("receipt: the PDF cannot be read");
        assertThatThrownBy(() -> receipts.check(ReceiptSamples.encryptedPdf(), "locked.pdf"))
                .hasMessageStartingWith("receipt: the PDF ");
        assertThatThrownBy(() -> receipts.check(ReceiptSamples.pngBomb(), "bomb.png"))
                .hasMessage("receipt: the image is 100000 x 100000 pixels; a receipt has at most 25000000 pixels");
        assertThatThrownBy(() -> receipts.check(ReceiptSamples.pdf(21, "page"), "long.pdf"))
                .hasMessage("receipt: the PDF has 21 pages; a receipt has at most 20");
    }

    @Test
    void aReceiptAboveTheSizeLimitIsTooLarge() {
        Receipts small = new Receipts(new ExpenseSettings(DataSize.ofKilobytes(1), null, null));
        byte[] photo = ReceiptSamples.image("jpg", 800, 600, "Hotel");
        assertThat(photo.length).isGreaterThan(1024);
        assertThatThrownBy(() -> small.check(photo, "big.jpg"))
                .isInstanceOfSatisfying(Receipts.RefusedReceiptException.class, e -> {
                    assertThat(e.tooLarge()).isTrue();
                    assertThat(e.getMessage()).endsWith("bytes, more than 1,024 (crahub.expense.receipt-max-size)");
                });
    }

    @Test
    void aNameIsShownWithoutPathNorControlCharacters() {
        assertThat(Receipts.displayName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Receipts.displayName("re\u0000ce\r\nipt\u202e\".png")).isEqualTo("receipt.png");
        assertThat(Receipts.displayName("   ")).isNull();
        assertThat(Receipts.displayName("x".repeat(400))).hasSize(255);
    }
}
