package dev.crahub.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code crahub.mail.*}: the sender, and the SMTP server when there is one. With no {@code smtp.host}, mails are
 * written as {@code .eml} files to {@code data/outbox/mail/} instead of being sent.
 */
@ConfigurationProperties("crahub.mail")
public record MailSettings(String from, Smtp smtp) {

    public MailSettings {
        if (from == null || from.isBlank()) {
            from = "factures@crahub.invalid";
        }
        if (smtp == null) {
            smtp = new Smtp("", 25, "", "", false);
        }
    }

    /** The domain of generated Message-IDs: the sender's. */
    public String domain() {
        return from.substring(from.indexOf('@') + 1).replace(">", "").strip();
    }

    public boolean smtpConfigured() {
        return smtp.host() != null && !smtp.host().isBlank();
    }

    public String smtpUri() {
        StringBuilder uri = new StringBuilder("smtp://").append(smtp.host()).append(':').append(smtp.port())
                .append("?connectionTimeout=30000");
        if (smtp.username() != null && !smtp.username().isBlank()) {
            uri.append("&username=RAW(").append(smtp.username()).append(")&password=RAW(")
                    .append(smtp.password() == null ? "" : smtp.password()).append(')');
        }
        if (smtp.starttls()) {
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        return uri.toString();
    }

    public record Smtp(String host, int port, String username, String password, boolean starttls) {
    }
}
