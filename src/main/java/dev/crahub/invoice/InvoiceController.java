package dev.crahub.invoice;

import java.security.Principal;
import java.time.YearMonth;
import java.util.List;

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

    InvoiceController(InvoiceRoutes routes, InvoiceStore store, MonthRuns runs) {
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

    @GetMapping("/api/invoices/{id}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id) {
        InvoiceSummary invoice = get(id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + invoice.number() + ".pdf\"")
                .body(store.pdf(id).orElseThrow(() -> notFound(id)));
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
