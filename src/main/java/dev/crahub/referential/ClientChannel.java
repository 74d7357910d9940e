package dev.crahub.referential;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One way a client receives its invoices (referential {@code channels:}, in fallback order; ADR 0021): {@code file}
 * (a {@code folder} under {@code data/outbox/}, or an {@code sftp} server), {@code pa} (an approved platform named by
 * {@code platform}, whose URL and OAuth credentials are {@code crahub.platforms.<name>.*}), {@code chorus-pro}
 * (optionally an {@code account} name) or {@code email} (the billing contact). {@code format} is the e-invoice
 * sent: {@code facturx} (default), {@code cii} or {@code ubl}. Never a secret here: an SFTP server names its
 * {@code credentials}, read from the environment ({@code CRAHUB_DELIVERY_CREDENTIALS_<NAME>_PASSWORD}).
 */
public record ClientChannel(String type, String format, String folder, Sftp sftp, String platform, String account) {

    public static final String FILE = "file";
    public static final String PA = "pa";
    public static final String CHORUS_PRO = "chorus-pro";
    public static final String EMAIL = "email";
    public static final List<String> TYPES = List.of(FILE, PA, CHORUS_PRO, EMAIL);

    /** What a client with no {@code channels} gets: the mail to its billing contact, as before. */
    public static final List<ClientChannel> DEFAULT = List.of(new ClientChannel(EMAIL, null, null, null, null, null));

    /** An SFTP server: {@code hostKey} is its public key as in {@code known_hosts} ({@code ssh-ed25519 AAAA...}). */
    public record Sftp(String host, Integer port, String user, String path, String credentials, String hostKey) {
    }

    /** The format's name as stored ({@code FACTURX}, {@code CII}, {@code UBL}); Factur-X when none is named. */
    public String formatName() {
        if (format == null || format.isBlank()) {
            return "FACTURX";
        }
        return format.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** The channel's own entries as flat keys ({@code folder}, {@code sftp.host}, {@code platform}...). */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        put(s, "folder", folder);
        if (sftp != null) {
            put(s, "sftp.host", sftp.host());
            put(s, "sftp.port", sftp.port() == null ? null : sftp.port().toString());
            put(s, "sftp.user", sftp.user());
            put(s, "sftp.path", sftp.path());
            put(s, "sftp.credentials", sftp.credentials());
            put(s, "sftp.hostKey", sftp.hostKey());
        }
        put(s, "platform", platform);
        put(s, "account", account);
        return s;
    }

    /** The channel read back from its stored type, format and flat settings. */
    public static ClientChannel of(String type, String format, Map<String, String> settings) {
        Sftp sftp = settings.containsKey("sftp.host") ? new Sftp(settings.get("sftp.host"),
                settings.get("sftp.port") == null ? null : Integer.valueOf(settings.get("sftp.port")),
                settings.get("sftp.user"), settings.get("sftp.path"), settings.get("sftp.credentials"),
                settings.get("sftp.hostKey")) : null;
        return new ClientChannel(type, format, settings.get("folder"), sftp, settings.get("platform"),
                settings.get("account"));
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
