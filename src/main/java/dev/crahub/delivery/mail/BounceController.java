package dev.crahub.delivery.mail;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bounces read back from the mailboxes (ADR 0027): the billing team's alerts (permanent failures: which mail,
 * which document, what the server said, what the hub did about it), and with {@code all=true} the delays too;
 * {@code invoice=<id>}: every bounce and delay of one invoice's mails (its dispatch, its reminders).
 */
@RestController
class BounceController {

    private static final int MAX = 500;

    private final BounceStore bounces;

    BounceController(BounceStore bounces) {
        this.bounces = bounces;
    }

    @GetMapping("/api/bounces")
    List<BounceStore.Bounce> bounces(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime since,
            @RequestParam(defaultValue = "false") boolean all, @RequestParam(required = false) Long invoice) {
        if (invoice != null) {
            return bounces.ofInvoice(invoice);
        }
        return bounces.since(since, !all, MAX);
    }
}
