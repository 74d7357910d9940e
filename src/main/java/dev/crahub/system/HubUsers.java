package dev.crahub.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The hub's users. {@code admin} always exists: its password comes from {@code CRAHUB_ADMIN_PASSWORD}; when unset,
 * a random one is generated at first start, logged once and kept in {@code data/secrets/admin-password} (owner-only).
 * {@code billing} and {@code ops} exist only when {@code CRAHUB_BILLING_PASSWORD} / {@code CRAHUB_OPS_PASSWORD} are
 * set. No default password exists anywhere.
 */
final class HubUsers {

    private static final Logger log = LoggerFactory.getLogger(HubUsers.class);

    private HubUsers() {
    }

    static List<UserDetails> from(Environment env, CrahubHome home, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        users.add(User.withUsername("admin")
                .password(encoder.encode(adminPassword(env, home)))
                .roles(Roles.ADMIN, Roles.BILLING, Roles.OPS)
                .build());
        optional(env, "crahub.billing.password").ifPresent(pw -> users.add(
                User.withUsername("billing").password(encoder.encode(pw)).roles(Roles.BILLING).build()));
        optional(env, "crahub.ops.password").ifPresent(pw -> users.add(
                User.withUsername("ops").password(encoder.encode(pw)).roles(Roles.OPS).build()));
        return users;
    }

    private static java.util.Optional<String> optional(Environment env, String key) {
        String value = env.getProperty(key);
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value);
    }

    private static String adminPassword(Environment env, CrahubHome home) {
        java.util.Optional<String> configured = optional(env, "crahub.admin.password");
        if (configured.isPresent()) {
            return configured.get();
        }
        Path file = Secrets.folder(home).resolve("admin-password");
        java.util.Optional<String> kept = Secrets.read(file);
        if (kept.isPresent()) {
            return kept.get();
        }
        String generated = Secrets.generate();
        Secrets.create(file, generated);
        log.warn("""

                ************************************************************************
                No CRAHUB_ADMIN_PASSWORD set: generated a password for user 'admin':
                    {}
                It is shown this once and kept in {} (owner-only).
                Set CRAHUB_ADMIN_PASSWORD to choose your own.
                ************************************************************************""", generated, file);
        return generated;
    }
}
