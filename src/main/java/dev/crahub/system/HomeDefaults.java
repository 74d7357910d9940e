package dev.crahub.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Brings the home's {@code routes/}, {@code xsl/} and {@code templates/} up to the defaults bundled in this version, at every start, the
 * way dpkg treats conffiles (ADR 14), so that an upgraded hub gets its new routes and stylesheets without ever losing
 * an integrator's edit. For each bundled file: missing and never installed → installed; equal to the bundled one →
 * nothing; equal to what the hub installed before (untouched; in a home from before the manifest: equal to a version
 * an earlier release shipped) → replaced by the new one; changed by the integrator while the bundled one changed too
 * → kept, the new one written beside it as {@code <file>.dist} (never loaded: not {@code *.yaml}, and stylesheets are
 * read by name) and listed in one WARN line; deleted after the hub installed it → left deleted. Deleting a
 * {@code .dist} the hub wrote says "merged": its version becomes the base of the next upgrade. Files the integrator
 * added are never looked at. Nothing is written outside the home: a symlinked folder that leads out of it is
 * skipped, a symlinked file is never read nor written through, and every write is a new file moved into place
 * (atomic, and never through a hard link).
 */
final class HomeDefaults {

    private static final Logger log = LoggerFactory.getLogger(HomeDefaults.class);
    static final String DIST = ".dist";
    private static final String TEMP = ".crahub-tmp";
    static final String SHIPPED_BEFORE = "crahub-defaults-before-manifest.properties";

    /** What one start did, by path relative to the home (the {@code .dist} paths for {@code kept}). */
    record Report(List<String> installed, List<String> upgraded, List<String> kept, List<String> leftDeleted) {

        String summary() {
            return "Home defaults (routes/, xsl/, templates/): installed " + installed.size() + ", upgraded " + upgraded.size()
                    + ", kept " + kept.size() + " changed by you (see *.dist)"
                    + (leftDeleted.isEmpty() ? "" : ", " + leftDeleted.size() + " deleted by you left deleted");
        }
    }

    private final Path root;
    private final Path realRoot;
    private final DefaultsManifest manifest;
    private final Map<String, Set<String>> shippedBefore;
    private final List<String> outside = new ArrayList<>();

    HomeDefaults(Path root, DefaultsManifest manifest, Map<String, Set<String>> shippedBefore) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.manifest = manifest;
        this.shippedBefore = shippedBefore;
    }

    /**
     * The SHA-256 of every version of each default file shipped before the manifest existed ({@value #SHIPPED_BEFORE},
     * frozen): in a home without a record for a file, a file equal to one of them was not touched by the integrator.
     */
    static Map<String, Set<String>> shippedBefore(ClassLoader loader) throws IOException {
        Map<String, Set<String>> hashes = new TreeMap<>();
        try (InputStream in = loader.getResourceAsStream(SHIPPED_BEFORE)) {
            if (in == null) {
                return hashes;
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String path : properties.stringPropertyNames()) {
                String[] versions = properties.getProperty(path).trim().split("\\s*,\\s*");
                hashes.put(path, Set.copyOf(Arrays.asList(versions)));
            }
        }
        return hashes;
    }

    /** The defaults bundled under {@code prefix} on the class path, by path relative to the home ({@code routes/..}). */
    static SortedMap<String, byte[]> bundled(ClassLoader loader, String prefix, String... folders) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
        for (String folder : folders) {
            for (Resource resource : resolver.getResources("classpath*:" + prefix + folder + "/**")) {
                if (!resource.isReadable()) {
                    continue; // a directory entry
                }
                String url = resource.getURL().toString();
                String relative = url.substring(url.lastIndexOf(prefix + folder + "/") + prefix.length());
                if (!files.containsKey(relative)) { // the first on the class path wins, as for any resource
                    try (InputStream in = resource.getInputStream()) {
                        files.put(relative, in.readAllBytes());
                    }
                }
            }
        }
        return files;
    }

    /** Applies the rule to every bundled file, saves the manifest if it changed, and logs the summary (+ one WARN). */
    Report apply(SortedMap<String, byte[]> bundled) throws IOException {
        Report report = new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Map<String, String> before = new TreeMap<>(manifest.entries());
        for (var entry : bundled.entrySet()) {
            apply(entry.getKey(), entry.getValue(), report);
        }
        if (!manifest.existed() || !before.equals(manifest.entries())) {
            manifest.save();
        }
        log.info(report.summary());
        if (!outside.isEmpty()) {
            log.warn("{} default file(s) left out: their folder is a symlink out of the home or not a folder: {}",
                    outside.size(), String.join(", ", outside));
        }
        if (!report.kept().isEmpty()) {
            log.warn("{} file(s) you changed in the home have a new version in this release, written beside them: "
                    + "merge by hand, then delete the .dist: {}", report.kept().size(), String.join(", ", report.kept()));
        }
        return report;
    }

    private void apply(String relative, byte[] content, Report report) throws IOException {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            return;
        }
        Optional<Path> folder = folder(root.relativize(file.getParent()));
        if (folder.isEmpty()) {
            outside.add(relative);
            return;
        }
        String bundledHash = Hashing.sha256(content);
        Optional<String> installed = manifest.recorded(relative);
        String distPath = relative + DIST;
        Path dist = file.resolveSibling(file.getFileName() + DIST);

        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (installed.isPresent()) {
                report.leftDeleted().add(relative); // the integrator deleted it after we installed it: respected
            } else {
                writeAtomically(file, content);
                manifest.record(relative, bundledHash);
                report.installed().add(relative);
            }
            return;
        }
        String current = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                ? sha256(file)
                : null; // a symlink, a folder...: the integrator's, never read nor written through
        if (bundledHash.equals(current)) {
            manifest.record(relative, bundledHash);
            dropOfferedDist(distPath, dist);
        } else if (current != null && (installed.isPresent() ? installed.get().equals(current)
                : shippedBefore.getOrDefault(relative, Set.of()).contains(current))) {
            // untouched: what we installed, or (no record: a home from before the manifest) what a release shipped
            writeAtomically(file, content);
            manifest.record(relative, bundledHash);
            dropOfferedDist(distPath, dist);
            report.upgraded().add(relative);
        } else if (installed.isPresent() && installed.get().equals(bundledHash)) {
            dropOfferedDist(distPath, dist); // changed by the integrator, nothing new from us: theirs, silently
        } else if (manifest.recorded(distPath).filter(bundledHash::equals).isPresent()
                && !Files.exists(dist, LinkOption.NOFOLLOW_LINKS)) {
            // we offered this very version and the integrator deleted the .dist: merged, it is the new base
            manifest.record(relative, bundledHash);
            manifest.forget(distPath);
        } else {
            // changed by the integrator (or a home from before the manifest) while the bundled version changed
            if (!Files.exists(dist, LinkOption.NOFOLLOW_LINKS)) {
                writeAtomically(dist, content);
                manifest.record(distPath, bundledHash);
            } else if (Files.isRegularFile(dist, LinkOption.NOFOLLOW_LINKS)) {
                if (!bundledHash.equals(sha256(dist))) {
                    writeAtomically(dist, content); // an older offer, or edited: the name is ours
                }
                manifest.record(distPath, bundledHash);
            } // else a symlink or a folder named .dist: the integrator's, left alone
            report.kept().add(distPath);
        }
    }

    /** Removes a .dist we wrote and nobody touched since, once it has nothing left to offer. */
    private void dropOfferedDist(String distPath, Path dist) throws IOException {
        Optional<String> offered = manifest.recorded(distPath);
        if (offered.isEmpty()) {
            return;
        }
        if (Files.isRegularFile(dist, LinkOption.NOFOLLOW_LINKS)
                && offered.get().equals(sha256(dist))) {
            Files.delete(dist);
        }
        manifest.forget(distPath);
    }

    /**
     * The folder at this path relative to the home, created one level at a time; empty when a level is not a folder
     * or is a symlink leading out of the home (never {@code createDirectories}, which would create through it).
     */
    private Optional<Path> folder(Path relative) throws IOException {
        Path current = root;
        for (Path name : relative) {
            current = current.resolve(name);
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            } else if (Files.isSymbolicLink(current)) {
                if (!Files.isDirectory(current) || !current.toRealPath().startsWith(realRoot)) {
                    return Optional.empty();
                }
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    /** SHA-256 of a file read as a stream (an integrator's file can be of any size), never through a symlink. */
    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, read);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Writes a new file beside the target (a name no loader picks up), flushed to disk, then moves it over the
     * target: readers see the old bytes or the new ones, never half; a symlink or hard link at the target is
     * replaced, never written through. The target's POSIX permissions are kept.
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMP);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (posix != null && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(temp, posix.readAttributes().permissions());
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
