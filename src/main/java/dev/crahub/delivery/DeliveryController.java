package dev.crahub.delivery;

import java.security.Principal;
import java.time.YearMonth;
import java.util.List;

import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRuns;
import dev.crahub.system.Months;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Month-end dispatch of invoices, and what was dispatched. */
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

    @GetMapping("/api/dispatches")
    List<DispatchSummary> list(@RequestParam(required = false) String month) {
        return store.list(month == null ? null : Months.parse(month));
    }

    record MonthDispatch(String month, List<DispatchSummary> dispatches) {
    }
}
