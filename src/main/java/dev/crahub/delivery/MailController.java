package dev.crahub.delivery;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.crahub.delivery.mail.MailRegistry;
import dev.crahub.system.XmlCharacters;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The registry of every mail the hub handed to a mailbox ({@code mail_message}, ADR 0023/0024), for the billing team:
 * above all the mails the crash lookup could not settle (UNCERTAIN), which only a person decides, never the hub.
 */
@RestController
class MailController {

    private static final Set<String> STATUSES = Set.of("SENDING", "SENT", "FAILED", "UNCERTAIN");
    private static final int LIMIT = 500;

    private final MailRegistry registry;
    private final MailRecovery recovery;

    MailController(MailRegistry registry, MailRecovery recovery) {
        this.registry = registry;
        this.recovery = recovery;
    }

    /** {@code GET /api/mails?status=UNCERTAIN,SENDING} (repeatable or comma-separated; none: all), newest first. */
    @GetMapping("/api/mails")
    List<MailRegistry.MailRecord> list(@RequestParam(required = false) List<String> status) {
        List<String> statuses = new ArrayList<>();
        if (status != null) {
            for (String s : status) {
                for (String one : s.split(",")) {
                    String upper = one.strip().toUpperCase(Locale.ROOT);
                    if (upper.isEmpty()) {
                        continue;
                    }
                    if (!STATUSES.contains(upper)) {
                        throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                                "status: one of SENDING, SENT, FAILED, UNCERTAIN");
                    }
                    statuses.add(upper);
                }
            }
        }
        return registry.list(statuses, LIMIT);
    }

    @GetMapping("/api/mails/{id}")
    MailRegistry.MailRecord one(@PathVariable long id) {
        return registry.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no mail " + id));
    }

    /**
     * Decides an UNCERTAIN mail: {@code {"sent": true|false, "reason": "..."}}. Sent: SENT, and its document (the
     * dispatch delivered, the CRA mail SENT); not sent: FAILED, and its document tried again. 409 unless UNCERTAIN.
     */
    @PostMapping("/api/mails/{id}/decision")
    MailRegistry.MailRecord decide(@PathVariable long id, @RequestBody(required = false) Decision decision,
                                   Principal principal) {
        if (decision == null || decision.sent() == null) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "sent: true or false is required");
        }
        String reason = decision.reason() == null ? "" : decision.reason().strip();
        if (reason.isEmpty() || reason.length() > 500) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "reason: say why (at most 500 characters), e.g. what the client or the mailbox shows");
        }
        int bad = XmlCharacters.firstRefused(reason);
        if (bad >= 0) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "reason: " + XmlCharacters.describe(reason, bad));
        }
        if (registry.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no mail " + id);
        }
        try {
            return recovery.decide(id, decision.sent(), reason, principal == null ? "unknown" : principal.getName());
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage()
                    + ": only a mail the crash lookup could not settle is decided");
        }
    }

    record Decision(Boolean sent, String reason) {
    }
}
