package dev.crahub;

import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** The parts of a received mail the tests read, wherever they sit in its multiparts. */
public final class MailParts {

    private MailParts() {
    }

    /** The first inline part of a type ({@code text/plain}, {@code text/html}) as text; null when there is none. */
    public static String text(Part part, String type) throws Exception {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String found = text(mp.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The first attachment; null when there is none. */
    public static Part attachment(Part part) throws Exception {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return part;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                Part found = attachment(mp.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
