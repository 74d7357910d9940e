package dev.crahub.system;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the hub's canonical XML documents: one default namespace, indented, UTF-8. Optional values that are
 * {@code null} are simply left out, so writers read like the document they produce.
 * <p>
 * A value XML 1.0 cannot carry ({@link XmlCharacters#firstUnwritable}; data imported before imports refused such
 * characters may hold one) fails the document being written with an {@link UnwritableValueException} naming where
 * in the document and which field, instead of a parser's "invalid XML character" later in the stylesheet.
 */
public final class XmlBuilder {

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    private final XMLStreamWriter xml;
    private final String namespace;
    private int depth;
    private boolean lastWasStart;
    /** Where the writer is, for messages: {@code cra/entries/entry[date=2026-10-01 consultant=JD]}. */
    private final java.util.ArrayDeque<StringBuilder> path = new java.util.ArrayDeque<>();

    /** A value that an XML document cannot carry; the message names the element or attribute and the character. */
    public static final class UnwritableValueException extends IllegalArgumentException {
        UnwritableValueException(String message) {
            super(message);
        }
    }

    public XmlBuilder(String namespace) {
        this.namespace = namespace;
        try {
            xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(namespace);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens an element; the first one also declares the namespace. */
    public XmlBuilder start(String name) {
        try {
            indent();
            xml.writeStartElement(namespace, name);
            if (depth == 0) {
                xml.writeDefaultNamespace(namespace);
            }
            path.addLast(new StringBuilder(name));
            depth++;
            lastWasStart = true;
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    public XmlBuilder attribute(String name, Object value) {
        if (value != null) {
            try {
                String text = text(name, value);
                xml.writeAttribute(name, text);
                StringBuilder here = path.peekLast();
                if (here != null && here.chars().filter(c -> c == '[').count() < 2 && text.length() <= 40) {
                    here.append('[').append(name).append('=').append(text).append(']');
                }
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
        }
        return this;
    }

    public XmlBuilder end() {
        try {
            depth--;
            path.pollLast();
            if (!lastWasStart) {
                indent();
            }
            xml.writeEndElement();
            lastWasStart = false;
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An element with text content; left out when the value is {@code null}. */
    public XmlBuilder element(String name, Object value) {
        return element(name, value, null, null);
    }

    /** An element with text content and one attribute (e.g. an amount and its currency); left out when null. */
    public XmlBuilder element(String name, Object value, String attribute, Object attributeValue) {
        if (value == null) {
            return this;
        }
        String text = text(name, value);
        String attributeText = attribute != null ? text(name + "/@" + attribute, attributeValue) : null;
        try {
            indent();
            xml.writeStartElement(namespace, name);
            if (attribute != null) {
                xml.writeAttribute(attribute, attributeText);
            }
            xml.writeCharacters(text);
            xml.writeEndElement();
            lastWasStart = false;
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] toBytes() {
        try {
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
            return out.toByteArray();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toXmlString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    private void indent() throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
        lastWasStart = false;
    }

    /** xs:dateTime always with seconds (OffsetDateTime.toString() drops ":00" seconds, which XSD refuses). */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private String text(String field, Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof OffsetDateTime t) {
            return DATE_TIME.format(t);
        }
        String text = String.valueOf(value);
        int bad = XmlCharacters.firstUnwritable(text);
        if (bad >= 0) {
            StringBuilder where = new StringBuilder();
            path.forEach(p -> where.append(p).append('/'));
            throw new UnwritableValueException("cannot write " + field + " (at " + where + field + ") into the "
                    + "document: " + XmlCharacters.describe(text, bad) + "; correct the value at its source and "
                    + "build the document again");
        }
        return text;
    }
}
