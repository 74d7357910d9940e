package dev.crahub.delivery.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.crahub.system.Hashing;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * Reads a delivery-status notification (RFC 3464, {@code multipart/report; report-type=delivery-status}) as mail
 * servers write them (Postfix, Exchange, Gmail, Sendmail): the per-recipient fields of its
 * {@code message/delivery-status} part (Final-Recipient, Action, Status, Diagnostic-Code), and the Message-ID of the
 * mail it reports on, from its returned headers ({@code text/rfc822-headers} or {@code message/rfc822}), else the
 * {@code Original-Envelope-Id} or an {@code X-Original-Message-ID} header when it looks like a Message-ID. Anything
 * else (a plain mail, an auto-reply, a report of another type) is not a notification: empty. Plain class, fed real
 * samples in its tests; it never throws on a malformed notice, it reads what it can.
 */
public final class DsnParser {

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s@]+@[^<>\\s]+>");
    private static final int MAX_PART = 1 << 20;

    /** The notice the message is, or empty when it is not a delivery-status notification. */
    public Optional<DeliveryStatusNotice> parse(MimeMessage message) throws MessagingException, IOException {
        if (!isDeliveryReport(message)) {
            return Optional.empty();
        }
        Object content = message.getContent();
        if (!(content instanceof Multipart report)) {
            return Optional.empty();
        }
        InternetHeaders perMessage = null;
        List<InternetHeaders> perRecipient = new ArrayList<>();
        String original = null;
        for (int i = 0; i < report.getCount(); i++) {
            BodyPart part = report.getBodyPart(i);
            if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                try (InputStream in = new ByteArrayInputStream(read(part))) {
                    perMessage = new InternetHeaders(in);
                    while (in.available() > 0) {
                        InternetHeaders group = new InternetHeaders(in);
                        if (group.getAllHeaders().hasMoreElements()) {
                            perRecipient.add(group);
                        }
                    }
                }
            } else if (original == null && (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822")
                    || part.isMimeType("message/rfc822-headers") || part.isMimeType("message/global-headers"))) {
                try (InputStream in = new ByteArrayInputStream(read(part))) {
                    original = messageId(new InternetHeaders(in).getHeader("Message-ID", null));
                }
            }
        }
        if (perMessage == null) {
            return Optional.empty();
        }
        if (original == null) {
            original = messageId(perMessage.getHeader("Original-Envelope-Id", null));
        }
        if (original == null) {
            original = messageId(first(message, "X-Original-Message-ID"));
        }
        List<DeliveryStatusNotice.Recipient> recipients = new ArrayList<>();
        for (InternetHeaders r : perRecipient) {
            String action = field(r, "Action");
            if (action == null && field(r, "Status") == null) {
                continue;
            }
            recipients.add(new DeliveryStatusNotice.Recipient(address(field(r, "Final-Recipient")),
                    action == null ? null : action.toLowerCase(Locale.ROOT), status(field(r, "Status")),
                    field(r, "Diagnostic-Code")));
        }
        return Optional.of(new DeliveryStatusNotice(dsnId(message), original, field(perMessage, "Reporting-MTA"),
                recipients));
    }

    /** Whether the message is a delivery-status report (its top-level Content-Type says so). */
    public static boolean isDeliveryReport(MimeMessage message) throws MessagingException {
        String type = message.getContentType();
        if (type == null) {
            return false;
        }
        try {
            ContentType ct = new ContentType(type);
            String reportType = ct.getParameter("report-type");
            return ct.match("multipart/report") && reportType != null
                    && reportType.toLowerCase(Locale.ROOT).contains("delivery-status");
        } catch (jakarta.mail.internet.ParseException e) {
            return false;
        }
    }

    private static byte[] read(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readNBytes(MAX_PART);
        }
    }

    /** A field's value, unfolded, comments and surrounding blanks kept as the server wrote them; null when absent. */
    private static String field(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, " ");
        if (value == null) {
            return null;
        }
        String unfolded = MimeUtility.unfold(value).replaceAll("[\\r\\n\\t ]+", " ").strip();
        return unfolded.isEmpty() ? null : unfolded;
    }

    /** {@code rfc822; jean@example.com} -> {@code jean@example.com}. */
    private static String address(String value) {
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        String address = (semicolon >= 0 ? value.substring(semicolon + 1) : value).strip();
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1);
        }
        return address.isEmpty() ? null : address;
    }

    /** {@code 5.1.1 (bad destination mailbox)} -> {@code 5.1.1}. */
    private static String status(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}").matcher(value);
        return m.find() ? m.group() : value.split("\\s+")[0];
    }

    private static String messageId(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(value.strip());
        return m.find() ? m.group() : null;
    }

    private static String first(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    /** The notice's own Message-ID, or a digest of its headers when it has none (the same notice, the same id). */
    private static String dsnId(MimeMessage message) throws MessagingException {
        String id = messageId(message.getMessageID());
        if (id != null) {
            return id;
        }
        StringBuilder headers = new StringBuilder();
        for (Enumeration<Header> e = message.getAllHeaders(); e.hasMoreElements(); ) {
            Header h = e.nextElement();
            headers.append(h.getName()).append(':').append(h.getValue()).append('\n');
        }
        return "sha256:" + Hashing.sha256(headers.toString());
    }
}
