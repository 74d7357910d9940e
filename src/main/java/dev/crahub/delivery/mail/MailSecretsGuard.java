package dev.crahub.delivery.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Stops the hub at start-up when a mailbox's password or OAuth2 token is found in a configuration file
 * ({@code application.yml} / {@code .properties}, in the jar or in the home) rather than in the environment (ADR
 * 0024): a secret in a file ends up committed, copied into backups and read by anyone who can read the home. Spring
 * tells where each value comes from (its property source); only values read from files are refused, never the value
 * itself is printed. A file may name an environment variable ({@code password: ${MY_MAILBOX_PASSWORD}}).
 */
@Component
public class MailSecretsGuard {

    /** {@code crahub.mail.smtp.password}, {@code crahub.mail.accounts.<name>.oauth2-token}, and their spellings. */
    static final Pattern SECRET = Pattern.compile(
            "crahub\\.mail\\.(smtp|accounts\\.[^.]+)\\.(password|oauth2-?token|oauth2_token)", Pattern.CASE_INSENSITIVE);

    public MailSecretsGuard(ConfigurableEnvironment environment) {
        List<String> found = secretsInFiles(environment);
        if (!found.isEmpty()) {
            throw new IllegalStateException("Mailbox secrets must come from the environment only (e.g. "
                    + "CRAHUB_MAIL_SMTP_PASSWORD, CRAHUB_MAIL_ACCOUNTS_<NAME>_PASSWORD or _OAUTH2_TOKEN), never from a "
                    + "configuration file; remove them from:\n - " + String.join("\n - ", found));
        }
    }

    /** Each secret set in a configuration file: its key and the file. */
    static List<String> secretsInFiles(ConfigurableEnvironment environment) {
        List<String> found = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof OriginTrackedMapPropertySource) || !(source instanceof EnumerablePropertySource<?> e)) {
                continue;
            }
            for (String name : e.getPropertyNames()) {
                Object value = e.getProperty(name);
                String text = value == null ? "" : String.valueOf(value).strip();
                // "${SOME_VARIABLE}" names a variable of the environment: allowed; a value itself is not
                if (SECRET.matcher(name).matches() && !text.isEmpty() && !text.matches("\\$\\{[^}]+}")) {
                    found.add(name + " in " + source.getName());
                }
            }
        }
        return found;
    }
}
