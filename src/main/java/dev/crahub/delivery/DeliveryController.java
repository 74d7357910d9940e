package dev.crahub.delivery;

import java.net.URI;
import java.security.Principal;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.crahub.system.Months;
import dev.crahub.system.XmlCharacters;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Dispatch runs of a month's invoices through their clients' channels (ADR 0026), and what was dispatched and attempted. */
@RestController
class DeliveryController {

    private final DispatchRuns runs;
    private final DispatchStore store;
    private final ChannelDispatcher dispatcher;
    private final MailRecovery mails;

    DeliveryController(DispatchRuns runs, DispatchStore store, ChannelDispatcher dispatcher, MailRecovery mails) {
        this.dispatcher = dispatcher;
        this.mails = mails;
        this.store = store;
        this.runs = runs;
    }

    /**
     * Starts a dispatch run of the month (ADR 0026) and answers it at once: 202, {@code Location: /api/dispatches/{id}}
     * where its progress shows. No body: every issued, unsent document of the month. Body (all optional):
     * {@code {"invoices": [ids], "message": "...", "messages": {"<invoiceId>": "..."}, "dryRun": true}}; a selection
     * naming invoices not of the month, not issued or already sent answers 422 listing them. One run of a month at a
     * time: 409 while one is RUNNING (saying who started it and since when).
     */
    @PostMapping("/api/months/{month}/dispatch")
    ResponseEntity<DispatchRunView> dispatch(@PathVariable String month, @RequestBody(required = false) RunRequest body,
                                             @RequestParam(required = false) Boolean dryRun, Principal principal) {
        YearMonth m = Months.parse(month);
        RunRequest r = body == null ? new RunRequest(null, null, null, null) : body;
        boolean dry = Boolean.TRUE.equals(r.dryRun()) || Boolean.TRUE.equals(dryRun);
        DispatchRunView run = runs.start(m, new DispatchRuns.Request(r.invoices(), r.message(), messages(r.messages()), dry),
                principal == null ? "unknown" : principal.getName());
        return ResponseEntity.accepted().location(URI.create("/api/dispatches/" + run.id())).body(run);
    }

    /** The body of a dispatch run's request; every field optional. */
    record RunRequest(List<Long> invoices, String message, Map<String, String> messages, Boolean dryRun) {
    }

    private static Map<Long, String> messages(Map<String, String> messages) {
        if (messages == null) {
            return null;
        }
        Map<Long, String> byInvoice = new LinkedHashMap<>();
        messages.forEach((key, text) -> {
            try {
                byInvoice.put(Long.parseLong(key.strip()), text);
            } catch (NumberFormatException e) {
                String shown = (key.length() > 30 ? key.substring(0, 30) + "..." : key).replaceAll("[^\\p{Alnum} _.-]", "?");
                throw new DispatchRunRefusedException("messages: '" + shown + "' is not an invoice id", List.of());
            }
        });
        return byInvoice;
    }

    /** A dispatch run: status, total, sent, failed, pending (blocked, retrying), one line per document. */
    @GetMapping("/api/dispatches/{id}")
    DispatchRunView run(@PathVariable long id) {
        return runs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no dispatch run " + id));
    }

    /** The dispatch runs, of a month or all, oldest first (without their lines). */
    @GetMapping("/api/dispatches")
    List<DispatchRunView> list(@RequestParam(required = false) String month) {
        return runs.list(month == null ? null : Months.parse(month));
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
     * Decides the dispatch of an invoice (one per invoice) left SENDING by a crash (ADR 0021):
     * {@code {"delivered": true|false, "reason": "..."}}. Not delivered = its channel is tried again now. 409 unless
     * the dispatch is SENDING; 404 for an invoice without a dispatch.
     */
    @PostMapping("/api/invoices/{invoiceId}/dispatch/decision")
    DispatchSummary decide(@PathVariable long invoiceId, @RequestBody Decision decision, Principal principal) {
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
        long id = store.dispatches(invoiceId).stream().findFirst().map(DispatchSummary::id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, store.invoiceExists(invoiceId)
                        ? "invoice " + invoiceId + " has not been dispatched" : "no invoice " + invoiceId));
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

    record InvoiceDispatches(long invoiceId, List<DispatchSummary> dispatches, List<DispatchAttempt> attempts) {
    }

}
