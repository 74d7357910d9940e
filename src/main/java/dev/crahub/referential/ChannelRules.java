package dev.crahub.referential;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a client's {@code channels:} (ADR 0021), checked at load with the path of each problem. A folder is a
 * relative path under {@code data/outbox/} of the hub's home and an SFTP path a relative path under the SFTP user's
 * home: no {@code ..}, no absolute path, no backslash, so that no referential can make the hub write elsewhere.
 * An SFTP server must give its host key (strict host key checking, always) and name its credentials, never hold them.
 */
final class ChannelRules {

    static final int MAX_CHANNELS = 10;
    /** Where a {@code folder} must lie, relative to the hub's home. */
    static final String OUTBOX = "data/outbox/";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,63}");
    private static final Set<String> KEY_TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-256", "rsa-sha2-512");
    private static final Set<String> FORMATS = Set.of("FACTURX", "CII", "UBL");

    private ChannelRules() {
    }

    static void problems(String at, List<ClientChannel> channels, List<String> problems) {
        if (channels.isEmpty()) {
            problems.add(at + ": at least one channel (file, pa, chorus-pro or email); leave 'channels' out for the mail alone");
            return;
        }
        if (channels.size() > MAX_CHANNELS) {
            problems.add(at + ": at most " + MAX_CHANNELS + " channels");
        }
        for (int i = 0; i < channels.size(); i++) {
            ClientChannel c = channels.get(i);
            String cat = at + "[" + i + "]";
            if (c == null || c.type() == null) {
                problems.add(cat + ".type: is required (one of " + ClientChannel.TYPES + ")");
                continue;
            }
            if (!ClientChannel.TYPES.contains(c.type())) {
                problems.add(cat + ".type: '" + c.type() + "' is not one of " + ClientChannel.TYPES);
                continue;
            }
            format(problems, cat, c);
            switch (c.type()) {
                case ClientChannel.FILE -> file(problems, cat, c);
                case ClientChannel.PA -> {
                    only(problems, cat, c, "platform");
                    if (c.platform() == null || !NAME.matcher(c.platform()).matches()) {
                        problems.add(cat + ".platform: the name of a platform configured as crahub.platforms.<name>.* "
                                + "is required (lower-case letters, digits, dashes)");
                    }
                }
                case ClientChannel.CHORUS_PRO -> {
                    only(problems, cat, c, "account");
                    if (c.account() != null && !NAME.matcher(c.account()).matches()) {
                        problems.add(cat + ".account: '" + c.account() + "' is not a name (lower-case letters, digits, dashes)");
                    }
                }
                default -> only(problems, cat, c);
            }
        }
    }

    private static void format(List<String> problems, String at, ClientChannel c) {
        if (c.format() == null) {
            return;
        }
        if (!FORMATS.contains(c.formatName())) {
            problems.add(at + ".format: '" + c.format() + "' is not one of facturx, cii, ubl");
        } else if ((ClientChannel.EMAIL.equals(c.type()) || ClientChannel.CHORUS_PRO.equals(c.type()))
                && !"FACTURX".equals(c.formatName())) {
            problems.add(at + ".format: the " + c.type() + " channel sends the Factur-X only");
        }
    }

    private static void file(List<String> problems, String at, ClientChannel c) {
        only(problems, at, c, "folder", "sftp");
        if (c.folder() != null && c.sftp() != null) {
            problems.add(at + ": a file channel has either a folder or an sftp server, not both");
        }
        if (c.folder() != null) {
            String why = folderProblem(c.folder());
            if (why != null) {
                problems.add(at + ".folder: '" + c.folder() + "' " + why);
            }
        }
        if (c.sftp() != null) {
            ClientChannel.Sftp s = c.sftp();
            String sat = at + ".sftp";
            if (s.host() == null || !HOST.matcher(s.host()).matches()) {
                problems.add(sat + ".host: a host name or IPv4 address is required");
            }
            if (s.port() != null && (s.port() < 1 || s.port() > 65535)) {
                problems.add(sat + ".port: must be between 1 and 65535");
            }
            if (s.user() == null || !USER.matcher(s.user()).matches()) {
                problems.add(sat + ".user: a user name is required (letters, digits, '.', '_', '-')");
            }
            if (s.path() != null) {
                String why = relativePathProblem(s.path());
                if (why != null) {
                    problems.add(sat + ".path: '" + s.path() + "' " + why + " (a path under the SFTP user's home)");
                }
            }
            if (s.credentials() == null || !NAME.matcher(s.credentials()).matches()) {
                problems.add(sat + ".credentials: the name of the credentials is required (lower-case letters, digits, "
                        + "dashes); the password comes from the environment: CRAHUB_DELIVERY_CREDENTIALS_<NAME>_PASSWORD");
            }
            String why = hostKeyProblem(s.hostKey());
            if (why != null) {
                problems.add(sat + ".hostKey: " + why);
            }
        }
    }

    /** Why a folder cannot be used, or null: a relative path under {@code data/outbox/} of the home. */
    static String folderProblem(String folder) {
        String why = relativePathProblem(folder);
        if (why != null) {
            return why;
        }
        String f = folder.endsWith("/") ? folder : folder + "/";
        if (!f.startsWith(OUTBOX) || f.equals(OUTBOX)) {
            return "must be a folder under " + OUTBOX + " of the hub's home (e.g. data/outbox/einvoices/acme)";
        }
        return null;
    }

    /** Why a path is not a plain relative path, or null: segments of letters, digits, '.', '_', '-', no '..'. */
    static String relativePathProblem(String path) {
        if (path.isBlank()) {
            return "is empty";
        }
        if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            return "must be a relative path (no leading '/', no '\\\\', no drive)";
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment ('//')";
            }
            if (segment.equals("..") || segment.equals(".")) {
                return "must not hold '.' or '..' segments";
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return "has a segment '" + segment + "' that is not letters, digits, '.', '_', '-' (at most 64)";
            }
        }
        return null;
    }

    /** Why a host key is not a {@code known_hosts} key ({@code <type> <base64>}), or null. */
    static String hostKeyProblem(String key) {
        if (key == null || key.isBlank()) {
            return "the server's public host key is required, as in known_hosts ('ssh-ed25519 AAAA...'): "
                    + "the hub never connects to an SFTP server it cannot check";
        }
        String[] parts = key.trim().split("\\s+");
        if (parts.length != 2 || !KEY_TYPES.contains(parts[0])) {
            return "'" + key + "' is not '<type> <base64 key>' with a type among " + KEY_TYPES;
        }
        try {
            Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return "the key is not base64";
        }
        return null;
    }

    /** Refuses the entries that belong to another type of channel. */
    private static void only(List<String> problems, String at, ClientChannel c, String... allowed) {
        Set<String> ok = Set.of(allowed);
        check(problems, at, c.type(), "folder", c.folder() != null, ok);
        check(problems, at, c.type(), "sftp", c.sftp() != null, ok);
        check(problems, at, c.type(), "platform", c.platform() != null, ok);
        check(problems, at, c.type(), "account", c.account() != null, ok);
    }

    private static void check(List<String> problems, String at, String type, String key, boolean present, Set<String> ok) {
        if (present && !ok.contains(key)) {
            problems.add(at + "." + key + ": a " + type + " channel has no '" + key + "'");
        }
    }
}
