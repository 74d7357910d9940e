package dev.crahub.delivery;

import java.util.Locale;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The secrets of a channel, named in the referential ({@code credentials: acme-sftp}) and read from the environment
 * only: {@code crahub.delivery.credentials.<name>.password}, i.e. {@code CRAHUB_DELIVERY_CREDENTIALS_ACME_SFTP_PASSWORD}
 * (Spring's relaxed binding), and {@code .private-key-file} (a key file's path) with its {@code .passphrase}. The
 * referential never holds a secret, so a referential file shared or versioned leaks none.
 */
@Component
public class DeliveryCredentials {

    private final Environment environment;

    public DeliveryCredentials(Environment environment) {
        this.environment = environment;
    }

    /** The credentials of that name; a {@link ChannelSetupException} when the environment gives neither a password nor a key. */
    public Credentials get(String name) {
        String prefix = "crahub.delivery.credentials." + name + ".";
        String password = environment.getProperty(prefix + "password");
        String keyFile = environment.getProperty(prefix + "private-key-file");
        if ((password == null || password.isEmpty()) && (keyFile == null || keyFile.isEmpty())) {
            throw new ChannelSetupException("no credentials '" + name + "' in the environment: set "
                    + environmentName(name, "PASSWORD") + " (or " + environmentName(name, "PRIVATE_KEY_FILE") + ")");
        }
        return new Credentials(password, keyFile, environment.getProperty(prefix + "passphrase"));
    }

    /** The environment variable of a credentials entry: {@code CRAHUB_DELIVERY_CREDENTIALS_<NAME>_<KEY>}. */
    public static String environmentName(String name, String key) {
        return "CRAHUB_DELIVERY_CREDENTIALS_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + key;
    }

    /** A password and/or a private key file; {@link #toString()} never shows the secrets. */
    public record Credentials(String password, String privateKeyFile, String passphrase) {
        @Override
        public String toString() {
            return "Credentials[password=" + (password == null ? "none" : "***") + ", privateKeyFile=" + privateKeyFile + "]";
        }
    }
}
