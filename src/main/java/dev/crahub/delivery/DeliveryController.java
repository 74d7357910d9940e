package dev.crahub.delivery;

import java.security.Principal;
import java.time.YearMonth;
import java.util.List;

import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRuns;
import dev.crahub.system.Months;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Month-end dispatch of invoices through their clients' channels, and what was dispatched and attempted. */
@RestController
class DeliveryController {

    private final DeliveryRoutes routes;
    private final DispatchStore store;
    private final MonthRuns runs;

    DeliveryController(DeliveryRoutes routes, DispatchStore store, MonthRuns runs) {
        this.routes = routes;
        this.store = store;
        this.runs = runs;
    }

    /** One dispatch of a month at a time (a second call answers 409, saying who dispatches and since when). */
    @PostMapping("/api/months/{month}/dispatch")
    MonthDispatch dispatch(@PathVariable String month, Principal principal) {
        YearMonth m = Months.parse(month);
        try (MonthRuns.Run run = runs.start(MonthOperation.DISPATCH, m, principal == null ? null : principal.getName())) {
            return new MonthDispatch(m.toString(), routes.dispatch(m.toString()));
        }
    }

    /**
     * How an invoice was delivered: its dispatch (channel being tried, status) and every attempt, oldest first
     * (channel, time, outcome, remote id, message). Billing role, like the invoice itself.
     */
    @GetMapping("/api/invoices/{id}/dispatches")
    InvoiceDispatches invoiceDispatches(@PathVariable long id) {
        if (!store.invoiceExists(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no invoice " + id);
        }
        return new InvoiceDispatches(id, store.dispatches(id), store.attempts(id));
    }

    @GetMapping("/api/dispatches")
    List<DispatchSummary> list(@RequestParam(required = false) String month) {
        return store.list(month == null ? null : Months.parse(month));
    }

    record InvoiceDispatches(long invoiceId, List<DispatchSummary> dispatches, List<DispatchAttempt> attempts) {
    }

    record MonthDispatch(String month, List<DispatchSummary> dispatches) {
    }
}
