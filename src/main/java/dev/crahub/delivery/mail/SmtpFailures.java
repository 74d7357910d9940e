package dev.crahub.delivery.mail;

import java.lang.reflect.InvocationTargetException;

import dev.crahub.delivery.UnsendableMailException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Reads a failed transmission: permanent (a 5xx answer, a mail that cannot be made: trying again cannot help) or
 * transient (a 4xx answer, a server down, a connection cut: the mail did not leave, try later), and the server's own
 * words, for the dead letters and the document's history.
 */
public final class SmtpFailures {

    private SmtpFailures() {
    }

    /** Whether trying again later cannot help. */
    public static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t.getClass().getName().endsWith(".ResolveEndpointFailedException")) {
                return true; // the mailbox's configuration: trying again cannot help
            }
        }
        for (Throwable t = unwrap(failure); t != null; t = next(t)) {
            if (t instanceof UnsendableMailException) {
                return true;
            }
            int code = returnCode(t);
            if (code >= 500 && code < 600) {
                return true;
            }
            if (code >= 400 && code < 500) {
                return false;
            }
        }
        return false;
    }

    /** The server's answer (its code and text) when it gave one, else the failure's own message; one line. */
    public static String describe(Throwable failure) {
        Throwable root = unwrap(failure);
        for (Throwable t = root; t != null; t = next(t)) {
            int code = returnCode(t);
            if (code > 0) {
                String message = t.getMessage() == null ? "" : t.getMessage().strip();
                return oneLine(message.startsWith(Integer.toString(code)) ? message : code + " " + message);
            }
        }
        if (root instanceof UnsendableMailException) {
            return oneLine(root.getMessage());
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        Throwable cause = root.getCause();
        if (cause != null && cause != root && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text += " (cause: " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return oneLine(text);
    }

    private static int returnCode(Throwable t) {
        if (t instanceof AuthenticationFailedException && t.getMessage() != null) {
            // the server's answer to AUTH ("535 5.7.8 Authentication credentials invalid"); no code: a login refused
            java.util.regex.Matcher code = java.util.regex.Pattern.compile("^\\s*([45]\\d\\d)\\b").matcher(t.getMessage());
            return code.find() ? Integer.parseInt(code.group(1)) : 535;
        }
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        return -1;
    }

    /** Camel's and reflection's wrappers taken off. */
    static Throwable unwrap(Throwable t) {
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof InvocationTargetException || t.getClass().getName().startsWith("org.apache.camel."))) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String oneLine(String s) {
        String line = s == null ? "" : s.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return line.length() <= 2000 ? line : line.substring(0, 1997) + "...";
    }
}
