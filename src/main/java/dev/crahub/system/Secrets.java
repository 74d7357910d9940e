package dev.crahub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Generated secrets kept in {@code data/secrets/}: created owner-only from the first byte (never written
 * world-readable and tightened afterwards), read back on later starts. Used for the admin password and the embedded
 * database's password, so both follow the same rule.
 */
public final class Secrets {

    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** The folder of a home's secrets. */
    public static Path folder(CrahubHome home) {
        return home.data().resolve("secrets");
    }

    /** A random 24-character password (letters and digits that cannot be mistaken for one another). */
    public static String generate() {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** The secret kept in the file, stripped; empty when the file does not exist. Loose permissions are tightened. */
    public static java.util.Optional<String> read(Path file) {
        try {
            if (!Files.exists(file)) {
                return java.util.Optional.empty();
            }
            if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secret " + file, e);
        }
    }

    /** Writes a new secret file, owner-only from its creation; fails if the file exists. */
    public static void create(Path file, String secret) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                if (posix()) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix()) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // the umask may have removed bits, never added any: set them exactly
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the secret " + file, e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
