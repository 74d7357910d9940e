package dev.crahub.einvoice;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.document.TemplateRenderer;
import dev.crahub.einvoice.ValidationMessage.Severity;
import dev.crahub.expense.ExpenseStore;
import dev.crahub.system.Hashing;
import dev.crahub.system.SecureXml;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Builds an issued invoice's e-invoice from its canonical XML (route {@code einvoice-build}, after the issuing commit):
 * <ol>
 * <li>the PDF/A-3b of the invoice and its annexes: the stored PDF when it is that PDF (no receipt pages appended),
 * else rendered again with the invoice's archived template version;</li>
 * <li>the files that travel with it (BG-24): the time-detail annex alone as a PDF, and the receipts of its re-billed
 * expenses as they were uploaded (checked against the SHA-256 the invoice recorded);</li>
 * <li>the CII (the Factur-X's own, and one with the files embedded), the UBL with the files embedded, and the
 * Factur-X (the PDF/A with the CII and the files attached).</li>
 * </ol>
 * Then stores the gate's verdict ({@link #store}). Thread-safe.
 */
@Component("einvoiceBuilder")
public class EInvoiceBuilder {

    private static final String NS = "urn:crahub:invoice:1";
    static final String BUILD = "crahub-build";

    private final EInvoiceStore store;
    private final TemplateRenderer renderer;
    private final EInvoiceFormats formats;
    private final FacturX facturX;
    private final ExpenseStore expenses;
    private final Clock clock;
    private final OffsetDateTime startedAt;
    private final Duration pendingGrace;

    public EInvoiceBuilder(EInvoiceStore store, TemplateRenderer renderer, EInvoiceFormats formats, FacturX facturX,
                           ExpenseStore expenses, Clock clock,
                           @Value("${crahub.einvoice.pending-grace:10m}") Duration pendingGrace) {
        this.store = store;
        this.renderer = renderer;
        this.formats = formats;
        this.facturX = facturX;
        this.expenses = expenses;
        this.clock = clock;
        this.startedAt = OffsetDateTime.now(); // real time, as the database stamps issued_at (a test clock may be moved)
        this.pendingGrace = pendingGrace;
    }

    /** Whether the invoice's e-invoice is still to build (false once VALID: a valid e-invoice is final). */
    public boolean toBuild(long invoiceId) {
        return store.state(invoiceId).map(s -> s.status() != EInvoiceStatus.VALID)
                .orElseThrow(() -> new IllegalArgumentException("no issued invoice " + invoiceId));
    }

    /**
     * Issued invoices whose e-invoice was never built: the hub stopped between an issue and its build (issued before
     * this hub started), or the build was lost or failed outside the gate's verdict (still unbuilt after
     * {@code crahub.einvoice.pending-grace}). An invoice this hub issued a moment ago is on the build queue, or being
     * built: sweeping it too built most e-invoices of a long month end twice (the month-end benchmark's profile).
     */
    public List<Long> pending() {
        return store.toBuild(startedAt, pendingGrace);
    }

    public EInvoiceFiles build(long invoiceId) {
        EInvoiceStore.Issued issued = store.issued(invoiceId)
                .orElseThrow(() -> new IllegalArgumentException("no issued invoice " + invoiceId));
        byte[] xml = issued.xml();
        Document doc = SecureXml.parse(xml);
        String fileStem = issued.number().replace('/', '-');
        List<Attachment> attachments = new ArrayList<>();
        if (doc.getElementsByTagNameNS(NS, "timeDetail").getLength() > 0) {
            attachments.add(new Attachment("annex-time-detail", fileStem + "-annex-time-detail.pdf", "application/pdf",
                    renderer.renderInvoice(xml, TemplateRenderer.PART_TIME_DETAIL)));
        }
        NodeList receipts = doc.getElementsByTagNameNS(NS, "receipt");
        for (int i = 0; i < receipts.getLength(); i++) {
            Element receipt = (Element) receipts.item(i);
            Element expense = (Element) receipt.getParentNode();
            String sha = receipt.getAttribute("sha256");
            byte[] content = expenses.receiptContent(sha).filter(c -> Hashing.sha256(c).equals(sha))
                    .orElseThrow(() -> new IllegalStateException("invoice " + issued.number() + " names receipt " + sha
                            + ", which the database does not hold as it was"));
            String mediaType = receipt.getAttribute("mediaType");
            attachments.add(new Attachment("receipt-" + expense.getAttribute("id"),
                    fileStem + "-receipt-" + expense.getAttribute("id") + extension(mediaType), mediaType, content));
        }
        byte[] pdfA = receipts.getLength() == 0 && isPdfA3(issued.pdf()) ? issued.pdf() : renderer.renderInvoice(xml);
        byte[] facturxCii = formats.cii(xml, List.of());
        byte[] cii = attachments.isEmpty() ? facturxCii : formats.cii(xml, attachments);
        byte[] ubl = formats.ubl(xml, attachments);
        byte[] facturx = facturX.assemble(pdfA, facturxCii, attachments);
        return new EInvoiceFiles(invoiceId, issued.number(), xml, facturx, facturxCii, cii, ubl, issued.templateVersion());
    }

    /**
     * Stores the verdict with the files. An INVALID e-invoice is stored with its messages, then refused by an
     * exception (the route records it in the dead letters, from where it is rebuilt once xsl/ or the template is fixed).
     */
    public EInvoiceStore.State store(EInvoiceGate.Verdict verdict) {
        EInvoiceFiles f = verdict.files();
        store.built(f.invoiceId(), f.facturx(), f.cii(), f.ubl(), f.templateVersion(), verdict.status(), verdict.messages(),
                OffsetDateTime.now(clock));
        EInvoiceStore.State state = store.state(f.invoiceId()).orElseThrow();
        if (state.status() == EInvoiceStatus.INVALID) {
            throw new EInvoiceRefusedException(f.invoiceNumber(), state.errors());
        }
        return state;
    }

    /** A build that failed before the gate (a stylesheet error, a missing receipt): INVALID, with why. */
    public void failed(long invoiceId, String reason) {
        store.built(invoiceId, null, null, null, null, EInvoiceStatus.INVALID,
                List.of(new ValidationMessage(BUILD, Severity.ERROR, "build", null, reason)), OffsetDateTime.now(clock));
    }

    /** A PDF that FOP rendered as PDF/A-3 says so in its (uncompressed) XMP packet. */
    private static boolean isPdfA3(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        return text.contains("<pdfaid:part>3</pdfaid:part>") || text.contains("pdfaid:part=\"3\"");
    }

    private static String extension(String mediaType) {
        return switch (mediaType) {
            case "application/pdf" -> ".pdf";
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            default -> ".bin";
        };
    }
}
