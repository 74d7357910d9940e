package dev.crahub.delivery;

import java.util.Map;

import dev.crahub.delivery.mail.MailAccount;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code crahub.mail.*} (ADR 0023): the default mailbox ({@code from}, {@code display-name}, {@code smtp.*},
 * {@code imap.*}) and the named ones ({@code accounts.<name>.*}). Secrets (passwords, OAuth2 tokens) come from the
 * environment only: {@code CRAHUB_MAIL_SMTP_PASSWORD}, {@code CRAHUB_MAIL_ACCOUNTS_<NAME>_PASSWORD} or
 * {@code CRAHUB_MAIL_ACCOUNTS_<NAME>_OAUTH2_TOKEN} (Spring's relaxed binding). With no SMTP host a mailbox writes
 * its mails as {@code .eml} files to {@code data/outbox/mail/} instead of sending them.
 */
@ConfigurationProperties("crahub.mail")
public record MailSettings(String from, String displayName, Smtp smtp, Imap imap, Integer rate,
                           MailAccount.SentCopy sentCopy, Map<String, Account> accounts) {

    public MailSettings {
        from = from == null ? "" : from.strip();
        if (smtp == null) {
            smtp = new Smtp(null, null, null, null, null, null, null);
        }
        accounts = accounts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(accounts));
    }

    /** The default mailbox's SMTP server ({@code crahub.mail.smtp.*}); {@code starttls} is kept for older homes. */
    public record Smtp(String host, Integer port, String username, String password, Boolean starttls,
                       MailAccount.Tls tls, String oauth2Token) {
    }

    /** The IMAP server of the same mailbox: its Sent folder and its inbox (for bounces). */
    public record Imap(String host, Integer port, MailAccount.Tls tls, String sentFolder, String inbox) {
    }

    /** A named mailbox ({@code crahub.mail.accounts.<name>.*}): one user and secret for its SMTP and IMAP servers. */
    public record Account(String address, String displayName, Server smtp, Imap imap, String username,
                          String password, String oauth2Token, Integer rate, MailAccount.SentCopy sentCopy) {
    }

    /** A named mailbox's SMTP server. */
    public record Server(String host, Integer port, MailAccount.Tls tls) {
    }
}
