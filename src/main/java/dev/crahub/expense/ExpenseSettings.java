package dev.crahub.expense;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on the receipts {@code POST /api/expenses} accepts, under {@code crahub.expense}: every receipt ends up
 * appended to an invoice PDF, so its size, pages and pixels are bounded when it arrives, not when the invoice is
 * rendered. Past a bound the call is refused (413 for the size, 400 otherwise) and nothing is recorded.
 *
 * @param receiptMaxSize   bytes of one receipt (default 10 MB; above 20 MB raise {@code spring.servlet.multipart.*} too)
 * @param receiptMaxPages  pages of a PDF receipt (default 20)
 * @param receiptMaxPixels pixels of an image receipt, width times height (default 25,000,000: a 24 MP phone photo)
 */
@ConfigurationProperties("crahub.expense")
public record ExpenseSettings(DataSize receiptMaxSize, Integer receiptMaxPages, Long receiptMaxPixels) {

    public static final ExpenseSettings DEFAULTS = new ExpenseSettings(null, null, null);

    public ExpenseSettings {
        receiptMaxSize = receiptMaxSize != null ? receiptMaxSize : DataSize.ofMegabytes(10);
        receiptMaxPages = receiptMaxPages != null ? receiptMaxPages : 20;
        receiptMaxPixels = receiptMaxPixels != null ? receiptMaxPixels : 25_000_000L;
    }
}
