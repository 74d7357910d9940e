package dev.crahub.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries io.zonky ships in the jar ({@code postgres-<os>-<arch>.txz}), unpacked once per machine
 * into {@code <tmp>/crahub-pg-<user>/PG-<md5>/} (a folder of this user only; unpacked aside, then moved in whole, so a half-unpacked folder is never
 * used). Only the archive is taken from io.zonky: {@link EmbeddedPostgresServer} runs {@code initdb},
 * {@code pg_ctl} and {@code postgres} itself, because io.zonky's runner hard-codes {@code trust} authentication and
 * {@code -F} (no fsync).
 */
final class PostgresBinaries {

    private PostgresBinaries() {
    }

    /** The folder holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}. */
    static synchronized Path prepare() {
        String os = os();
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        try {
            byte[] archive;
            try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
                if (in == null) {
                    throw new IllegalStateException("No embedded PostgreSQL binaries for " + os + " " + arch
                            + " in this build; set SPRING_DATASOURCE_URL to use a PostgreSQL server");
                }
                archive = in.readAllBytes();
            }
            Path root = ownFolder(Path.of(System.getProperty("java.io.tmpdir"),
                    "crahub-pg-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9_.-]", "_")));
            Path dir = root.resolve("PG-" + md5(archive));
            if (Files.isExecutable(dir.resolve("bin").resolve(executable("postgres")))) {
                return dir;
            }
            Files.createDirectories(root);
            Path temp = Files.createTempDirectory(root, ".unpack-");
            try {
                unpack(archive, temp);
                try {
                    Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // unpacked meanwhile by another process, or a broken folder left there: start from a clean one
                    if (!Files.isExecutable(dir.resolve("bin").resolve(executable("postgres")))) {
                        delete(dir);
                        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            } finally {
                delete(temp);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the embedded PostgreSQL binaries", e);
        }
    }

    /**
     * The temporary folder is shared by every local user: the binaries' folder is this user's, closed to others
     * (0700), or refused, so that nobody else can plant a {@code postgres} the hub would run.
     */
    private static Path ownFolder(Path root) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(root);
            return root;
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // created meanwhile: checked below
            }
        }
        Path probe = Files.createTempFile(root, ".owner-", ".tmp");
        try {
            boolean ours = Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe))
                    && Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS).equals(PosixFilePermissions.fromString("rwx------"));
            if (!ours) {
                throw new IllegalStateException(root + " must be a folder of this user with permissions rwx------ "
                        + "(it holds the PostgreSQL binaries the hub runs); remove it or fix it");
            }
        } finally {
            Files.deleteIfExists(probe);
        }
        return root;
    }

    static String executable(String name) {
        return os().equals("Windows") ? name + ".exe" : name;
    }

    private static String os() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.contains("win")) {
            return "Windows";
        }
        if (name.contains("mac") || name.contains("darwin")) {
            return "Darwin";
        }
        return "Linux";
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("Entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createLink(file, target.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().matches("(\\./)?bin/.*")) {
                        file.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
