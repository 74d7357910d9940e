package dev.crahub.delivery;

import java.security.Principal;
import java.time.YearMonth;
import java.util.List;

import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRuns;
import dev.crahub.system.Months;
import dev.crahub.system.XmlCharacters;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Month-end dispatch of invoices through their clients' channels, and what was dispatched and attempted. */
@RestController
class DeliveryController {

    private final DeliveryRoutes routes;
    private final DispatchStore store;
    private final MonthRuns runs;
    private final ChannelDispatcher dispatcher;
    private final MailRecovery mails;

    DeliveryController(DeliveryRoutes routes, DispatchStore store, MonthRuns runs, ChannelDispatcher dispatcher,
                       MailRecovery mails) {
        this.dispatcher = dispatcher;
        this.mails = mails;
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

    /**
     * Decides a dispatch left SENDING by a crash (ADR 0021): {@code {"delivered": true|false, "reason": "..."}}.
     * Not delivered = its channel is tried again now. 409 unless the dispatch is SENDING.
     */
    @PostMapping("/api/dispatches/{id}/decision")
    DispatchSummary decide(@PathVariable long id, @RequestBody Decision decision, Principal principal) {
        if (decision == null || decision.delivered() == null) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "delivered: true or false is required");
        }
        String reason = decision.reason() == null ? "" : decision.reason().strip();
        if (reason.isEmpty() || reason.length() > 500) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "reason: say why (at most 500 characters), e.g. what the client or the server says it received");
        }
        int bad = XmlCharacters.firstRefused(reason);
        if (bad >= 0) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "reason: " + XmlCharacters.describe(reason, bad));
        }
        if (store.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no dispatch " + id);
        }
        try {
            String user = principal == null ? "unknown" : principal.getName();
            boolean email = "email".equals(store.find(id).orElseThrow().channel());
            DispatchSummary decided = dispatcher.decide(id, decision.delivered(), reason, user);
            if (email) { // its mail's registry row (SENDING or UNCERTAIN) says the same (ADR 0024)
                mails.dispatchDecided(decided.messageId(), decision.delivered(), reason, user);
            }
            return decided;
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage() + ": only a dispatch left SENDING is decided");
        }
    }

    record Decision(Boolean delivered, String reason) {
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
