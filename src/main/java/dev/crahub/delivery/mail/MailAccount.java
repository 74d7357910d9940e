package dev.crahub.delivery.mail;

/**
 * One of the company's mailboxes (ADR 0023): its address and display name, its SMTP server (none: mails are written
 * to the outbox folder), the IMAP server of the same box (its Sent folder gets a copy of every mail, its inbox is
 * read for bounces), one user and one secret (a password, or an OAuth2 access token for XOAUTH2), and how many mails
 * a minute it may send. {@link #toString()} never shows a secret.
 *
 * @param address     the sender's address; {@code null} for the default mailbox when {@code crahub.mail.from} is not
 *                    set: each mail then leaves from its seller's own address
 * @param rate        mails a minute at most (0: no limit)
 */
public record MailAccount(String name, String address, String displayName, Server smtp, Server imap, String sentFolder,
                          String inbox, String username, String password, String oauth2Token, int rate,
                          SentCopy sentCopy) {

    /** The mailbox of {@code crahub.mail.smtp.*} / {@code crahub.mail.imap.*}. */
    public static final String DEFAULT = "default";

    /** How a server is reached: in clear, upgraded by STARTTLS (required), or over TLS from the first byte. */
    public enum Tls {
        NONE, STARTTLS, TLS
    }

    /**
     * Who files the Sent copy: the hub appends it over IMAP ({@code APPEND}, the default when the mailbox has IMAP),
     * the server files it itself ({@code SERVER}: Gmail, Microsoft 365), or nobody ({@code NONE}).
     */
    public enum SentCopy {
        APPEND, SERVER, NONE
    }

    /** A server's host, port and TLS mode. */
    public record Server(String host, int port, Tls tls) {
        @Override
        public String toString() {
            return host + ":" + port + " (" + tls + ")";
        }
    }

    public boolean hasSmtp() {
        return smtp != null;
    }

    public boolean hasImap() {
        return imap != null;
    }

    public boolean oauth2() {
        return oauth2Token != null && !oauth2Token.isEmpty();
    }

    /** The secret the servers are given: the OAuth2 token when there is one, else the password. */
    public String secret() {
        return oauth2() ? oauth2Token : password;
    }

    @Override
    public String toString() {
        return "MailAccount[" + name + ", " + (address == null ? "seller's address" : address) + ", smtp="
                + (smtp == null ? "outbox" : smtp) + ", imap=" + (imap == null ? "none" : imap) + ", user=" + username
                + ", secret=" + (secret() == null || secret().isEmpty() ? "none" : "***") + ", rate=" + rate + "/min]";
    }
}
