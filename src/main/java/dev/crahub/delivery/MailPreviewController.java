package dev.crahub.delivery;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.crahub.cra.CraDecisions;
import dev.crahub.cra.CraMailQueue;
import dev.crahub.cra.CraStore;
import dev.crahub.cra.ValidationTokens;
import dev.crahub.delivery.mail.MailKind;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.einvoice.EInvoiceNotValidException;
import dev.crahub.invoice.InvoiceStore;
import dev.crahub.invoice.InvoiceSummary;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/mails/preview?template=<kind>&invoice=<id>} (or {@code &cra=<id>}), optional {@code language=} and
 * {@code message=} (ADR 0025): the mail exactly as it would leave (same composer, templates, attachments, checks),
 * answered as JSON, and nothing else: no dispatch, no registry row, no queued mail, no link issued (a CRA request's
 * link is shown as a placeholder: a preview never hands out an approver's personal link). Billing's.
 */
@RestController
class MailPreviewController {

    static final int MAX_MESSAGE_PARAMETER = 4000;

    private final InvoiceMailComposer invoiceComposer;
    private final CraMailComposer craComposer;
    private final InvoiceStore invoices;
    private final CraMailStore craMails;
    private final CraStore cras;
    private final CraDecisions decisions;
    private final ValidationTokens tokens;
    private final Clock clock;

    MailPreviewController(InvoiceMailComposer invoiceComposer, CraMailComposer craComposer, InvoiceStore invoices,
                          CraMailStore craMails, CraStore cras, CraDecisions decisions, ValidationTokens tokens,
                          Clock clock) {
        this.invoiceComposer = invoiceComposer;
        this.craComposer = craComposer;
        this.invoices = invoices;
        this.craMails = craMails;
        this.cras = cras;
        this.decisions = decisions;
        this.tokens = tokens;
        this.clock = clock;
    }

    @GetMapping("/api/mails/preview")
    Map<String, Object> preview(@RequestParam("template") String template,
                                @RequestParam(value = "invoice", required = false) Long invoiceId,
                                @RequestParam(value = "cra", required = false) Long craId,
                                @RequestParam(value = "language", required = false) String language,
                                @RequestParam(value = "message", required = false) String message) {
        MailKind kind = Arrays.stream(MailKind.values()).filter(k -> k.template().equals(template)).findFirst()
                .filter(k -> k != MailKind.PAYMENT_REMINDER)
                .orElseThrow(() -> bad("template '" + MailSafety.oneLine(template, 60) + "' is not a mail kind to preview:"
                        + " one of invoice, credit-note, cra-validation-request, cra-reminder, cra-decided-notice,"
                        + " cra-rejection-notice, cra-escalation"));
        if ((invoiceId == null) == (craId == null)) {
            throw bad("name exactly one document: invoice=<id> or cra=<id>");
        }
        if (language != null && !language.equals("fr") && !language.equals("en")) {
            throw bad("language must be fr or en");
        }
        if (message != null && message.length() > MAX_MESSAGE_PARAMETER) {
            throw bad("message: at most " + MAX_MESSAGE_PARAMETER + " characters");
        }
        try {
            OutgoingMail mail = invoiceId != null ? invoice(kind, invoiceId, language, message) : cra(kind, craId, language);
            return describe(mail);
        } catch (UnsendableMailException e) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "this mail cannot be sent: " + e.getMessage());
        } catch (EInvoiceNotValidException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("preview of " + template + " failed", e);
        }
    }

    private OutgoingMail invoice(MailKind kind, long id, String language, String message)
            throws MessagingException, IOException {
        InvoiceSummary invoice = invoices.find(id).orElseThrow(() -> notFound("no invoice " + id));
        if (invoice.number() == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "invoice " + id + " is a draft: it is mailed once issued");
        }
        MailKind fits = InvoiceMailComposer.kind(invoice);
        if (kind != fits) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "template " + kind.template()
                    + " does not fit " + invoice.number() + ", " + (fits == MailKind.CREDIT_NOTE ? "a credit note" : "an invoice")
                    + ": use template=" + fits.template());
        }
        return invoiceComposer.preview(id, language, message);
    }

    private OutgoingMail cra(MailKind kind, long id, String language) throws MessagingException {
        if (!kind.name().startsWith("CRA_")) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "template " + kind.template()
                    + " is an invoice's: a CRA takes one of the cra-* templates");
        }
        CraMailStore.Facts base = craMails.factsOfCra(id).orElseThrow(() -> notFound("no CRA " + id));
        CraMailQueue.Kind craKind = CraMailQueue.Kind.valueOf(kind.name().substring("CRA_".length()));
        Map<String, String> approvers = craMails.approvers(id);
        // who would receive it: the client's first approver, or the account manager for the team's notices
        boolean toTeam = craKind == CraMailQueue.Kind.REJECTION_NOTICE || craKind == CraMailQueue.Kind.ESCALATION;
        String email;
        String name;
        if (toTeam) {
            email = base.accountManagerEmail() != null ? base.accountManagerEmail() : base.sellerEmail();
            name = base.accountManagerEmail() != null ? base.accountManagerName() : base.sellerName();
        } else {
            var first = approvers.entrySet().stream().findFirst()
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY,
                            "CRA " + id + " has no approver to address it to"));
            email = first.getKey();
            name = first.getValue();
        }
        CraMailStore.Facts f = base.forPreview(craKind, name, email);
        String link = switch (craKind) {
            case VALIDATION_REQUEST, REMINDER -> tokens.publicBaseUrl() + "/validation/(personal-link-of-the-approver)";
            default -> tokens.publicBaseUrl() + "/api/cras/" + id;
        };
        byte[] pdf = CraMailComposer.attachesPdf(craKind) ? cras.pdf(id).orElse(null) : null;
        CraDecisions.Recorded decision = craKind == CraMailQueue.Kind.DECIDED_NOTICE
                || craKind == CraMailQueue.Kind.REJECTION_NOTICE ? decisions.find(id).orElse(null) : null;
        if ((craKind == CraMailQueue.Kind.DECIDED_NOTICE || craKind == CraMailQueue.Kind.REJECTION_NOTICE)
                && decision == null) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, "template " + kind.template()
                    + " does not fit CRA " + id + ": it has no decision yet");
        }
        int reminders = craKind == CraMailQueue.Kind.ESCALATION ? craMails.remindersSent(id) : 0;
        return craComposer.compose(new CraMailComposer.Content(f, link, pdf, decision, approvers, reminders,
                LocalDate.now(clock)), language);
    }

    /** What the mail is: its headers, its two bodies, its attachments (name, type, size). */
    static Map<String, Object> describe(OutgoingMail mail) throws MessagingException, IOException {
        java.io.ByteArrayOutputStream eml = new java.io.ByteArrayOutputStream();
        mail.message().writeTo(eml);
        MimeMessage m = new MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(eml.toByteArray()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", mail.kind().template());
        out.put("account", mail.account());
        out.put("templateSet", Optional.ofNullable(m.getHeader("X-Crahub-Template-Set", null)).orElse(null));
        out.put("from", addresses(m.getFrom()));
        out.put("replyTo", addresses(m.getReplyTo()));
        out.put("to", addresses(m.getRecipients(Message.RecipientType.TO)));
        out.put("cc", addresses(m.getRecipients(Message.RecipientType.CC)));
        out.put("subject", m.getSubject());
        List<Part> parts = new ArrayList<>();
        collect(m, parts);
        List<Map<String, Object>> attachments = new ArrayList<>();
        for (Part p : parts) {
            if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("name", p.getFileName());
                a.put("type", p.getContentType().split(";")[0].strip());
                a.put("size", p.getInputStream().readAllBytes().length);
                attachments.add(a);
            } else if (p.isMimeType("text/plain")) {
                out.put("text", ((String) p.getContent()).replace("\r\n", "\n"));
            } else if (p.isMimeType("text/html")) {
                out.put("html", ((String) p.getContent()).replace("\r\n", "\n"));
            }
        }
        out.put("attachments", attachments);
        out.put("size", eml.size());
        return out;
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(a -> a instanceof jakarta.mail.internet.InternetAddress ia
                ? ia.toUnicodeString() : a.toString()).toList();
    }

    private static void collect(Part part, List<Part> into) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i), into);
            }
        } else {
            into.add(part);
        }
    }

    private static ResponseStatusException bad(String message) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
    }

    private static ResponseStatusException notFound(String message) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, message);
    }
}
