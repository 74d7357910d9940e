package dev.crahub.system;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the hub wrote into the home's {@code routes/}, {@code xsl/} and {@code templates/}: for every bundled file it installed (and every
 * {@code .dist} it offered beside a file the integrator changed), the SHA-256 of the bytes it wrote. It is what tells
 * "the integrator never touched this file" (safe to upgrade) from "the integrator changed it" (keep theirs), the
 * dpkg conffile rule (ADR 14). Kept in {@code data/defaults-manifest.properties}: hub state, not something to edit,
 * so it stays out of the trees the integrator versions and out of reach of the route loader and the stylesheets.
 * Lines are {@code <path relative to the home>=<sha256>}, sorted, so a diff of two manifests reads well.
 */
final class DefaultsManifest {

    static final String FILE = "defaults-manifest.properties";
    private static final Pattern PATH = Pattern.compile("(routes|xsl|templates)/[A-Za-z0-9._/-]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path file;
    private final boolean existed;
    private final TreeMap<String, String> hashes;

    private DefaultsManifest(Path file, boolean existed, TreeMap<String, String> hashes) {
        this.file = file;
        this.existed = existed;
        this.hashes = hashes;
    }

    /** The manifest of a home ({@code data/defaults-manifest.properties}); an absent one is empty (a home from before). */
    static DefaultsManifest of(Path dataFolder) throws IOException {
        Path file = dataFolder.resolve(FILE);
        TreeMap<String, String> hashes = new TreeMap<>();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return new DefaultsManifest(file, false, hashes);
        }
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            if (PATH.matcher(key).matches() && SHA256.matcher(value).matches()) {
                hashes.put(key, value); // anything else (a hand edit gone wrong) is as if never recorded
            }
        }
        return new DefaultsManifest(file, true, hashes);
    }

    /** Whether the home had a manifest (false: created by a version from before the manifest, or data/ wiped). */
    boolean existed() {
        return existed;
    }

    /** The SHA-256 of what the hub last wrote at this path, if it recorded one. */
    Optional<String> recorded(String path) {
        return Optional.ofNullable(hashes.get(path));
    }

    void record(String path, String sha256) {
        if (!PATH.matcher(path).matches() || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("Not a manifest entry: " + path + "=" + sha256);
        }
        hashes.put(path, sha256);
    }

    void forget(String path) {
        hashes.remove(path);
    }

    Map<String, String> entries() {
        return java.util.Collections.unmodifiableMap(hashes);
    }

    /** Writes the manifest atomically (a crash leaves the previous one or this one, never half of it). */
    void save() throws IOException {
        StringBuilder text = new StringBuilder("# Written by crahub at each start: SHA-256 of the default files it"
                + " installed in routes/, xsl/ and templates/ (and of the .dist files it offered). Do not edit; see ADR 14.\n");
        hashes.forEach((path, sha) -> text.append(path).append('=').append(sha).append('\n'));
        HomeDefaults.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
