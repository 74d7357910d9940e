package dev.crahub.delivery.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.SearchTerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads each mailbox's inbox over IMAP for delivery-status notifications (route {@code delivery-poll-bounces}, ADR
 * 0027): every message whose Content-Type is {@code multipart/report; report-type=delivery-status} is read (with
 * PEEK: a person's unread mail stays unread), handed to {@link Bounces}, and once handled flagged {@code \Seen} or
 * moved to {@code crahub.mail.bounces.processed-folder}. A notice about a mail the hub did not send is left where it
 * is, logged once. Other mail is never touched. Connection, read and write time-outs are set
 * ({@code crahub.mail.bounces.timeout}); a mailbox that cannot be read is logged and the others are still read.
 */
@Component("bounceInbox")
public class BounceInbox {

    private static final Logger LOG = LoggerFactory.getLogger(BounceInbox.class);
    /** Notices one poll reads at most per mailbox (the next poll takes the rest). */
    static final int BATCH = 200;

    private final MailAccounts accounts;
    private final Bounces bounces;
    private final DsnParser parser = new DsnParser();
    private final String processedFolder;
    private final Duration timeout;
    private final Set<String> loggedUnknown = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });

    public BounceInbox(MailAccounts accounts, Bounces bounces,
                       @Value("${crahub.mail.bounces.processed-folder:}") String processedFolder,
                       @Value("${crahub.mail.bounces.timeout:30s}") Duration timeout) {
        this.accounts = accounts;
        this.bounces = bounces;
        this.processedFolder = processedFolder == null || processedFolder.isBlank() ? null : processedFolder.strip();
        this.timeout = timeout;
    }

    /** A dispatch a bounce moved: to run on the client's next channel, or (e-mail was the last) for the dead letters. */
    public record BouncedDispatch(long dispatchId, boolean nextChannel) {
    }

    /** Reads every mailbox with IMAP; answers the dispatches the bounces moved. */
    public List<BouncedDispatch> poll() {
        List<BouncedDispatch> moved = new ArrayList<>();
        for (MailAccount account : accounts.all()) {
            if (!account.hasImap()) {
                continue;
            }
            try {
                moved.addAll(read(account));
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("Bounces: cannot read the inbox '{}' of mailbox {} ({}): {}", account.inbox(), account.name(),
                        account.imap(), e.toString());
            }
        }
        return moved;
    }

    List<BouncedDispatch> read(MailAccount account) throws MessagingException {
        List<BouncedDispatch> moved = new ArrayList<>();
        Store store = session(account).getStore(protocol(account));
        store.connect(account.imap().host(), account.imap().port(),
                account.username() != null ? account.username() : account.address(), account.secret());
        try {
            Folder inbox = store.getFolder(account.inbox());
            inbox.open(Folder.READ_WRITE);
            boolean expunge = false;
            try {
                // the server picks the reports (SEARCH HEADER): a large inbox of ordinary mail is not fetched
                SearchTerm reports = new HeaderTerm("Content-Type", "delivery-status");
                Message[] messages = inbox.search(processedFolder == null
                        ? new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), false), reports) : reports);
                int read = 0;
                for (Message message : messages) {
                    if (read >= BATCH) {
                        break;
                    }
                    if (!(message instanceof MimeMessage mime) || !DsnParser.isDeliveryReport(mime)) {
                        continue;
                    }
                    read++;
                    var dsn = parse(account, mime);
                    if (dsn == null) {
                        continue;
                    }
                    Bounces.Handled handled = bounces.handle(account.name(), dsn);
                    if (handled.outcome() == Bounces.Outcome.UNKNOWN) {
                        if (loggedUnknown.add(dsn.dsnId())) {
                            LOG.info("Bounces: notification {} in mailbox {} left alone: {}", dsn.dsnId(), account.name(),
                                    handled.detail());
                        }
                        continue;
                    }
                    if (handled.dispatchId() != null) {
                        moved.add(new BouncedDispatch(handled.dispatchId(), handled.nextChannel()));
                    }
                    expunge |= processed(store, inbox, message);
                }
            } finally {
                inbox.close(expunge);
            }
        } finally {
            store.close();
        }
        return moved;
    }

    private DeliveryStatusNotice parse(MailAccount account, MimeMessage message) {
        try {
            // a copy read whole: the parts are read once, over one FETCH
            return parser.parse(new MimeMessage(message)).orElse(null);
        } catch (Exception e) {
            LOG.warn("Bounces: unreadable notification in mailbox {}: {}", account.name(), e.toString());
            return null;
        }
    }

    /** Flags the notice \Seen, or moves it (copy, then deleted here); answers whether the folder needs an expunge. */
    private boolean processed(Store store, Folder inbox, Message message) throws MessagingException {
        if (processedFolder == null) {
            message.setFlag(Flags.Flag.SEEN, true);
            return false;
        }
        Folder target = store.getFolder(processedFolder);
        if (!target.exists()) {
            target.create(Folder.HOLDS_MESSAGES);
        }
        inbox.copyMessages(new Message[] {message}, target);
        message.setFlag(Flags.Flag.DELETED, true);
        return true;
    }

    private Session session(MailAccount account) {
        String p = protocol(account);
        Properties props = new Properties();
        String ms = String.valueOf(timeout.toMillis());
        props.put("mail." + p + ".connectiontimeout", ms);
        props.put("mail." + p + ".timeout", ms);
        props.put("mail." + p + ".writetimeout", ms);
        props.put("mail." + p + ".peek", "true");
        if (account.imap().tls() == MailAccount.Tls.STARTTLS) {
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
        }
        if (account.oauth2()) {
            props.put("mail." + p + ".auth.mechanisms", "XOAUTH2");
        }
        return Session.getInstance(props);
    }

    private static String protocol(MailAccount account) {
        return account.imap().tls() == MailAccount.Tls.TLS ? "imaps" : "imap";
    }
}
