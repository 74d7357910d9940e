package dev.crahub.einvoice;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The e-invoice of an issued invoice (billing role, like the invoice API): its state at the gate with the validators'
 * messages, its files (the Factur-X is the PDF the client's mail carries), and a rebuild once xsl/ or a template was
 * fixed. A file the gate did not pass is never served: 409 with the messages.
 */
@RestController
class EInvoiceController {

    private final EInvoices einvoices;
    private final EInvoiceRoutes routes;

    EInvoiceController(EInvoices einvoices, EInvoiceRoutes routes) {
        this.einvoices = einvoices;
        this.routes = routes;
    }

    @GetMapping("/api/invoices/{id}/einvoice")
    EInvoiceStore.State state(@PathVariable long id) {
        return state0(id);
    }

    @GetMapping("/api/invoices/{id}/facturx")
    ResponseEntity<?> facturx(@PathVariable long id) {
        return file(id, EInvoiceFormat.FACTURX);
    }

    @GetMapping("/api/invoices/{id}/cii")
    ResponseEntity<?> cii(@PathVariable long id) {
        return file(id, EInvoiceFormat.CII);
    }

    @GetMapping("/api/invoices/{id}/ubl")
    ResponseEntity<?> ubl(@PathVariable long id) {
        return file(id, EInvoiceFormat.UBL);
    }

    /** Builds again an e-invoice the gate refused (after a fix of xsl/ or of the template); a VALID one is final. */
    @PostMapping("/api/invoices/{id}/einvoice/rebuild")
    ResponseEntity<?> rebuild(@PathVariable long id) {
        EInvoiceStore.State before = state0(id);
        if (before.status() == EInvoiceStatus.VALID) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The e-invoice of invoice " + before.invoiceNumber()
                    + " is valid and final: it is never built again");
        }
        try {
            routes.build(id);
        } catch (RuntimeException e) {
            // refused again: the messages are stored; answer them
        }
        EInvoiceStore.State after = state0(id);
        return after.status() == EInvoiceStatus.VALID ? ResponseEntity.ok(after) : refused(after);
    }

    private ResponseEntity<?> file(long id, EInvoiceFormat format) {
        EInvoiceStore.State state = state0(id);
        if (state.status() != EInvoiceStatus.VALID) {
            return refused(state);
        }
        EInvoiceDocument document = einvoices.document(id, format);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(document.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + document.fileName().replace('/', '-') + "\"")
                .header("X-Content-SHA256", document.sha256())
                .body(document.content());
    }

    private static ResponseEntity<ProblemDetail> refused(EInvoiceStore.State state) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);
        problem.setTitle(state.status() == EInvoiceStatus.PENDING ? "E-invoice not built yet" : "E-invoice refused by the validation gate");
        problem.setDetail(state.status() == EInvoiceStatus.PENDING
                ? "The e-invoice of invoice " + state.invoiceNumber() + " is being built and validated; try again shortly"
                : "The e-invoice of invoice " + state.invoiceNumber() + " did not pass the validation gate: it is sent nowhere."
                + " Fix the cause (a credit note for wrong data; xsl/ or the template for a layout defect), then rebuild.");
        problem.setProperty("status", state.status());
        List<Map<String, String>> errors = state.errors().stream().map(m -> Map.of(
                "validator", m.validator(), "rule", String.valueOf(m.rule()), "text", m.text())).toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private EInvoiceStore.State state0(long id) {
        try {
            return einvoices.state(id);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No issued invoice " + id);
        }
    }
}
