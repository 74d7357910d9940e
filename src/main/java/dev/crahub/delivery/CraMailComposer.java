package dev.crahub.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import dev.crahub.cra.CraDecisions;
import dev.crahub.delivery.mail.MailAccount;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailKind;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.cra.CraMailQueue;
import dev.crahub.cra.CraXmlWriter;
import dev.crahub.system.SecureXml;
import dev.crahub.system.WorkingCalendar;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
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
 * in the client's language (fr, en), as text with a simple HTML alternative made from the same template, the CRA
 * PDF attached to the mails that ask for a decision, and the Message-ID fixed when the mail was queued, so a resend
 * is recognisable as the same message. Everything that comes from outside (names, labels, comments) is one line in
 * headers, escaped in HTML and clipped, so no name or comment can add a header, a tag or a megabyte.
 */
@Component
public class CraMailComposer {

    /** Characters of one comment quoted in a mail; longer ones are cut and say so. */
    static final int MAX_COMMENT = 2000;
    /** Lines of the "what changed" list; the rest is counted. */
    static final int MAX_CHANGES = 60;

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");
    private static final Set<String> DEPARTMENT_WORDS = Set.of("service", "services", "département", "department",
            "direction", "comptabilité", "comptabilite", "accounts", "accounting", "team", "équipe", "equipe", "achats",
            "purchasing", "procurement", "billing", "facturation", "support", "office", "bureau", "finance",
            "contrôle", "controle", "pôle", "pole", "cellule", "desk", "payable", "payables", "fournisseurs", "dsi",
            "it", "rh", "hr", "contact", "admin", "administration", "gestion", "secrétariat", "secretariat");
    private static final Set<String> NAME_PARTICLES = Set.of("de", "du", "des", "le", "la", "van", "von", "der",
            "den", "da", "di", "dos", "del", "y", "d'", "l'", "ter", "ten", "bin", "al");

    private final MailAccounts accounts;
    private final ZoneId zone;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public CraMailComposer(MailAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.zone = clock.getZone();
        this.clock = clock;
    }

    /** What a mail is made of: the stored row and CRA facts, and what the sender looked up for it. */
    public record Content(CraMailStore.Facts facts, String link, byte[] pdf, CraDecisions.Recorded decision,
                          Map<String, String> approvers, int remindersSent, LocalDate today) {
    }

    /** The mail of a queued row, from its contract's mailbox (ADR 0023), ready for route {@code delivery-mail-send}. */
    public OutgoingMail compose(Content c) throws MessagingException {
        CraMailStore.Facts f = c.facts();
        String language = "en".equalsIgnoreCase(f.language()) ? "en" : "fr";
        InternetAddress to = recipient(f.recipientEmail(), f.recipientName());
        Values v = values(c, language);
        String template = template(f.kind());
        MailTemplates.Rendered text = MailTemplates.render(template, language, v.text);
        String html = MailTemplates.renderHtml(template, language, v.html);
        String subject = oneLine(text.subject(), 250);

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

        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text.body().replaceAll("\n{3,}", "\n\n").strip() + "\n", "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(page(language, subject, html), "UTF-8", "html");
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
        return new OutgoingMail(kind(f.kind()), account.name(), message, null, f.craId(), null, f.mailId(),
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

    static MailKind kind(CraMailQueue.Kind kind) {
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

    static boolean attachesPdf(CraMailQueue.Kind kind) {
        return kind == CraMailQueue.Kind.VALIDATION_REQUEST || kind == CraMailQueue.Kind.REMINDER;
    }

    static String template(CraMailQueue.Kind kind) {
        return "cra-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---------------------------------------------------------------------------------------------- addresses

    /** The one recipient of the row: exactly one plain address, or the row fails for good with a clear message. */
    static InternetAddress recipient(String email, String name) {
        String address = email == null ? "" : email.strip();
        String refused = "recipient '" + oneLine(address, 200) + "' is not an e-mail address";
        if (address.isEmpty() || CONTROL.matcher(address).find()) {
            throw new UnsendableMailException(refused);
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            if (parsed.isGroup() || parsed.getPersonal() != null || !address.equals(parsed.getAddress())
                    || address.indexOf('@') <= 0 || address.endsWith("@")) {
                throw new UnsendableMailException(refused);
            }
            String personal = oneLine(name, 200);
            if (!personal.isEmpty()) {
                parsed.setPersonal(personal, "UTF-8");
            }
            return parsed;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new UnsendableMailException(refused);
        }
    }

    /** Answers go to the contract's account manager, else the seller. */
    static InternetAddress replyTo(CraMailStore.Facts f) {
        InternetAddress manager = address(f.accountManagerEmail());
        return manager != null ? manager : address(f.sellerEmail());
    }

    private static InternetAddress address(String email) {
        if (email == null || email.isBlank() || CONTROL.matcher(email).find()) {
            return null;
        }
        try {
            InternetAddress a = new InternetAddress(email.strip(), true);
            a.validate();
            return a.getPersonal() == null && !a.isGroup() ? a : null;
        } catch (AddressException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------- values

    /** The values of a template: as text, and as HTML (escaped, blocks as tables and lists). */
    static final class Values {
        final Map<String, String> text = new HashMap<>();
        final Map<String, String> html = new HashMap<>();

        void put(String key, String value) {
            text.put(key, value);
            html.put(key, MailTemplates.escape(value).replace("\n", "<br>"));
        }

        void block(String key, String textValue, String htmlValue) {
            text.put(key, textValue);
            html.put(key, htmlValue);
        }
    }

    Values values(Content c, String language) {
        CraMailStore.Facts f = c.facts();
        boolean fr = "fr".equals(language);
        Locale locale = fr ? Locale.FRENCH : Locale.ENGLISH;
        Values v = new Values();
        v.put("greeting", greeting(f.recipientName(), language));
        v.put("contract", oneLine(f.contractLabel(), 200));
        v.put("client", oneLine(f.clientName(), 200));
        v.put("month", f.month().getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale) + " " + f.month().getYear());
        v.put("version", Integer.toString(f.version()));
        v.put("seller", oneLine(f.sellerName(), 200));
        v.put("sellerEmail", f.sellerEmail() == null ? "" : oneLine(f.sellerEmail(), 200));
        v.put("deadline", f.deadline() == null ? "-" : date(f.deadline(), language));
        String link = c.link() == null ? "" : c.link();
        v.block("link", link, "<a href=\"" + MailTemplates.escape(link) + "\">" + MailTemplates.escape(link) + "</a>");

        Cra cra = Cra.read(f.xml());
        switch (f.kind()) {
            case VALIDATION_REQUEST, REMINDER -> {
                totals(v, cra, language);
                changes(v, cra, language);
                v.put("remaining", remaining(c.today(), f.deadline(), language));
            }
            case DECIDED_NOTICE, REJECTION_NOTICE -> {
                CraDecisions.Recorded d = c.decision();
                if (d == null) {
                    throw new UnsendableMailException("CRA " + f.craId() + " has no decision to tell about");
                }
                boolean approved = d.outcome() == CraDecisions.Outcome.APPROVED;
                String who = oneLine(d.approverName() == null || d.approverName().isBlank() ? d.approverEmail()
                        : d.approverName(), 200);
                v.put("approver", who);
                v.put("decidedOn", date(d.decidedAt(), language));
                v.put("outcome", fr ? (approved ? "validé" : "refusé") : (approved ? "approved" : "rejected"));
                v.put("decidedBy", d.kind() == CraDecisions.Kind.TACIT
                        ? (fr ? "validé tacitement (échéance passée sans réponse)" : "approved tacitly (deadline passed without an answer)")
                        : (fr ? (approved ? "validé par " : "refusé par ") : (approved ? "approved by " : "rejected by ")) + who);
                v.put("comment", d.comment() == null || d.comment().isBlank() ? (fr ? "(aucun)" : "(none)") : clip(d.comment()));
                v.put("nextVersion", Integer.toString(f.version() + 1));
                rejectedDays(v, d, language);
            }
            case ESCALATION -> {
                List<String> lines = new ArrayList<>();
                c.approvers().forEach((email, name) -> lines.add(name == null || name.isBlank()
                        ? oneLine(email, 200) : oneLine(name, 200) + " <" + oneLine(email, 200) + ">"));
                list(v, "approvers", lines);
                v.put("sentOn", f.sentAt() == null ? "-" : date(f.sentAt(), language));
                v.put("reminders", Integer.toString(c.remindersSent()));
            }
        }
        return v;
    }

    /** "Bonjour Claire Martin," for a person, a neutral greeting for a department or no name. */
    static String greeting(String name, String language) {
        boolean fr = "fr".equals(language);
        String n = oneLine(name, 120);
        if (!looksLikeAPerson(n)) {
            return fr ? "Bonjour," : "Hello,";
        }
        return (fr ? "Bonjour " : "Dear ") + n + ",";
    }

    static boolean looksLikeAPerson(String name) {
        if (name == null || name.isBlank() || name.contains("@") || name.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        String[] words = name.strip().split("\\s+");
        if (words.length < 2 || words.length > 5) {
            return false;
        }
        for (String word : words) {
            String w = word.toLowerCase(Locale.ROOT);
            if (DEPARTMENT_WORDS.contains(w)) {
                return false;
            }
            if (!NAME_PARTICLES.contains(w) && !Character.isUpperCase(word.codePointAt(0))) {
                return false;
            }
        }
        return true;
    }

    /** "11 décembre 2026" / "11 December 2026", as the CRA PDF writes the deadline. */
    static String date(LocalDate date, String language) {
        return DateTimeFormatter.ofPattern("d MMMM yyyy", "fr".equals(language) ? Locale.FRENCH : Locale.ENGLISH)
                .format(date);
    }

    private String date(OffsetDateTime at, String language) {
        return date(at.atZoneSameInstant(zone).toLocalDate(), language);
    }

    static String number(BigDecimal value, String language) {
        NumberFormat format = NumberFormat.getNumberInstance("fr".equals(language) ? Locale.FRENCH : Locale.ENGLISH);
        format.setMinimumFractionDigits(0);
        format.setMaximumFractionDigits(2);
        return format.format(value);
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

    private static void totals(Values v, Cra cra, String language) {
        boolean fr = "fr".equals(language);
        StringBuilder text = new StringBuilder(fr ? "Temps déclarés :" : "Time reported:");
        StringBuilder html = new StringBuilder("<div><table style=\"border-collapse:collapse\" cellpadding=\"4\">"
                + "<tr><th align=\"left\">" + (fr ? "Consultant" : "Consultant") + "</th><th align=\"right\">"
                + (fr ? "Jours" : "Days") + "</th><th align=\"right\">" + (fr ? "Heures" : "Hours") + "</th></tr>");
        for (Cra.Consultant k : cra.consultants()) {
            text.append("\n- ").append(oneLine(k.name(), 200)).append(fr ? " : " : ": ").append(days(k.days(), language))
                    .append(", ").append(hours(k.hours(), language));
            html.append("<tr><td>").append(MailTemplates.escape(oneLine(k.name(), 200))).append("</td><td align=\"right\">")
                    .append(MailTemplates.escape(number(k.days(), language))).append("</td><td align=\"right\">")
                    .append(MailTemplates.escape(number(k.hours(), language))).append("</td></tr>");
        }
        if (cra.totalDays() != null) {
            text.append('\n').append(fr ? "Total : " : "Total: ").append(days(cra.totalDays(), language)).append(", ")
                    .append(hours(cra.totalHours(), language));
            html.append("<tr style=\"border-top:1px solid #888\"><td><strong>Total</strong></td><td align=\"right\"><strong>")
                    .append(MailTemplates.escape(number(cra.totalDays(), language))).append("</strong></td><td align=\"right\"><strong>")
                    .append(MailTemplates.escape(number(cra.totalHours(), language))).append("</strong></td></tr>");
        }
        html.append("</table></div>");
        v.block("totals", text.toString(), html.toString());
    }

    private static void changes(Values v, Cra cra, String language) {
        boolean fr = "fr".equals(language);
        if (cra.changes().isEmpty()) {
            v.block("changes", "", "");
            return;
        }
        String head = fr ? "Ce qui a changé depuis la version " + cra.changesSince() + " :"
                : "What changed since version " + cra.changesSince() + ":";
        List<String> lines = new ArrayList<>();
        for (Cra.Change ch : cra.changes()) {
            String who = oneLine(cra.names().getOrDefault(ch.consultant(), ch.consultant()), 200);
            String what = switch (ch.change()) {
                case "ADDED" -> (fr ? "jour ajouté (" : "day added (") + hoursShort(ch.after(), language) + ")";
                case "REMOVED" -> (fr ? "jour retiré (" : "day removed (") + hoursShort(ch.before(), language) + ")";
                default -> (fr ? "modifié : " : "changed: ") + hoursShort(ch.before(), language) + " → "
                        + hoursShort(ch.after(), language);
            };
            String day = ch.date() == null ? "?" : date(ch.date(), language);
            lines.add(day + ", " + who + (fr ? " : " : ": ") + what);
        }
        if (lines.size() > MAX_CHANGES) {
            int more = lines.size() - MAX_CHANGES;
            lines = new ArrayList<>(lines.subList(0, MAX_CHANGES));
            lines.add(fr ? "… et " + more + " autres" : "… and " + more + " more");
        }
        StringBuilder text = new StringBuilder(head);
        StringBuilder html = new StringBuilder("<div><p>").append(MailTemplates.escape(head)).append("</p><ul>");
        for (String line : lines) {
            text.append("\n- ").append(line);
            html.append("<li>").append(MailTemplates.escape(line)).append("</li>");
        }
        html.append("</ul></div>");
        v.block("changes", text.toString(), html.toString());
    }

    private static String hoursShort(BigDecimal hours, String language) {
        return hours == null ? "-" : number(hours, language) + " h";
    }

    private void rejectedDays(Values v, CraDecisions.Recorded d, String language) {
        boolean fr = "fr".equals(language);
        List<CraDecisions.DayVerdict> rejected = d.days().stream()
                .filter(day -> day.outcome() == CraDecisions.Outcome.REJECTED).toList();
        if (rejected.isEmpty()) {
            v.block("rejectedDays", "", "");
            return;
        }
        String head = fr ? "Jours refusés :" : "Rejected days:";
        StringBuilder text = new StringBuilder(head);
        StringBuilder html = new StringBuilder("<div><p>").append(MailTemplates.escape(head)).append("</p><ul>");
        for (CraDecisions.DayVerdict day : rejected) {
            String comment = day.comment() == null || day.comment().isBlank() ? (fr ? "(sans commentaire)" : "(no comment)")
                    : clip(day.comment());
            text.append("\n- ").append(date(day.date(), language)).append(fr ? " : " : ": ")
                    .append(comment.replace("\n", "\n  "));
            html.append("<li><strong>").append(MailTemplates.escape(date(day.date(), language))).append("</strong>")
                    .append(fr ? " : " : ": ").append(MailTemplates.escape(comment).replace("\n", "<br>")).append("</li>");
        }
        html.append("</ul></div>");
        v.block("rejectedDays", text.toString(), html.toString());
    }

    private static void list(Values v, String key, List<String> lines) {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<div><ul>");
        for (String line : lines) {
            text.append(text.isEmpty() ? "" : "\n").append("- ").append(line);
            html.append("<li>").append(MailTemplates.escape(line)).append("</li>");
        }
        html.append("</ul></div>");
        v.block(key, text.isEmpty() ? "-" : text.toString(), html.toString());
    }

    // ---------------------------------------------------------------------------------------------- text safety

    /** One line: control characters (CR, LF, tabs...) become a space, the whole clipped. Never null. */
    static String oneLine(String s, int max) {
        if (s == null) {
            return "";
        }
        String line = CONTROL.matcher(s).replaceAll(" ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    /** A comment as quoted: line breaks kept, other control characters dropped, clipped to {@link #MAX_COMMENT}. */
    static String clip(String comment) {
        String c = comment.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[\\p{Cntrl}&&[^\\n]]", " ").strip();
        return c.length() <= MAX_COMMENT ? c : c.substring(0, MAX_COMMENT) + " […]";
    }

    private static String page(String language, String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"" + language + "\"><head><meta charset=\"utf-8\"><title>"
                + MailTemplates.escape(title) + "</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;"
                + "font-size:14px;line-height:1.45;color:#222;max-width:640px\">\n" + body + "</body></html>\n";
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
