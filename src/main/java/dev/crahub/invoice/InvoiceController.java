package dev.crahub.invoice;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.crahub.einvoice.EInvoiceStore;
import dev.crahub.einvoice.EInvoices;
import dev.crahub.einvoice.InvoiceStatuses;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;

import dev.crahub.document.DocumentException;
import dev.crahub.document.TemplateRenderer;
import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRuns;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.system.Months;
import dev.crahub.system.XmlCharacters;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Month-end invoicing, the documents (invoices, credit notes, drafts), and what users ask of them: issue a held
 * draft, credit an invoice, cancel and replace it (ADR 0018).
 */
@RestController
class InvoiceController {

    private static final Set<String> STATUSES = Set.of("DRAFT", "ISSUED");
    private static final Set<String> TYPES = Set.of("380", "381");
    private static final int MAX_REASON = 500;
    /** The most a credit-note or replacement request may hold (one entry per line of an invoice). */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final InvoiceRoutes routes;
    private final InvoiceOrders orders;
    private final InvoiceStore store;
    private final MonthRuns runs;
    private final TemplateRenderer renderer;
    private final InvoiceReceipts receipts;
    private final ObjectMapper json;
    private final EInvoices einvoices;
    private final InvoiceStatuses statuses;

    InvoiceController(InvoiceRoutes routes, InvoiceOrders orders, InvoiceStore store, MonthRuns runs,
                      TemplateRenderer renderer, InvoiceReceipts receipts, ObjectMapper json, EInvoices einvoices,
                      InvoiceStatuses statuses) {
        this.einvoices = einvoices;
        this.statuses = statuses;
        this.renderer = renderer;
        this.receipts = receipts;
        this.routes = routes;
        this.orders = orders;
        this.store = store;
        this.runs = runs;
        this.json = json;
    }

    /** Issues a held draft: it takes the next number; 409 once issued. */
    @PostMapping("/api/invoices/{id}/issue")
    InvoiceSummary issueDraft(@PathVariable long id) {
        return order(new InvoiceCorrections.IssueDraft(id)).get(0);
    }

    /** A credit note of the whole invoice (no body) or of chosen lines, by quantity or by amount. */
    @PostMapping("/api/invoices/{id}/credit-note")
    InvoiceSummary creditNote(@PathVariable long id, HttpServletRequest http) throws IOException {
        CreditNoteRequest request = body(http, CreditNoteRequest.class);
        CreditNoteRequest r = request == null ? new CreditNoteRequest(null, null) : request;
        return order(new InvoiceCorrections.CreditNote(id, r.lines(), reason(r.reason()))).get(0);
    }

    /** Annule et remplace: the full credit note and the replacement invoice, issued together. */
    @PostMapping("/api/invoices/{id}/replace")
    Replaced replace(@PathVariable long id, HttpServletRequest http) throws IOException {
        ReplaceRequest request = body(http, ReplaceRequest.class);
        ReplaceRequest r = request == null ? new ReplaceRequest(null, null, null) : request;
        if (r.purchaseOrder() != null && (r.purchaseOrder().length() > 100 || r.purchaseOrder().chars().anyMatch(Character::isISOControl))) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "purchaseOrder: at most 100 characters, without control characters");
        }
        List<InvoiceSummary> issued = order(new InvoiceCorrections.Replace(id, reason(r.reason()), r.purchaseOrder(), r.lines()));
        return new Replaced(issued.get(0), issued.get(1));
    }

    record CreditNoteRequest(List<InvoiceCorrections.LineCredit> lines, String reason) {
    }

    record ReplaceRequest(String reason, String purchaseOrder, List<InvoiceCorrections.LineChange> lines) {
    }

    record Replaced(InvoiceSummary creditNote, InvoiceSummary replacement) {
    }

    private static String reason(String reason) {
        if (reason != null && reason.length() > MAX_REASON) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "reason: " + reason.length() + " characters, more than " + MAX_REASON);
        }
        int bad = reason == null ? -1 : XmlCharacters.firstRefused(reason);
        if (bad >= 0) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "reason: " + XmlCharacters.describe(reason, bad));
        }
        return reason == null || reason.isBlank() ? null : reason.strip();
    }

    /** The JSON body, read bounded: more than {@link #MAX_BODY_BYTES} is 413 (nothing is parsed), no body is null. */
    private <T> T body(HttpServletRequest http, Class<T> type) throws IOException {
        byte[] bytes;
        try (InputStream in = http.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                // discard (never keep) a bounded rest, so that the client reads the answer instead of a reset
                byte[] buffer = new byte[8192];
                long drained = 0;
                for (int n; drained < 32L * 1024 * 1024 && (n = in.read(buffer)) > 0; ) {
                    drained += n;
                }
                throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
                        "the body holds more than " + MAX_BODY_BYTES + " bytes");
            }
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return json.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body is not the expected JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** Runs an order through its route; a refusal answers 404, 409 or 422 with the reason. */
    private List<InvoiceSummary> order(InvoiceCorrections.Order order) {
        try {
            return orders.issue(order);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DocumentRefusedException refused) {
                    throw new ResponseStatusException(switch (refused.kind()) {
                        case NOT_FOUND -> HttpStatus.NOT_FOUND;
                        case CONFLICT -> HttpStatus.CONFLICT;
                        case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
                    }, refused.getMessage());
                }
            }
            throw e;
        }
    }

    /** One invoicing of a month at a time (a second call answers 409, saying who invoices and since when). */
    @PostMapping("/api/months/{month}/invoices")
    MonthInvoices issue(@PathVariable String month, Principal principal) {
        YearMonth m = Months.parse(month);
        try (MonthRuns.Run run = runs.start(MonthOperation.INVOICING, m, principal == null ? null : principal.getName())) {
            return new MonthInvoices(m.toString(), routes.issue(m.toString()));
        }
    }

    @GetMapping("/api/invoices")
    List<InvoiceSummary> list(@RequestParam(required = false) String month, @RequestParam(required = false) String status,
                              @RequestParam(required = false) String type) {
        if (status != null && !STATUSES.contains(status)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status: DRAFT or ISSUED, not '" + status + "'");
        }
        if (type != null && !TYPES.contains(type)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "type: 380 (invoice) or 381 (credit note), not '" + type + "'");
        }
        return store.list(month == null ? null : Months.parse(month), status, type);
    }

    /**
     * An invoice with, once issued, its e-invoice's state at the validation gate (with the validators' messages) and
     * its lifecycle on the platforms (statuses with their dates, payments, alerts, a credit note prepared).
     */
    @GetMapping("/api/invoices/{id}")
    InvoiceView view(@PathVariable long id) {
        InvoiceSummary invoice = get(id);
        boolean issued = invoice.number() != null;
        return new InvoiceView(invoice, issued ? einvoices.state(id) : null, issued ? statuses.forInvoice(id) : null);
    }

    record InvoiceView(@JsonUnwrapped InvoiceSummary invoice, EInvoiceStore.State einvoice,
                       InvoiceStatuses.InvoiceLifecycle lifecycle) {
    }

    private InvoiceSummary get(long id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * The issued PDF; with {@code regenerate=true}, the PDF rendered again now from the stored XML with the template
     * set and stylesheets archived under the invoice's template version (ADR 17): what proves years later that the
     * document is the one issued. The stored PDF is never replaced.
     */
    @GetMapping("/api/invoices/{id}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id, @RequestParam(defaultValue = "false") boolean regenerate) {
        InvoiceSummary invoice = get(id);
        byte[] pdf = regenerate ? regenerate(id, invoice) : store.pdf(id).orElseThrow(() -> notFound(id));
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\""
                        + (invoice.number() != null ? invoice.number() : "draft-" + invoice.id())
                        + (regenerate ? "-regenerated" : "") + ".pdf\"");
        return answer.body(pdf);
    }

    /** The template set and version an invoice was rendered with, and whether that version is in the archive. */
    @GetMapping("/api/invoices/{id}/template")
    InvoiceTemplate template(@PathVariable long id) {
        InvoiceStore.TemplateUsed used = store.template(id).orElseThrow(() -> notFound(id));
        return new InvoiceTemplate(used.templateSet(), used.templateVersion(),
                used.templateVersion() != null && renderer.archived(used.templateVersion()));
    }

    private byte[] regenerate(long id, InvoiceSummary invoice) {
        InvoiceStore.TemplateUsed used = store.template(id).orElseThrow(() -> notFound(id));
        if (used.templateVersion() == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Invoice " + invoice.number() + " was issued before"
                    + " template sets: no template version was archived with it; its stored PDF is the original"
                    + " (GET without regenerate)");
        }
        byte[] xml = store.xml(id).orElseThrow(() -> notFound(id)).getBytes(StandardCharsets.UTF_8);
        TemplateRenderer.Reference named = TemplateRenderer.template(xml);
        if (named == null || !used.templateVersion().equals(named.version())
                || !used.templateSet().equals(named.name())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Invoice " + invoice.number() + ": its XML and its"
                    + " row name different template versions; it cannot be rendered again");
        }
        try {
            // the receipts its expenses annex names follow, as in the original (ADR 0016)
            return receipts.append(xml, renderer.renderInvoice(xml));
        } catch (DocumentException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Invoice " + invoice.number()
                    + " cannot be rendered again: " + e.getMessage(), e);
        }
    }

    record InvoiceTemplate(String templateSet, String templateVersion, boolean archived) {
    }

    @GetMapping(value = "/api/invoices/{id}/xml", produces = MediaType.APPLICATION_XML_VALUE)
    String xml(@PathVariable long id) {
        return store.xml(id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No invoice " + id);
    }

    record MonthInvoices(String month, List<InvoiceSummary> invoices) {
    }
}
