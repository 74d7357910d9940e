package dev.crahub.cra;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.stream.events.XMLEvent;

import dev.crahub.system.SecureXml;
import dev.crahub.system.WorkingCalendar;
import dev.crahub.system.XmlCharacters;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The input of {@code xsl/cra-html.xsl}: a page document ({@value #NAMESPACE}) that wraps the canonical CRA XML, as
 * stored and as the approver's PDF shows it, with what the stylesheet cannot know: the state of the link, the month's
 * calendar (weekends, French public holidays, hours per consultant, half-days), the form (its action, the CSRF field),
 * the messages, what the approver typed (shown again when the form is refused) and the decision once taken. So the page
 * is rendered like the PDF, from the same XML and the same label dictionaries, and integrators restyle it in the home's
 * {@code xsl/} like the FO layouts.
 */
public final class ValidationPage {

    public static final String NAMESPACE = "urn:crahub:validation-page:1";
    private static final String CRA_NS = "urn:crahub:cra:1";
    private static final XMLOutputFactory OUT = XMLOutputFactory.newFactory();
    /** Configured once (a lookup scans the class path); creating readers from a configured factory is thread-safe. */
    private static final XMLInputFactory IN = newInput();
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** What the page says. */
    public enum State {
        /** a valid link: the CRA and the decision form */
        OPEN,
        /** decided with this link: the CRA and the outcome, no form */
        DONE,
        /** decided by another approver or another way (409) */
        DECIDED,
        EXPIRED,
        SUPERSEDED,
        REVOKED,
        /** tampered or unknown (404) */
        NOT_FOUND,
        /** a form out of bounds (400) */
        BAD_REQUEST,
        /** a POST without a valid CSRF token (403) */
        FORBIDDEN,
        /** the page cannot be rendered or a payload too large (503 / 413) */
        UNAVAILABLE
    }

    /** A message shown above the form (a rule the submitted form broke) or a problem of a refused request. */
    public record Message(String code, String argument) {
    }

    /** The contact named on the page: the contract's account manager, else the seller. */
    public record Contact(String name, String email) {
    }

    /** What the approver typed, shown again when the form is refused. */
    public record Input(String comment, Map<LocalDate, String> disputed) {
    }

    private final State state;
    private final String language;
    private String nonce = "";
    private String craXml;
    private String craSha256;
    private java.util.function.Supplier<String> craSource;
    private String token;
    private String csrfParameter;
    private String csrfToken;
    private String approverName;
    private String approverEmail;
    private Contact contact;
    private int maxComment = ValidationForm.MAX_COMMENT;
    private final List<Message> messages = new ArrayList<>();
    private Input input;
    private CraDecisions.Recorded decision;
    private LocalDate deadline;
    private java.time.ZoneId zone = java.time.ZoneId.of("Europe/Paris");

    public ValidationPage(State state, String language) {
        this.state = state;
        this.language = "en".equals(language) ? "en" : "fr";
    }

    public State state() {
        return state;
    }

    public String language() {
        return language;
    }

    /** The nonce of the page's inline style (the CSP allows that style only). */
    public ValidationPage nonce(String nonce) {
        this.nonce = nonce;
        return this;
    }

    /** The CRA version the link names (canonical XML, as stored). */
    public ValidationPage cra(String xml) {
        this.craXml = xml;
        return this;
    }

    /**
     * The CRA version by the SHA-256 of its XML (stored with it when built, never changed), the XML itself read only
     * when the page is rendered (not when a page rendered from the same XML is kept).
     */
    public ValidationPage cra(String sha256, java.util.function.Supplier<String> xml) {
        this.craSha256 = sha256;
        this.craSource = xml;
        return this;
    }

    private String craXml() {
        if (craXml == null && craSource != null) {
            craXml = craSource.get();
        }
        return craXml;
    }

    /** The link's token: the page's own address and its PDF are relative to it. */
    public ValidationPage token(String token) {
        this.token = token;
        return this;
    }

    public ValidationPage approver(String name, String email) {
        this.approverName = name;
        this.approverEmail = email;
        return this;
    }

    public ValidationPage contact(Contact contact) {
        this.contact = contact;
        return this;
    }

    public ValidationPage csrf(String parameter, String token) {
        this.csrfParameter = parameter;
        this.csrfToken = token;
        return this;
    }

    public ValidationPage message(String code, String argument) {
        messages.add(new Message(code, argument));
        return this;
    }

    public ValidationPage input(Input input) {
        this.input = input;
        return this;
    }

    /** The deadline set when the CRA version was sent (the XML holds the one computed at build time). */
    public ValidationPage deadline(LocalDate deadline) {
        this.deadline = deadline;
        return this;
    }

    /** The business time zone the decision's time is shown in. */
    public ValidationPage zone(java.time.ZoneId zone) {
        this.zone = zone;
        return this;
    }

    public ValidationPage decision(CraDecisions.Recorded decision) {
        this.decision = decision;
        return this;
    }

    private static XMLInputFactory newInput() {
        XMLInputFactory in = XMLInputFactory.newFactory();
        in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        in.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return in;
    }

    String nonce() {
        return nonce;
    }

    String csrfToken() {
        return csrfToken;
    }

    String csrfParameter() {
        return csrfParameter;
    }

    /**
     * What the rendered page depends on, except the per-answer secrets (style nonce, CSRF token) which
     * {@link ValidationPages} fills in: SHA-256 over every other field, the CRA XML included, and the stylesheets'
     * version. {@code null} for a page that is not kept (one showing messages or what the approver typed: a refused
     * form).
     */
    byte[] cacheKey(long stylesheetVersion) {
        if (!messages.isEmpty() || input != null) {
            return null;
        }
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Object field : new Object[] {"page/1", stylesheetVersion, state, language, token, csrfParameter,
                csrfToken != null, approverName, approverEmail, contact, maxComment, decision, deadline, zone,
                craSha256 != null ? "sha256:" + craSha256 : craXml}) {
            byte[] bytes = String.valueOf(field).getBytes(StandardCharsets.UTF_8);
            sha.update(java.nio.ByteBuffer.allocate(5).putInt(bytes.length).put((byte) (field == null ? 0 : 1)).array());
            sha.update(bytes);
        }
        return sha.digest();
    }

    /** The document, UTF-8. */
    public byte[] toXml() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            XMLStreamWriter x = OUT.createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.setDefaultNamespace(NAMESPACE);
            x.writeStartElement(NAMESPACE, "page");
            x.writeDefaultNamespace(NAMESPACE);
            attribute(x, "language", language);
            attribute(x, "state", state.name());
            attribute(x, "nonce", nonce);
            attribute(x, "deadline", deadline == null ? null : deadline.toString());
            if (token != null) {
                String self = "/validation/" + token;
                empty(x, "links");
                attribute(x, "self", self);
                attribute(x, "pdf", self + "/pdf");
            }
            if (approverEmail != null) {
                empty(x, "approver");
                attribute(x, "name", approverName);
                attribute(x, "email", approverEmail);
            }
            if (contact != null && contact.email() != null) {
                empty(x, "contact");
                attribute(x, "name", contact.name());
                attribute(x, "email", contact.email());
            }
            if (state == State.OPEN && csrfToken != null) {
                empty(x, "form");
                attribute(x, "action", "/validation/" + token);
                attribute(x, "csrfParameter", csrfParameter);
                attribute(x, "csrfToken", csrfToken);
                attribute(x, "maxComment", Integer.toString(maxComment));
                attribute(x, "maxDayComment", Integer.toString(ValidationForm.MAX_DAY_COMMENT));
            }
            if (!messages.isEmpty()) {
                x.writeStartElement(NAMESPACE, "messages");
                for (Message m : messages) {
                    empty(x, "message");
                    attribute(x, "code", m.code());
                    attribute(x, "argument", m.argument());
                }
                x.writeEndElement();
            }
            if (input != null) {
                x.writeStartElement(NAMESPACE, "input");
                text(x, "comment", input.comment());
                for (Map.Entry<LocalDate, String> day : input.disputed().entrySet()) {
                    x.writeStartElement(NAMESPACE, "dispute");
                    attribute(x, "date", day.getKey().toString());
                    x.writeCharacters(writable(day.getValue()));
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            if (decision != null) {
                writeDecision(x, decision);
            }
            String craXml = craXml();
            if (craXml != null) {
                Document cra = SecureXml.parse(craXml.getBytes(StandardCharsets.UTF_8));
                writeCalendar(x, cra);
                copy(x, craXml);
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the validation page document", e);
        }
        return out.toByteArray();
    }

    private void writeDecision(XMLStreamWriter x, CraDecisions.Recorded d) throws XMLStreamException {
        x.writeStartElement(NAMESPACE, "decision");
        attribute(x, "outcome", d.outcome().name());
        attribute(x, "kind", d.kind().name());
        attribute(x, "decidedAt", DATE_TIME.format(d.decidedAt().atZoneSameInstant(zone)));
        attribute(x, "approverName", d.approverName());
        attribute(x, "approverEmail", d.approverEmail());
        text(x, "comment", d.comment());
        for (CraDecisions.DayVerdict day : d.days()) {
            x.writeStartElement(NAMESPACE, "day");
            attribute(x, "date", day.date().toString());
            attribute(x, "outcome", day.outcome().name());
            if (day.comment() != null) {
                x.writeCharacters(writable(day.comment()));
            }
            x.writeEndElement();
        }
        x.writeEndElement();
    }

    /**
     * Every day of the month: ISO weekday, weekend, holiday key, hours per consultant and in all, half-days (hours at
     * most half the contract's day).
     */
    private static void writeCalendar(XMLStreamWriter x, Document cra) throws XMLStreamException {
        Element root = cra.getDocumentElement();
        YearMonth month = YearMonth.parse(childText(root, "month"));
        Element contract = child(root, "contract");
        BigDecimal hoursPerDay = new BigDecimal(childText(contract, "hoursPerDay"));
        BigDecimal half = hoursPerDay.divide(BigDecimal.valueOf(2), 4, RoundingMode.HALF_UP);
        Map<LocalDate, Map<String, BigDecimal>> worked = new TreeMap<>();
        NodeList days = child(root, "days").getChildNodes();
        for (int i = 0; i < days.getLength(); i++) {
            if (!(days.item(i) instanceof Element day) || !"day".equals(day.getLocalName())) {
                continue;
            }
            worked.computeIfAbsent(LocalDate.parse(day.getAttribute("date")), d -> new LinkedHashMap<>())
                    .merge(day.getAttribute("consultant"), new BigDecimal(day.getAttribute("hours")), BigDecimal::add);
        }
        x.writeStartElement(NAMESPACE, "calendar");
        attribute(x, "month", month.toString());
        attribute(x, "hoursPerDay", hoursPerDay.toPlainString());
        attribute(x, "firstWeekday", Integer.toString(month.atDay(1).getDayOfWeek().getValue()));
        for (LocalDate date = month.atDay(1); !date.isAfter(month.atEndOfMonth()); date = date.plusDays(1)) {
            Map<String, BigDecimal> hours = worked.getOrDefault(date, Map.of());
            BigDecimal total = hours.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            x.writeStartElement(NAMESPACE, "day");
            attribute(x, "date", date.toString());
            attribute(x, "day", Integer.toString(date.getDayOfMonth()));
            attribute(x, "weekday", Integer.toString(date.getDayOfWeek().getValue()));
            attribute(x, "weekend", Boolean.toString(WorkingCalendar.isWeekend(date)));
            WorkingCalendar.holiday(date).ifPresent(h -> attribute(x, "holiday", h.name()));
            attribute(x, "hours", total.setScale(2, RoundingMode.HALF_UP).toPlainString());
            boolean allHalf = !hours.isEmpty() && hours.values().stream().allMatch(h -> isHalf(h, half));
            attribute(x, "half", Boolean.toString(allHalf));
            for (Map.Entry<String, BigDecimal> c : hours.entrySet()) {
                empty(x, "consultant");
                attribute(x, "code", c.getKey());
                attribute(x, "hours", c.getValue().setScale(2, RoundingMode.HALF_UP).toPlainString());
                attribute(x, "half", Boolean.toString(isHalf(c.getValue(), half)));
            }
            x.writeEndElement();
        }
        x.writeEndElement();
    }

    private static boolean isHalf(BigDecimal hours, BigDecimal half) {
        return hours.signum() > 0 && hours.compareTo(half) <= 0;
    }

    /** Copies the CRA document (no DOCTYPE: SecureXml parsed it before) under the page element. */
    private static void copy(XMLStreamWriter x, String xml) throws XMLStreamException {
        XMLEventReader reader = IN.createXMLEventReader(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        int depth = 0;
        while (reader.hasNext()) {
            XMLEvent event = reader.nextEvent();
            if (event.isStartElement()) {
                var start = event.asStartElement();
                var name = start.getName();
                x.writeStartElement(name.getPrefix(), name.getLocalPart(), name.getNamespaceURI());
                if (depth == 0) {
                    if (name.getPrefix().isEmpty()) {
                        x.writeDefaultNamespace(name.getNamespaceURI());
                    } else {
                        x.writeNamespace(name.getPrefix(), name.getNamespaceURI());
                    }
                }
                for (var ns = start.getNamespaces(); ns.hasNext(); ) {
                    var n = (javax.xml.stream.events.Namespace) ns.next();
                    boolean written = depth == 0 && n.getPrefix().equals(name.getPrefix())
                            && n.getNamespaceURI().equals(name.getNamespaceURI());
                    if (!written) {
                        if (n.isDefaultNamespaceDeclaration()) {
                            x.writeDefaultNamespace(n.getNamespaceURI());
                        } else {
                            x.writeNamespace(n.getPrefix(), n.getNamespaceURI());
                        }
                    }
                }
                for (var attrs = start.getAttributes(); attrs.hasNext(); ) {
                    var a = (javax.xml.stream.events.Attribute) attrs.next();
                    var an = a.getName();
                    if (an.getNamespaceURI().isEmpty()) {
                        x.writeAttribute(an.getLocalPart(), a.getValue());
                    } else {
                        x.writeAttribute(an.getPrefix(), an.getNamespaceURI(), an.getLocalPart(), a.getValue());
                    }
                }
                depth++;
            } else if (event.isEndElement()) {
                x.writeEndElement();
                depth--;
            } else if (event.isCharacters() && depth > 0) {
                x.writeCharacters(event.asCharacters().getData());
            }
        }
        reader.close();
    }

    private static Element child(Element parent, String name) {
        NodeList list = parent.getElementsByTagNameNS(CRA_NS, name);
        if (list.getLength() == 0) {
            throw new IllegalArgumentException("the CRA document has no " + name);
        }
        return (Element) list.item(0);
    }

    private static String childText(Element parent, String name) {
        return child(parent, name).getTextContent().strip();
    }

    private static void empty(XMLStreamWriter x, String name) throws XMLStreamException {
        x.writeEmptyElement(NAMESPACE, name);
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        if (value != null) {
            x.writeStartElement(NAMESPACE, name);
            x.writeCharacters(writable(value));
            x.writeEndElement();
        }
    }

    private static void attribute(XMLStreamWriter x, String name, String value) {
        if (value != null) {
            try {
                x.writeAttribute(name, writable(value));
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Characters XML cannot carry never reach the page (the form refuses them; stored data should hold none). */
    private static String writable(String value) {
        StringBuilder out = null;
        int bad;
        String rest = value;
        while ((bad = XmlCharacters.firstUnwritable(rest)) >= 0) {
            if (out == null) {
                out = new StringBuilder(value.length());
            }
            out.append(rest, 0, bad).append('\uFFFD');
            rest = rest.substring(bad + Character.charCount(rest.codePointAt(bad)));
        }
        return out == null ? value : out.append(rest).toString();
    }
}
