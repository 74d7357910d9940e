package dev.crahub.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.crahub.cra.CraDecisions;
import dev.crahub.cra.CraMailQueue;
import dev.crahub.cra.CraXmlWriter;
import dev.crahub.delivery.mail.MailAccount;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailFormats;
import dev.crahub.delivery.mail.MailKind;
import dev.crahub.delivery.mail.MailTemplateEngine;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.system.SecureXml;
import dev.crahub.system.WorkingCalendar;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Builds the mails of the CRA workflow (validation request, reminder, decided notice, rejection notice, escalation)
 * from the home's templates (ADR 0025: {@code templates/<set>/mail/cra-*.<lang>.*}, the contract's set, else the
 * client's, else {@code default}) in the client's language (fr, en): text and HTML from their own templates, dates as
 * the CRA PDF of that language prints them ({@link MailFormats}), the CRA PDF attached to the mails that ask for a
 * decision, and the Message-ID fixed when the mail was queued, so a resend is recognisable as the same message.
 * Everything that comes from outside (names, labels, comments) is one line in headers, escaped in HTML and clipped
 * ({@link MailSafety}), so no name or comment can add a header, a tag or a megabyte.
 */
@Component
public class CraMailComposer {

    /** Characters of one comment quoted in a mail; longer ones are cut and say so. */
    static final int MAX_COMMENT = MailSafety.MAX_MESSAGE;
    /** Lines of the "what changed" list; the rest is counted. */
    static final int MAX_CHANGES = 60;

    private final MailAccounts accounts;
    private final MailTemplateEngine templates;
    private final ZoneId zone;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public CraMailComposer(MailAccounts accounts, MailTemplateEngine templates, Clock clock) {
        this.accounts = accounts;
        this.templates = templates;
        this.zone = clock.getZone();
        this.clock = clock;
    }

    /** What a mail is made of: the stored row and CRA facts, and what the sender looked up for it. */
    public record Content(CraMailStore.Facts facts, String link, byte[] pdf, CraDecisions.Recorded decision,
                          Map<String, String> approvers, int remindersSent, LocalDate today) {
    }

    /** The mail of a queued row, from its contract's mailbox (ADR 0023), ready for route {@code delivery-mail-send}. */
    public OutgoingMail compose(Content c) throws MessagingException {
        return compose(c, null);
    }

    /**
     * The mail of a queued row (or of a preview's facts).
     *
     * @param languageOverride null: the row's language
     */
    public OutgoingMail compose(Content c, String languageOverride) throws MessagingException {
        CraMailStore.Facts f = c.facts();
        String requested = languageOverride != null ? languageOverride : f.language();
        String language = "en".equalsIgnoreCase(requested) ? "en" : "fr";
        InternetAddress to = recipient(f.recipientEmail(), f.recipientName());
        MailKind kind = kind(f.kind());
        MailTemplateEngine.Rendered rendered;
        try {
            rendered = templates.render(java.util.Arrays.asList(f.contractTemplateSet(), f.clientTemplateSet()), kind,
                    language, model(c, language));
        } catch (IllegalStateException e) {
            throw new UnsendableMailException(e.getMessage()); // a template to fix: the mail fails for good, said why
        }
        String subject = oneLine(rendered.subject(), 250);

        MailAccount account = account(f);
        MimeMessage message = new InvoiceMailComposer.FixedIdMimeMessage(session, f.messageId());
        message.setFrom(accounts.sender(account, oneLine(f.sellerName(), 200), f.sellerEmail()));
        InternetAddress replyTo = replyTo(f);
        if (replyTo != null) {
            message.setReplyTo(new InternetAddress[] {replyTo});
        }
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Crahub-Cra", Long.toString(f.craId()));
        message.setHeader("X-Crahub-Mail-Kind", f.kind().name());
        message.setHeader("X-Crahub-Template-Set", rendered.set());

        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(rendered.text(), "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(rendered.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);

        if (attachesPdf(f.kind())) {
            if (c.pdf() == null || c.pdf().length == 0) {
                throw new UnsendableMailException("CRA " + f.craId() + " has no PDF to attach");
            }
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(c.pdf(), "application/pdf")));
            attachment.setFileName(pdfName(f));
            attachment.setDisposition(MimeBodyPart.ATTACHMENT);
            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(body);
            mixed.addBodyPart(attachment);
            message.setContent(mixed);
        } else {
            message.setContent(alternative);
        }
        message.saveChanges();
        return new OutgoingMail(kind, account.name(), message, null, f.craId(), null, f.mailId() == 0 ? null : f.mailId(),
                emlFileName(f));
    }

    /** The mailbox a CRA's mails leave from: the contract's, its account manager's, the seller's, else the default. */
    MailAccount account(CraMailStore.Facts f) {
        return accounts.choose(f.contractMailAccount(), f.accountManagerEmail(), f.sellerMailAccount());
    }

    /** The outbox file of a row: {@code cra-<craId>-<kind>-<mailId>.eml}. */
    static String emlFileName(CraMailStore.Facts f) {
        return "cra-" + f.craId() + "-" + f.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + f.mailId() + ".eml";
    }

    public static MailKind kind(CraMailQueue.Kind kind) {
        return MailKind.valueOf("CRA_" + kind.name());
    }

    /** The message as an RFC 822 {@code .eml} file. */
    public byte[] toEml(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** The attachment's name, as {@code GET /api/cras/{id}/pdf} names it. */
    static String pdfName(CraMailStore.Facts f) {
        return "CRA-%s-%s-v%d.pdf".formatted(f.contract(), f.month(), f.version()).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public static boolean attachesPdf(CraMailQueue.Kind kind) {
        return kind == CraMailQueue.Kind.VALIDATION_REQUEST || kind == CraMailQueue.Kind.REMINDER;
    }

    // ---------------------------------------------------------------------------------------------- addresses

    /** The one recipient of the row: exactly one plain address, or the row fails for good with a clear message. */
    static InternetAddress recipient(String email, String name) {
        return MailSafety.address(email, name, "recipient");
    }

    /** Answers go to the contract's account manager, else the seller. */
    static InternetAddress replyTo(CraMailStore.Facts f) {
        InternetAddress manager = MailSafety.replyTo(f.accountManagerEmail());
        return manager != null ? manager : MailSafety.replyTo(f.sellerEmail());
    }

    // ---------------------------------------------------------------------------------------------- the model

    /** The variables of the templates: every value a text already formatted for the language, lists for blocks. */
    Map<String, Object> model(Content c, String language) {
        CraMailStore.Facts f = c.facts();
        boolean fr = "fr".equals(language);
        Map<String, Object> m = new HashMap<>();
        m.put("language", language);
        m.put("greeting", greeting(f.recipientName(), language));
        m.put("message", null);
        m.put("messageLines", null);
        m.put("contract", oneLine(f.contractLabel(), 200));
        m.put("client", oneLine(f.clientName(), 200));
        m.put("month", MailFormats.month(f.month(), language));
        m.put("version", Integer.toString(f.version()));
        Map<String, Object> seller = new LinkedHashMap<>();
        seller.put("name", oneLine(f.sellerName(), 200));
        seller.put("email", f.sellerEmail() == null ? "" : oneLine(f.sellerEmail(), 200));
        m.put("seller", seller);
        m.put("deadline", f.deadline() == null ? "-" : MailFormats.date(f.deadline(), language));
        m.put("link", c.link() == null ? "" : c.link());

        Cra cra = Cra.read(f.xml());
        switch (f.kind()) {
            case VALIDATION_REQUEST, REMINDER -> {
                totals(m, cra, language);
                changes(m, cra, language);
                m.put("remaining", remaining(c.today(), f.deadline(), language));
            }
            case DECIDED_NOTICE, REJECTION_NOTICE -> {
                CraDecisions.Recorded d = c.decision();
                if (d == null) {
                    throw new UnsendableMailException("CRA " + f.craId() + " has no decision to tell about");
                }
                boolean approved = d.outcome() == CraDecisions.Outcome.APPROVED;
                String who = oneLine(d.approverName() == null || d.approverName().isBlank() ? d.approverEmail()
                        : d.approverName(), 200);
                m.put("approver", who);
                m.put("decidedOn", date(d.decidedAt(), language));
                m.put("outcome", fr ? (approved ? "validé" : "refusé") : (approved ? "approved" : "rejected"));
                m.put("decidedBy", d.kind() == CraDecisions.Kind.TACIT
                        ? (fr ? "validé tacitement (échéance passée sans réponse)" : "approved tacitly (deadline passed without an answer)")
                        : (fr ? (approved ? "validé par " : "refusé par ") : (approved ? "approved by " : "rejected by ")) + who);
                String comment = clip(d.comment());
                m.put("comment", comment == null ? (fr ? "(aucun)" : "(none)") : comment);
                m.put("commentLines", MailSafety.lines(comment == null ? (fr ? "(aucun)" : "(none)") : comment));
                m.put("nextVersion", Integer.toString(f.version() + 1));
                rejectedDays(m, d, language);
            }
            case ESCALATION -> {
                List<String> lines = new ArrayList<>();
                c.approvers().forEach((email, name) -> lines.add(name == null || name.isBlank()
                        ? oneLine(email, 200) : oneLine(name, 200) + " <" + oneLine(email, 200) + ">"));
                m.put("approvers", lines.isEmpty() ? List.of("-") : lines);
                m.put("sentOn", f.sentAt() == null ? "-" : date(f.sentAt(), language));
                m.put("reminders", Integer.toString(c.remindersSent()));
            }
        }
        return m;
    }

    /** "Bonjour Claire Martin," for a person, a neutral greeting for a department or no name. */
    static String greeting(String name, String language) {
        return MailSafety.greeting(name, language);
    }

    static boolean looksLikeAPerson(String name) {
        return MailSafety.looksLikeAPerson(name);
    }

    private String date(OffsetDateTime at, String language) {
        return MailFormats.date(at.atZoneSameInstant(zone).toLocalDate(), language);
    }

    /** Days and hours exactly as the CRA's PDF prints them (MailFormats.quantity): a mail never rounds them. */
    static String number(BigDecimal value, String language) {
        return dev.crahub.delivery.mail.MailFormats.quantity(value, language);
    }

    static String days(BigDecimal days, String language) {
        boolean one = days.compareTo(BigDecimal.ONE) == 0;
        boolean fewerThanTwo = days.compareTo(BigDecimal.valueOf(2)) < 0;
        return number(days, language) + ("fr".equals(language) ? (fewerThanTwo ? " jour" : " jours") : (one ? " day" : " days"));
    }

    static String hours(BigDecimal hours, String language) {
        boolean one = hours.compareTo(BigDecimal.ONE) == 0;
        boolean fewerThanTwo = hours.compareTo(BigDecimal.valueOf(2)) < 0;
        return number(hours, language) + ("fr".equals(language) ? (fewerThanTwo ? " heure" : " heures") : (one ? " hour" : " hours"));
    }

    /** Working days left until the deadline, in words. */
    static String remaining(LocalDate today, LocalDate deadline, String language) {
        boolean fr = "fr".equals(language);
        if (today == null || deadline == null) {
            return "";
        }
        if (deadline.isBefore(today)) {
            return fr ? "échéance dépassée" : "the deadline has passed";
        }
        int n = 0;
        for (LocalDate d = today.plusDays(1); !d.isAfter(deadline); d = d.plusDays(1)) {
            if (WorkingCalendar.isWorkingDay(d)) {
                n++;
            }
        }
        if (n == 0) {
            return fr ? "c'est aujourd'hui" : "that is today";
        }
        return fr ? "dans " + n + (n == 1 ? " jour ouvré" : " jours ouvrés")
                : "in " + n + (n == 1 ? " working day" : " working days");
    }

    private static void totals(Map<String, Object> m, Cra cra, String language) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cra.Consultant k : cra.consultants()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", oneLine(k.name(), 200));
            row.put("days", number(k.days(), language));
            row.put("hours", number(k.hours(), language));
            row.put("daysText", days(k.days(), language));
            row.put("hoursText", hours(k.hours(), language));
            rows.add(row);
        }
        m.put("totals", rows.isEmpty() ? null : rows);
        m.put("totalDays", cra.totalDays() == null ? null : days(cra.totalDays(), language));
        m.put("totalHours", cra.totalHours() == null ? null : hours(cra.totalHours(), language));
        m.put("totalDaysNumber", cra.totalDays() == null ? null : number(cra.totalDays(), language));
        m.put("totalHoursNumber", cra.totalHours() == null ? null : number(cra.totalHours(), language));
    }

    private static void changes(Map<String, Object> m, Cra cra, String language) {
        boolean fr = "fr".equals(language);
        m.put("changesSince", cra.changesSince() == null ? "?" : cra.changesSince().toString());
        if (cra.changes().isEmpty()) {
            m.put("changes", null);
            return;
        }
        List<String> lines = new ArrayList<>();
        for (Cra.Change ch : cra.changes()) {
            String who = oneLine(cra.names().getOrDefault(ch.consultant(), ch.consultant()), 200);
            String what = switch (ch.change()) {
                case "ADDED" -> (fr ? "jour ajouté (" : "day added (") + hoursShort(ch.after(), language) + ")";
                case "REMOVED" -> (fr ? "jour retiré (" : "day removed (") + hoursShort(ch.before(), language) + ")";
                default -> (fr ? "modifié : " : "changed: ") + hoursShort(ch.before(), language) + " → "
                        + hoursShort(ch.after(), language);
            };
            String day = ch.date() == null ? "?" : MailFormats.date(ch.date(), language);
            lines.add(day + ", " + who + (fr ? " : " : ": ") + what);
        }
        if (lines.size() > MAX_CHANGES) {
            int more = lines.size() - MAX_CHANGES;
            lines = new ArrayList<>(lines.subList(0, MAX_CHANGES));
            lines.add(fr ? "… et " + more + " autres" : "… and " + more + " more");
        }
        m.put("changes", lines);
    }

    private static String hoursShort(BigDecimal hours, String language) {
        return hours == null ? "-" : number(hours, language) + " h";
    }

    private void rejectedDays(Map<String, Object> m, CraDecisions.Recorded d, String language) {
        boolean fr = "fr".equals(language);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CraDecisions.DayVerdict day : d.days()) {
            if (day.outcome() != CraDecisions.Outcome.REJECTED) {
                continue;
            }
            String comment = clip(day.comment());
            if (comment == null) {
                comment = fr ? "(sans commentaire)" : "(no comment)";
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", MailFormats.date(day.date(), language));
            row.put("commentText", comment.replace("\n", "\n  "));
            row.put("lines", MailSafety.lines(comment));
            rows.add(row);
        }
        m.put("rejectedDays", rows.isEmpty() ? null : rows);
    }

    // ---------------------------------------------------------------------------------------------- text safety

    /** One line: control characters (CR, LF, tabs...) become a space, the whole clipped. Never null. */
    static String oneLine(String s, int max) {
        return MailSafety.oneLine(s, max);
    }

    /** A comment as quoted: line breaks kept, other control characters dropped, clipped; null when there is none. */
    static String clip(String comment) {
        return MailSafety.paragraph(comment, MAX_COMMENT);
    }

    // ---------------------------------------------------------------------------------------------- the CRA XML

    /** What the mails quote from the canonical CRA XML (namespace {@code urn:crahub:cra:1}). */
    record Cra(List<Consultant> consultants, BigDecimal totalHours, BigDecimal totalDays, Integer changesSince,
               List<Change> changes, Map<String, String> names) {

        record Consultant(String code, String name, BigDecimal hours, BigDecimal days) {
        }

        record Change(LocalDate date, String consultant, String change, BigDecimal before, BigDecimal after) {
        }

        static Cra read(String xml) {
            if (xml == null || xml.isBlank()) {
                return new Cra(List.of(), null, null, null, List.of(), Map.of());
            }
            Element root = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
            List<Consultant> consultants = new ArrayList<>();
            Map<String, String> names = new LinkedHashMap<>();
            Element list = child(root, "consultants");
            if (list != null) {
                for (Element k : children(list, "consultant")) {
                    String code = k.getAttribute("code");
                    String name = text(child(k, "name"));
                    consultants.add(new Consultant(code, name == null ? code : name,
                            orZero(decimal(text(child(k, "totalHours")))), orZero(decimal(text(child(k, "totalDays"))))));
                    names.put(code, name == null ? code : name);
                }
            }
            Element totals = child(root, "totals");
            BigDecimal hours = totals == null ? null : decimal(text(child(totals, "hours")));
            BigDecimal days = totals == null ? null : decimal(text(child(totals, "days")));
            if (hours == null || days == null) {
                hours = null;
                days = null;
            }
            Element changes = child(root, "changes");
            List<Change> changed = new ArrayList<>();
            Integer since = null;
            if (changes != null) {
                String s = changes.getAttribute("sinceVersion");
                since = s.matches("\\d{1,6}") ? Integer.valueOf(s) : null;
                for (Element day : children(changes, "day")) {
                    LocalDate date;
                    try {
                        date = LocalDate.parse(day.getAttribute("date"));
                    } catch (RuntimeException e) {
                        date = null;
                    }
                    changed.add(new Change(date, day.getAttribute("consultant"), day.getAttribute("change"),
                            decimal(day.getAttribute("hoursBefore")), decimal(day.getAttribute("hoursAfter"))));
                }
            }
            return new Cra(consultants, hours, days, since, changed, names);
        }

        private static Element child(Element parent, String local) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && CraXmlWriter.NAMESPACE.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                    return e;
                }
            }
            return null;
        }

        private static List<Element> children(Element parent, String local) {
            List<Element> found = new ArrayList<>();
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && CraXmlWriter.NAMESPACE.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                    found.add(e);
                }
            }
            return found;
        }

        private static String text(Element e) {
            return e == null ? null : e.getTextContent().strip();
        }

        private static BigDecimal orZero(BigDecimal d) {
            return d == null ? BigDecimal.ZERO : d;
        }

        private static BigDecimal decimal(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
