package dev.crahub.delivery.mail;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.crahub.delivery.MailSettings;
import dev.crahub.delivery.UnsendableMailException;
import dev.crahub.referential.MailAccountCheck;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.stereotype.Component;

/**
 * The company's mailboxes as configured (ADR 0023), checked at start-up (a wrong address or an {@code .invalid} one
 * stops the hub with every problem listed), and which one a document's mails leave from: the contract's
 * {@code mail.account}, else the mailbox whose address is the contract's account manager's, else the seller's
 * {@code mailAccount}, else {@code default}.
 */
@Component
public class MailAccounts implements MailAccountCheck {

    /** A mailbox's name, as in {@code crahub.mail.accounts.<name>}. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Mails a minute a mailbox sends at most when its {@code rate} is not set. */
    public static final int DEFAULT_RATE = 60;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

    private final Map<String, MailAccount> accounts;

    public MailAccounts(MailSettings settings) {
        List<String> problems = new ArrayList<>();
        Map<String, MailAccount> all = new LinkedHashMap<>();
        all.put(MailAccount.DEFAULT, defaultAccount(settings, problems));
        settings.accounts().forEach((name, a) -> {
            if (!NAME.matcher(name).matches() || MailAccount.DEFAULT.equals(name)) {
                problems.add("crahub.mail.accounts." + name + ": a mailbox's name is lower-case letters, digits and '-'"
                        + " ('default' is crahub.mail.smtp.*)");
                return;
            }
            all.put(name, named(name, a, problems));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Mailboxes misconfigured:\n - " + String.join("\n - ", problems));
        }
        this.accounts = java.util.Collections.unmodifiableMap(all);
    }

    public Collection<MailAccount> all() {
        return accounts.values();
    }

    public MailAccount get(String name) {
        MailAccount account = accounts.get(name == null ? MailAccount.DEFAULT : name);
        if (account == null) {
            throw new UnsendableMailException("no mailbox '" + name + "' (crahub.mail.accounts." + name + ".*)");
        }
        return account;
    }

    public MailAccount defaultAccount() {
        return accounts.get(MailAccount.DEFAULT);
    }

    /**
     * The mailbox a document's mails leave from.
     *
     * @param contractAccount     the contract's {@code mail.account}, or null
     * @param accountManagerEmail the contract's account manager's address, or null
     * @param sellerAccount       the seller's {@code mailAccount}, or null
     */
    public MailAccount choose(String contractAccount, String accountManagerEmail, String sellerAccount) {
        if (contractAccount != null) {
            return get(contractAccount);
        }
        if (accountManagerEmail != null) {
            for (MailAccount a : accounts.values()) {
                if (a.address() != null && a.address().equalsIgnoreCase(accountManagerEmail.strip())) {
                    return a;
                }
            }
        }
        return get(sellerAccount);
    }

    /**
     * The From of a mail leaving from that mailbox: its address (the seller's when the default mailbox has none) and
     * its display name (the seller's name when it has none), one line.
     *
     * @throws UnsendableMailException when there is no address to send from, or only a placeholder ({@code .invalid})
     */
    public InternetAddress sender(MailAccount account, String sellerName, String sellerEmail) {
        String address = account.address() != null ? account.address() : sellerEmail == null ? null : sellerEmail.strip();
        if (address == null || address.isEmpty()) {
            throw new UnsendableMailException("no address to send from: mailbox '" + account.name()
                    + "' has none (crahub.mail.from or crahub.mail.accounts.<name>.address) and the seller has no email");
        }
        String problem = addressProblem(address);
        if (problem != null) {
            throw new UnsendableMailException("cannot send from '" + oneLine(address) + "': " + problem);
        }
        String name = account.displayName() != null ? account.displayName() : sellerName;
        try {
            return new InternetAddress(address, name == null ? null : oneLine(name), "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The right-hand side of the Message-IDs of mails leaving from that mailbox: the sender's domain (the seller's
     * when the mailbox has no address of its own), {@code localhost} when there is none yet (the mail itself then
     * fails with a clear error when it is composed).
     */
    public String messageIdDomain(MailAccount account, String sellerEmail) {
        String address = account.address() != null ? account.address() : sellerEmail;
        if (address == null || address.indexOf('@') < 0 || addressProblem(address.strip()) != null) {
            return "localhost";
        }
        return address.strip().substring(address.strip().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** {@link MailAccountCheck}: a referential may only name a configured mailbox. */
    @Override
    public Optional<String> problem(String name) {
        return accounts.containsKey(name) ? Optional.empty()
                : Optional.of("no mailbox '" + name + "' is configured (crahub.mail.accounts." + name + ".*; known: "
                        + String.join(", ", new java.util.TreeSet<>(accounts.keySet())) + ")");
    }

    /** Why an address cannot be a sender's, or null when it can. */
    static String addressProblem(String address) {
        if (CONTROL.matcher(address).find()) {
            return "holds a control character";
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            if (parsed.getPersonal() != null || parsed.isGroup() || !address.equals(parsed.getAddress())) {
                return "not a plain e-mail address";
            }
        } catch (AddressException e) {
            return "not an e-mail address";
        }
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (domain.endsWith(".invalid") || domain.equals("invalid")) {
            return "an .invalid domain is a placeholder that servers refuse or file as spam";
        }
        return null;
    }

    static String oneLine(String s) {
        String line = CONTROL.matcher(s).replaceAll(" ").strip();
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }

    private static MailAccount defaultAccount(MailSettings s, List<String> problems) {
        String address = s.from().isEmpty() ? null : s.from();
        if (address != null) {
            String problem = addressProblem(address);
            if (problem != null) {
                problems.add("crahub.mail.from '" + oneLine(address) + "': " + problem);
            }
        }
        MailSettings.Smtp smtp = s.smtp();
        MailAccount.Tls smtpTls = smtp.tls() != null ? smtp.tls()
                : Boolean.TRUE.equals(smtp.starttls()) ? MailAccount.Tls.STARTTLS : MailAccount.Tls.NONE;
        MailAccount.Server smtpServer = blank(smtp.host()) ? null
                : new MailAccount.Server(smtp.host().strip(), port(smtp.port(), smtpTls, 25, 587, 465), smtpTls);
        MailSettings.Imap imap = s.imap();
        MailAccount.Server imapServer = imap == null || blank(imap.host()) ? null : imapServer(imap);
        return new MailAccount(MailAccount.DEFAULT, address, blank(s.displayName()) ? null : s.displayName().strip(),
                smtpServer, imapServer, folder(imap == null ? null : imap.sentFolder(), "Sent"),
                folder(imap == null ? null : imap.inbox(), "INBOX"), emptyToNull(smtp.username()),
                emptyToNull(smtp.password()), emptyToNull(smtp.oauth2Token()), rate(s.rate()),
                sentCopy(s.sentCopy(), imapServer));
    }

    private static MailAccount named(String name, MailSettings.Account a, List<String> problems) {
        String at = "crahub.mail.accounts." + name;
        String address = emptyToNull(a.address());
        if (address == null) {
            problems.add(at + ".address: a named mailbox needs its address");
        } else {
            String problem = addressProblem(address);
            if (problem != null) {
                problems.add(at + ".address '" + oneLine(address) + "': " + problem);
            }
        }
        MailAccount.Server smtpServer = null;
        if (a.smtp() != null && !blank(a.smtp().host())) {
            MailAccount.Tls tls = a.smtp().tls() == null ? MailAccount.Tls.STARTTLS : a.smtp().tls();
            smtpServer = new MailAccount.Server(a.smtp().host().strip(), port(a.smtp().port(), tls, 25, 587, 465), tls);
        }
        MailAccount.Server imapServer = a.imap() == null || blank(a.imap().host()) ? null : imapServer(a.imap());
        return new MailAccount(name, address, blank(a.displayName()) ? null : a.displayName().strip(), smtpServer,
                imapServer, folder(a.imap() == null ? null : a.imap().sentFolder(), "Sent"),
                folder(a.imap() == null ? null : a.imap().inbox(), "INBOX"), emptyToNull(a.username()),
                emptyToNull(a.password()), emptyToNull(a.oauth2Token()), rate(a.rate()), sentCopy(a.sentCopy(), imapServer));
    }

    private static MailAccount.Server imapServer(MailSettings.Imap imap) {
        MailAccount.Tls tls = imap.tls() == null ? MailAccount.Tls.NONE : imap.tls();
        return new MailAccount.Server(imap.host().strip(), port(imap.port(), tls, 143, 143, 993), tls);
    }

    private static int port(Integer port, MailAccount.Tls tls, int plain, int starttls, int implicit) {
        if (port != null && port > 0) {
            return port;
        }
        return switch (tls) {
            case NONE -> plain;
            case STARTTLS -> starttls;
            case TLS -> implicit;
        };
    }

    private static int rate(Integer rate) {
        return rate == null ? DEFAULT_RATE : Math.max(0, rate);
    }

    private static MailAccount.SentCopy sentCopy(MailAccount.SentCopy configured, MailAccount.Server imap) {
        if (configured != null) {
            return configured;
        }
        return imap == null ? MailAccount.SentCopy.NONE : MailAccount.SentCopy.APPEND;
    }

    private static String folder(String configured, String fallback) {
        return blank(configured) ? fallback : configured.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String emptyToNull(String s) {
        return blank(s) ? null : s;
    }
}
