package dev.crahub.delivery.mail;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mailbox secret in a configuration file stops the hub; from the environment it is taken (ADR 0024). */
class MailSecretsGuardTests {

    @Test
    void aSecretInAConfigurationFileIsRefusedNamingTheKeyAndFileNeverTheValue() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addLast(new OriginTrackedMapPropertySource(
                "Config resource 'file [/srv/crahub/application.yml]' via location 'optional:file:./'", Map.of(
                        "crahub.mail.accounts.sales.password", "hunter2",
                        "crahub.mail.smtp.oauth2-token", "ya29.token",
                        "crahub.mail.smtp.username", "factures",
                        "crahub.mail.accounts.ops.password", "${OPS_MAILBOX_PASSWORD}")));
        assertThatThrownBy(() -> new MailSecretsGuard(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("crahub.mail.accounts.sales.password in Config resource 'file [/srv/crahub/application.yml]'")
                .hasMessageContaining("crahub.mail.smtp.oauth2-token")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("ya29")
                .hasMessageNotContaining("accounts.ops.password") // names a variable of the environment
                .hasMessageNotContaining("username");
    }

    @Test
    void secretsFromTheEnvironmentAreTaken() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("CRAHUB_MAIL_ACCOUNTS_SALES_PASSWORD", "hunter2")));
        env.getPropertySources().addFirst(new MapPropertySource("Dynamic Test Properties",
                Map.of("crahub.mail.smtp.password", "pw")));
        env.getPropertySources().addLast(new OriginTrackedMapPropertySource("Config resource 'class path resource [application.yml]'",
                Map.of("crahub.mail.smtp.username", "", "crahub.mail.smtp.password", "")));
        new MailSecretsGuard(env);
        assertThat(MailSecretsGuard.secretsInFiles(env)).isEmpty();
    }
}
