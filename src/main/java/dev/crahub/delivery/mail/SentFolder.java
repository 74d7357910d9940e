package dev.crahub.delivery.mail;

import java.io.ByteArrayInputStream;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.MessageIDTerm;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A mailbox's Sent folder over IMAP (ADR 0024): the copy of a mail is appended there as a draft ({@code \Draft
 * \Seen}) before the mail is handed to SMTP, its {@code \Draft} cleared once the server accepted it, deleted if it
 * did not leave; after a crash the copy is looked up by Message-ID, and what it says (absent, draft, sent) is what the
 * hub knows of the mail. One connection per call, every network wait bounded.
 */
@Component
public class SentFolder {

    /** What the Sent folder holds for a Message-ID. */
    public enum Copy {
        /** no copy */
        NONE,
        /** a copy still flagged {@code \Draft}: appended before SMTP, never confirmed */
        DRAFT,
        /** a copy without {@code \Draft}: the mail left (the hub cleared the flag after SMTP, or the server filed it) */
        SENT
    }

    private final int timeoutMillis;

    public SentFolder(@Value("${crahub.mail.imap-timeout:30000}") int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Appends the mail to the mailbox's Sent folder (created if missing) flagged {@code \Draft} and {@code \Seen}. */
    public void appendDraft(MailAccount account, MimeMessage mail) throws MessagingException {
        byte[] eml = MailPost.eml(mail);
        try (Store store = connect(account)) {
            Folder sent = store.getFolder(account.sentFolder());
            if (!sent.exists() && !sent.create(Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("cannot create the folder " + account.sentFolder() + " of mailbox "
                        + account.name());
            }
            MimeMessage copy = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
            copy.setFlags(new Flags(Flags.Flag.DRAFT), true);
            copy.setFlags(new Flags(Flags.Flag.SEEN), true);
            sent.appendMessages(new Message[] {copy});
        }
    }

    /** The server accepted the mail: its copies lose {@code \Draft}; false when there is no copy. */
    public boolean confirm(MailAccount account, String messageId) throws MessagingException {
        return change(account, messageId, false, false);
    }

    /** The mail did not leave: its copies are deleted ({@code \Deleted}, expunged); false when there was none. */
    public boolean delete(MailAccount account, String messageId) throws MessagingException {
        return change(account, messageId, true, false);
    }

    /**
     * Before a mail is sent again: the drafts an earlier attempt left (its delete failed with IMAP down) are deleted,
     * so the copy appended now is the only one; a copy without {@code \Draft} is kept.
     */
    public boolean deleteDrafts(MailAccount account, String messageId) throws MessagingException {
        return change(account, messageId, true, true);
    }

    /** What the Sent folder holds for the Message-ID (a copy without {@code \Draft} wins over a draft). */
    public Copy lookup(MailAccount account, String messageId) throws MessagingException {
        try (Store store = connect(account)) {
            Folder sent = store.getFolder(account.sentFolder());
            if (!sent.exists()) {
                return Copy.NONE;
            }
            sent.open(Folder.READ_ONLY);
            try {
                Copy found = Copy.NONE;
                for (Message m : sent.search(new MessageIDTerm(messageId))) {
                    if (!messageId.equals(first(m.getHeader("Message-ID")))) {
                        continue; // a server's search may match a part of the header: only the exact id counts
                    }
                    if (m.isSet(Flags.Flag.DELETED)) {
                        continue;
                    }
                    if (!m.isSet(Flags.Flag.DRAFT)) {
                        return Copy.SENT;
                    }
                    found = Copy.DRAFT;
                }
                return found;
            } finally {
                sent.close(false);
            }
        }
    }

    private boolean change(MailAccount account, String messageId, boolean delete, boolean draftsOnly)
            throws MessagingException {
        try (Store store = connect(account)) {
            Folder sent = store.getFolder(account.sentFolder());
            if (!sent.exists()) {
                return false;
            }
            sent.open(Folder.READ_WRITE);
            boolean found = false;
            try {
                for (Message m : sent.search(new MessageIDTerm(messageId))) {
                    if (!messageId.equals(first(m.getHeader("Message-ID")))
                            || (draftsOnly && !m.isSet(Flags.Flag.DRAFT))) {
                        continue;
                    }
                    found = true;
                    if (delete) {
                        m.setFlag(Flags.Flag.DELETED, true);
                    } else {
                        m.setFlag(Flags.Flag.DRAFT, false);
                    }
                }
            } finally {
                sent.close(delete && found); // close(true) expunges what was flagged \Deleted
            }
            return found;
        }
    }

    /** An IMAP connection to the mailbox: TLS as configured, XOAUTH2 when it has a token, bounded waits. */
    Store connect(MailAccount account) throws MessagingException {
        if (!account.hasImap()) {
            throw new MessagingException("mailbox " + account.name() + " has no IMAP server");
        }
        Session session = Session.getInstance(properties(account, timeoutMillis));
        Store store = session.getStore(protocol(account));
        store.connect(account.imap().host(), account.imap().port(),
                account.username() == null ? account.address() : account.username(),
                account.secret() == null ? "" : account.secret());
        return store;
    }

    static String protocol(MailAccount account) {
        return account.imap().tls() == MailAccount.Tls.TLS ? "imaps" : "imap";
    }

    /** The Jakarta Mail (angus) session properties of the mailbox's IMAP server. */
    static Properties properties(MailAccount account, int timeoutMillis) {
        String p = "mail." + protocol(account) + ".";
        Properties props = new Properties();
        props.setProperty(p + "connectiontimeout", Integer.toString(timeoutMillis));
        props.setProperty(p + "timeout", Integer.toString(timeoutMillis));
        props.setProperty(p + "writetimeout", Integer.toString(timeoutMillis));
        if (account.imap().tls() == MailAccount.Tls.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (account.imap().tls() != MailAccount.Tls.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        if (account.oauth2()) {
            props.setProperty(p + "auth.mechanisms", "XOAUTH2");
        }
        return props;
    }

    private static String first(String[] values) {
        return values == null || values.length == 0 ? null : values[0].strip();
    }
}
