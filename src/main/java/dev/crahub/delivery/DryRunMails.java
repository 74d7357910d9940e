package dev.crahub.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.einvoice.EInvoiceNotValidException;
import dev.crahub.system.CrahubHome;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

/**
 * The dry run of a dispatch run (ADR 0026): each document's mail composed exactly as the e-mail channel composes it
 * ({@link InvoiceDispatcher#compose}: the validation gate asked, the Factur-X attached, the personal message) and
 * written to {@code data/outbox/dry-run/<run>/<number>.eml}, with a {@code summary.json} and {@code summary.txt} at
 * the end: recipients, subject, attachments and their sizes, or why the mail could not be made. Nothing is handed to
 * a mailbox and no dispatch changes state: the run's item keeps what was rendered.
 */
@Component
public class DryRunMails {

    private final DispatchRunStore runs;
    private final DispatchStore dispatches;
    private final InvoiceDispatcher mails;
    private final CrahubHome home;
    private final ObjectMapper json;
    private final Clock clock;

    public DryRunMails(DispatchRunStore runs, DispatchStore dispatches, InvoiceDispatcher mails, CrahubHome home,
                       ObjectMapper json, Clock clock) {
        this.runs = runs;
        this.dispatches = dispatches;
        this.mails = mails;
        this.home = home;
        this.json = json.copy().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.clock = clock;
    }

    /** Where a run's files are (number null) or one document's mail, relative to the home. */
    String path(long runId, String number) {
        Path path = number == null ? folder(runId) : folder(runId).resolve(fileName(number) + ".eml");
        return home.root().relativize(path).toString();
    }

    /**
     * A dry run's document: its mail composed as the e-mail channel would ({@link InvoiceDispatcher#compose}) and
     * written to {@code data/outbox/dry-run/<run>/<number>.eml}; nothing handed to a mailbox, the dispatch untouched.
     * A mail that cannot be made (an e-invoice not VALID, no address...) is NOT_MADE with the reason.
     */
    void render(long runId, long dispatchId) {
        DispatchStore.Dispatch d = dispatches.dispatch(dispatchId).orElseThrow();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (d.plan().stream().noneMatch(c -> "email".equals(c.type()))) {
            runs.done(runId, dispatchId, now, "NOT_MADE", "no e-mail channel for this client (channels: "
                    + String.join(", ", d.plan().stream().map(DispatchStore.PlannedChannel::type).toList())
                    + "): a dry run renders mails only", null);
            return;
        }
        try {
            OutgoingMail mail = mails.compose(dispatchId);
            MimeMessage message = mail.message();
            ByteArrayOutputStream eml = new ByteArrayOutputStream();
            message.writeTo(eml);
            Path dir = folder(runId);
            Files.createDirectories(dir);
            String file = fileName(d.invoiceNumber()) + ".eml";
            Files.write(dir.resolve(file), eml.toByteArray());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("file", file);
            detail.put("account", mail.account());
            detail.put("from", addresses(message.getFrom()));
            detail.put("to", addresses(message.getRecipients(Message.RecipientType.TO)));
            detail.put("cc", addresses(message.getRecipients(Message.RecipientType.CC)));
            detail.put("subject", message.getSubject());
            detail.put("messageId", message.getMessageID());
            detail.put("size", eml.size());
            List<Map<String, Object>> attachments = new ArrayList<>();
            attachments(message, attachments);
            detail.put("attachments", attachments);
            runs.done(runId, dispatchId, now, "RENDERED", "rendered to " + file + " (" + eml.size() + " bytes) for "
                    + String.join(", ", addresses(message.getAllRecipients())), write(detail));
        } catch (EInvoiceNotValidException e) {
            runs.done(runId, dispatchId, now, "NOT_MADE", "could not be made: e-invoice " + e.status()
                    + " (the validation gate lets only a VALID one leave): " + e.getMessage(), null);
        } catch (Exception e) {
            runs.done(runId, dispatchId, now, "NOT_MADE", "could not be made: " + describe(e), null);
        }
    }

    Path folder(long runId) {
        return home.outbox("dry-run").resolve(Long.toString(runId));
    }

    /** An invoice number as a file name: anything but letters, digits, dot, dash and underscore becomes '_'. */
    static String fileName(String number) {
        String name = number.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.startsWith(".") ? "_" + name.substring(1) : name;
    }

    /** Writes the run's {@code summary.json} and {@code summary.txt}. */
    void summary(long runId) {
        DispatchRunStore.Run r = runs.find(runId).orElseThrow();
        List<Map<String, Object>> documents = new ArrayList<>();
        StringBuilder text = new StringBuilder("Dry run " + runId + " of " + r.month() + ", requested by "
                + r.requestedBy() + " at " + r.requestedAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime()
                + ": nothing was sent.\n\n");
        for (DispatchRunStore.Item i : runs.items(runId)) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("invoiceId", i.invoiceId());
            doc.put("number", i.invoiceNumber());
            doc.put("outcome", i.outcome());
            Map<String, Object> detail = i.detail() == null ? Map.of() : readMap(i.detail());
            doc.putAll(detail);
            if (!"RENDERED".equals(i.outcome())) {
                doc.put("reason", i.message());
            }
            documents.add(doc);
            text.append(i.invoiceNumber()).append(": ");
            if ("RENDERED".equals(i.outcome())) {
                text.append(detail.get("file")).append(", ").append(detail.get("size")).append(" bytes\n")
                        .append("  to: ").append(detail.get("to")).append(", cc: ").append(detail.get("cc")).append('\n')
                        .append("  subject: ").append(detail.get("subject")).append('\n')
                        .append("  attachments: ").append(detail.get("attachments")).append('\n');
            } else {
                text.append("NOT MADE: ").append(i.message()).append('\n');
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("run", runId);
        summary.put("month", r.month());
        summary.put("requestedBy", r.requestedBy());
        summary.put("requestedAt", r.requestedAt());
        summary.put("documents", documents);
        try {
            Path dir = folder(runId);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("summary.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(summary),
                    StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("summary.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write the dry run's summary: " + e.getMessage(), e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : java.util.Arrays.stream(addresses).map(Address::toString).toList();
    }

    /** Each attached file of the mail: its name, type and decoded size. */
    private static void attachments(Part part, List<Map<String, Object>> into) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int n = 0; n < multipart.getCount(); n++) {
                attachments(multipart.getBodyPart(n), into);
            }
        } else if (part.getFileName() != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            long size;
            try (InputStream in = part.getInputStream()) {
                size = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", part.getFileName());
            a.put("type", part.getContentType() == null ? null : part.getContentType().replaceAll("\\s+", " "));
            a.put("size", size);
            into.add(a);
        }
    }

    /** A failure in one line: its first meaningful cause (Camel's wrappers taken off), clipped. */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getClass().getName().startsWith("org.apache.camel"))
                && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> readMap(String detail) {
        try {
            return json.readValue(detail, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
