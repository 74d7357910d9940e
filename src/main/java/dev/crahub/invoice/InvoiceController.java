package dev.crahub.invoice;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.YearMonth;
import java.util.List;

import dev.crahub.document.DocumentException;
import dev.crahub.document.TemplateRenderer;
import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRuns;
import dev.crahub.system.Months;
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

/** Month-end invoicing and the issued invoices' documents. */
@RestController
class InvoiceController {

    private final InvoiceRoutes routes;
    private final InvoiceStore store;
    private final MonthRuns runs;
    private final TemplateRenderer renderer;

    InvoiceController(InvoiceRoutes routes, InvoiceStore store, MonthRuns runs, TemplateRenderer renderer) {
        this.renderer = renderer;
        this.routes = routes;
        this.store = store;
        this.runs = runs;
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
    List<InvoiceSummary> list(@RequestParam(required = false) String month) {
        return store.list(month == null ? null : Months.parse(month));
    }

    @GetMapping("/api/invoices/{id}")
    InvoiceSummary get(@PathVariable long id) {
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
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + invoice.number()
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
            return renderer.renderInvoice(xml);
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
