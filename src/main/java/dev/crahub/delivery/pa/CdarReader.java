package dev.crahub.delivery.pa;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import dev.crahub.system.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads what the hub needs from a lifecycle flow (CDAR, UN/CEFACT Cross Domain Acknowledgement And Response): the
 * invoice it is about (the referenced document's {@code IssuerAssignedID}), the status ({@code ProcessConditionCode},
 * MDT-9), when it occurred ({@code DateTimeString}, format 204 or 102, in the business zone when without offset), a
 * reason and an amount when it carries them. Elements are found by local name, whatever the prefixes; DOCTYPE and
 * external entities are refused ({@link SecureXml}).
 */
final class CdarReader {

    /** What a lifecycle flow says. {@code occurredAt} and {@code amount} may be null. */
    record Notice(String invoiceNumber, String code, OffsetDateTime occurredAt, String reason, BigDecimal amount) {
    }

    private CdarReader() {
    }

    static Optional<Notice> read(byte[] xml, ZoneId zone) {
        Document doc = SecureXml.parse(xml);
        Element referenced = first(doc.getDocumentElement(), "ReferenceReferencedDocument");
        Element scope = referenced == null ? doc.getDocumentElement() : referenced;
        String number = text(first(scope, "IssuerAssignedID"));
        String code = text(first(scope, "ProcessConditionCode"));
        if (code == null) {
            code = text(first(doc.getDocumentElement(), "ProcessConditionCode"));
        }
        if (number == null || code == null) {
            return Optional.empty();
        }
        OffsetDateTime at = dateTime(first(scope, "DateTimeString"), zone);
        if (at == null) {
            at = dateTime(first(doc.getDocumentElement(), "DateTimeString"), zone);
        }
        String reason = text(first(scope, "Reason"));
        String amount = text(first(scope, "ValueAmount"));
        BigDecimal value = null;
        if (amount != null) {
            try {
                value = new BigDecimal(amount).setScale(2, java.math.RoundingMode.HALF_UP);
            } catch (NumberFormatException e) {
                value = null;
            }
        }
        return Optional.of(new Notice(number, code, at, reason, value));
    }

    private static OffsetDateTime dateTime(Element e, ZoneId zone) {
        String value = text(e);
        if (value == null) {
            return null;
        }
        String format = e.getAttribute("format");
        try {
            if ("102".equals(format) || value.length() == 8) {
                return LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(zone).toOffsetDateTime();
            }
            if ("204".equals(format) || value.length() == 14) {
                return LocalDateTime.parse(value, DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).atZone(zone).toOffsetDateTime();
            }
            return OffsetDateTime.parse(value);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static Element first(Element root, String localName) {
        NodeList all = root.getElementsByTagNameNS("*", localName);
        if (all.getLength() == 0) {
            all = root.getElementsByTagName(localName);
        }
        return all.getLength() == 0 ? null : (Element) all.item(0);
    }

    private static String text(Node node) {
        if (node == null) {
            return null;
        }
        String text = node.getTextContent().strip();
        return text.isEmpty() ? null : text;
    }
}
