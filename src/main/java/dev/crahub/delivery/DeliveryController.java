package dev.crahub.delivery;

import java.util.List;

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

    DeliveryController(DeliveryRoutes routes, DispatchStore store) {
        this.routes = routes;
        this.store = store;
    }

    @PostMapping("/api/months/{month}/dispatch")
    MonthDispatch dispatch(@PathVariable String month) {
        String m = Months.parse(month).toString();
        return new MonthDispatch(m, routes.dispatch(m));
    }

    @GetMapping("/api/dispatches")
    List<DispatchSummary> list(@RequestParam(required = false) String month) {
        return store.list(month == null ? null : Months.parse(month));
    }

    record MonthDispatch(String month, List<DispatchSummary> dispatches) {
    }
}
