package dev.crahub.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Write-once copies of what an invoice was rendered with, so that its PDF can be rendered again, identically, years
 * after the home's template set and stylesheets changed: {@code data/archive/templates/<version>/template/...} (the set's
 * files) and {@code .../xsl/...} (the whole stylesheet tree, fonts included).
 * <p>
 * The version is the SHA-256 of the files, each taken in the order of its path ({@code template/logo.png},
 * {@code template/template.yaml}, {@code xsl/fo/blocks.xsl}...) as: the path in UTF-8, a zero byte, the content's
 * length on 8 bytes (big-endian), the content. The same files give the same version whatever the set's name or the
 * folder's place. A snapshot is written aside and moved into place whole; one that exists is never written again (the
 * version names its content). Before a snapshot is used its files are hashed again: an altered snapshot is refused.
 */
public final class TemplateArchive {

    public static final Pattern VERSION = Pattern.compile("[0-9a-f]{64}");
    static final String TEMPLATE = "template/";
    static final String XSL = "xsl/";
    static final long MAX_XSL_BYTES = 64L * 1024 * 1024;
    static final int MAX_XSL_FILES = 2000;

    private final Path root;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    /** @param root {@code <home>/data/archive/templates} */
    public TemplateArchive(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The files of one rendering: the set's under {@code template/}, the stylesheets' under {@code xsl/}, in path order. */
    public record Snapshot(String version, SortedMap<String, byte[]> files) {
    }

    /**
     * Reads the set's files and the stylesheet tree into memory (the bytes hashed are the bytes archived) and computes
     * their version.
     */
    public static Snapshot read(String setName, Path setFolder, Path xslFolder) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        TemplateSetParser.files(setName, setFolder, problems).forEach((relative, path) -> {
            files.put(TEMPLATE + relative, readAll(path));
        });
        if (!problems.isEmpty()) {
            throw new InvalidTemplateSetException(setName, problems);
        }
        readXsl(xslFolder, files);
        return new Snapshot(version(files), files);
    }

    private static void readXsl(Path xslFolder, SortedMap<String, byte[]> files) {
        Path real;
        try {
            real = xslFolder.toRealPath();
        } catch (IOException e) {
            throw new DocumentException("Stylesheet folder not found: " + xslFolder, e);
        }
        long total = 0;
        int count = 0;
        try (Stream<Path> walk = Files.walk(real)) {
            for (Iterator<Path> it = walk.iterator(); it.hasNext(); ) {
                Path path = it.next();
                if (path.equals(real) || TemplateSetParser.ignored(path)) {
                    continue;
                }
                String relative = real.relativize(path).toString().replace('\\', '/');
                if (Files.isSymbolicLink(path)) {
                    Path target = path.toRealPath();
                    if (!target.startsWith(real)) {
                        throw new DocumentException("xsl/" + relative + " is a symbolic link out of xsl/: the stylesheets"
                                + " an invoice is rendered with must all be inside xsl/");
                    }
                    if (!Files.isRegularFile(target)) {
                        continue;
                    }
                } else if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                byte[] content = readAll(path);
                total += content.length;
                if (++count > MAX_XSL_FILES || total > MAX_XSL_BYTES) {
                    throw new DocumentException("xsl/ holds more than " + MAX_XSL_FILES + " files or " + MAX_XSL_BYTES
                            + " bytes: too much to archive with every invoice template version");
                }
                files.put(XSL + relative, content);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DocumentException("Cannot read the stylesheet folder " + xslFolder + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of a set of files (see the class comment). */
    public static String version(SortedMap<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(ByteBuffer.allocate(8).putLong(e.getValue().length).array());
                digest.update(e.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The folder of a version's snapshot (which may not exist). */
    public Path folder(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a template version: " + version);
        }
        return root.resolve(version);
    }

    /** Archives a snapshot unless it is archived already; never overwrites. @return its folder */
    public Path store(Snapshot snapshot) {
        Path target = folder(snapshot.version());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return target;
        }
        Path temp = root.resolve("." + snapshot.version() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(root);
            Files.createDirectory(temp);
            for (Map.Entry<String, byte[]> e : snapshot.files().entrySet()) {
                Path file = temp.resolve(e.getKey()).normalize();
                if (!file.startsWith(temp)) {
                    throw new DocumentException("Refused to archive " + e.getKey());
                }
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue(), java.nio.file.StandardOpenOption.CREATE_NEW);
                readOnly(file);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            verified.add(snapshot.version());
        } catch (IOException e) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new DocumentException("Cannot archive template version " + snapshot.version() + " into " + target
                        + ": " + e.getMessage(), e);
            } // else archived meanwhile by another issue (same version = same files): the first one stays
        } finally {
            deleteTree(temp);
        }
        return target;
    }

    /**
     * The folder of an archived version, its files hashed again (once per process): a missing or altered snapshot is
     * an error, never a silently different rendering.
     */
    public Path verified(String version) {
        Path folder = folder(version);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new DocumentException("Template version " + version + " is not in the archive (" + folder + ")");
        }
        if (verified.contains(version)) {
            return folder;
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Iterator<Path> it = walk.iterator(); it.hasNext(); ) {
                Path path = it.next();
                if (Files.isSymbolicLink(path)) {
                    throw new DocumentException("Template version " + version + " was altered: " + path + " is a link");
                }
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(folder.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
                }
            }
        } catch (IOException e) {
            throw new DocumentException("Cannot read template version " + version + ": " + e.getMessage(), e);
        }
        String actual = version(files);
        if (!actual.equals(version)) {
            throw new DocumentException("Template version " + version + " was altered in the archive (its files now"
                    + " hash to " + actual + "): the invoice cannot be rendered again identically");
        }
        verified.add(version);
        return folder;
    }

    private static void readOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: write-once all the same
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary folder (hidden, never read) is harmless
        }
    }
}
