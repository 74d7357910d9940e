package dev.crahub.einvoice;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/invoices/{id}/statuses} (billing): what platforms said of an invoice, and whether it is paid. */
@RestController
class InvoiceStatusController {

    private final InvoiceStatuses statuses;

    InvoiceStatusController(InvoiceStatuses statuses) {
        this.statuses = statuses;
    }

    @GetMapping("/api/invoices/{id}/statuses")
    InvoiceStatuses.InvoiceLifecycle statuses(@PathVariable long id) {
        if (!statuses.exists(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No issued invoice " + id);
        }
        return statuses.forInvoice(id);
    }
}
