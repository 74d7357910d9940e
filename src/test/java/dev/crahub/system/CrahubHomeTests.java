package dev.crahub.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.AntPathMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home and its defaults: installed into a new home, upgraded like dpkg conffiles in an existing one (ADR 14).
 * Each "start" is a real {@link CrahubHome} on a temporary folder (its lock released after), or {@link HomeDefaults}
 * alone where the test reads what one start did.
 */
class CrahubHomeTests {

    private static final String BUILD_ONE = "routes/cra/cra-build-one.yaml";
    private static final String TICK = "routes/cra/cra-workflow-tick.yaml";
    private static final SortedMap<String, byte[]> BUNDLED = bundled();

    private static SortedMap<String, byte[]> bundled() {
        try {
            return HomeDefaults.bundled(CrahubHomeTests.class.getClassLoader(), CrahubHome.DEFAULTS, CrahubHome.DEFAULT_FOLDERS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CrahubHome start(Path dir) {
        CrahubHome home = new CrahubHome(dir.toString());
        home.release();
        return home;
    }

    private static HomeDefaults.Report upgrade(Path dir) throws IOException {
        return upgrade(dir, HomeDefaults.shippedBefore(CrahubHomeTests.class.getClassLoader()));
    }

    private static HomeDefaults.Report upgrade(Path dir, Map<String, Set<String>> shippedBefore) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        return new HomeDefaults(dir, DefaultsManifest.of(dir.resolve("data")), shippedBefore).apply(BUNDLED);
    }

    private static DefaultsManifest manifest(Path dir) throws IOException {
        return DefaultsManifest.of(dir.resolve("data"));
    }

    private static String sha(String path) {
        return Hashing.sha256(BUNDLED.get(path));
    }

    /** What an older version installed and recorded at this path (content given), as the manifest says. */
    private static void installedBefore(Path dir, String path, String content) throws IOException {
        Files.writeString(dir.resolve(path), content);
        DefaultsManifest manifest = manifest(dir);
        manifest.record(path, Hashing.sha256(content));
        manifest.save();
    }

    /** Every file under routes/, xsl/ and templates/ with its bytes' hash and its modification time. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String tree : new String[] {"routes", "xsl", "templates", "data/" + DefaultsManifest.FILE}) {
            try (Stream<Path> walk = Files.walk(dir.resolve(tree))) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    FileTime modified = Files.getLastModifiedTime(file);
                    files.put(dir.relativize(file).toString(),
                            Hashing.sha256(Files.readAllBytes(file)) + " " + modified.toMillis());
                }
            }
        }
        return files;
    }

    @Test
    void anEmptyHomeGetsTheBundledDefaultsRecordedInTheManifestAndTheDataFolders(@TempDir Path dir) throws Exception {
        CrahubHome home = start(dir);
        assertThat(home.routes().resolve("invoice/invoice-issue.yaml")).isRegularFile();
        assertThat(home.xsl().resolve("invoice-fo.xsl")).isRegularFile();
        assertThat(home.templates().resolve("default/template.yaml")).isRegularFile();
        assertThat(manifest(dir).recorded("templates/default/template.yaml")).isPresent();
        assertThat(home.xsl().resolve("fonts/DejaVuSans.ttf")).isRegularFile();
        for (String folder : new String[] {"inbox/timesheets", "inbox/referential", "outbox/mail", "archive", "pgdata"}) {
            assertThat(home.data().resolve(folder)).isDirectory();
        }
        assertThat(BUNDLED).containsKeys(BUILD_ONE, TICK, "xsl/cra-html.xsl", "xsl/l10n/fr.xml");
        for (var bundled : BUNDLED.entrySet()) {
            assertThat(dir.resolve(bundled.getKey())).hasBinaryContent(bundled.getValue());
            assertThat(manifest(dir).recorded(bundled.getKey())).contains(Hashing.sha256(bundled.getValue()));
        }
        assertThat(manifest(dir).entries()).hasSameSizeAs(BUNDLED);
        try (Stream<Path> walk = Files.walk(dir)) {
            assertThat(walk.map(Path::toString)).noneMatch(name -> name.endsWith(".dist") || name.endsWith(".crahub-tmp"));
        }
    }

    @Test
    void aRestartChangesNothing(@TempDir Path dir) throws Exception {
        start(dir);
        Map<String, String> before = snapshot(dir);
        HomeDefaults.Report report = upgrade(dir);
        start(dir);
        assertThat(snapshot(dir)).isEqualTo(before);
        assertThat(report.installed()).isEmpty();
        assertThat(report.upgraded()).isEmpty();
        assertThat(report.kept()).isEmpty();
        assertThat(report.leftDeleted()).isEmpty();
        assertThat(report.summary()).isEqualTo(
                "Home defaults (routes/, xsl/, templates/): installed 0, upgraded 0, kept 0 changed by you (see *.dist)");
    }

    @Test
    void aFileTheIntegratorNeverTouchedIsUpgraded(@TempDir Path dir) throws Exception {
        start(dir);
        String old = new String(BUNDLED.get(BUILD_ONE), StandardCharsets.UTF_8).replace("cra-build-one-send", "x");
        installedBefore(dir, BUILD_ONE, old); // as the version before issue 7 installed it

        HomeDefaults.Report report = upgrade(dir);

        assertThat(report.upgraded()).containsExactly(BUILD_ONE);
        assertThat(report.summary()).isEqualTo(
                "Home defaults (routes/, xsl/, templates/): installed 0, upgraded 1, kept 0 changed by you (see *.dist)");
        assertThat(dir.resolve(BUILD_ONE)).hasBinaryContent(BUNDLED.get(BUILD_ONE)).content().contains("cra-build-one-send");
        assertThat(manifest(dir).recorded(BUILD_ONE)).contains(sha(BUILD_ONE));
        assertThat(dir.resolve(BUILD_ONE + ".dist")).doesNotExist();
        try (Stream<Path> files = Files.list(dir.resolve("routes/cra"))) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".crahub-tmp"));
        }
    }

    @Test
    void aFileTheIntegratorChangedIsKeptWithTheNewVersionBesideItUntilTheyDeleteTheDist(@TempDir Path dir)
            throws Exception {
        start(dir);
        String old = "# the route as the previous version installed it\n";
        installedBefore(dir, BUILD_ONE, old);
        String mine = "# my own cra-build-one, edited after the previous version installed it\n";
        Files.writeString(dir.resolve(BUILD_ONE), mine);
        Path dist = dir.resolve(BUILD_ONE + ".dist");

        HomeDefaults.Report report = upgrade(dir);

        assertThat(report.kept()).containsExactly(BUILD_ONE + ".dist");
        assertThat(report.upgraded()).isEmpty();
        assertThat(report.summary()).endsWith("kept 1 changed by you (see *.dist)");
        assertThat(dir.resolve(BUILD_ONE)).hasContent(mine);
        assertThat(dist).hasBinaryContent(BUNDLED.get(BUILD_ONE));
        assertThat(manifest(dir).recorded(BUILD_ONE)).contains(Hashing.sha256(old)); // unchanged for it
        assertThat(manifest(dir).recorded(BUILD_ONE + ".dist")).contains(sha(BUILD_ONE));

        // a restart reminds (same .dist, not rewritten) and still keeps the integrator's file
        FileTime written = Files.getLastModifiedTime(dist);
        assertThat(upgrade(dir).kept()).containsExactly(BUILD_ONE + ".dist");
        assertThat(Files.getLastModifiedTime(dist)).isEqualTo(written);
        assertThat(dir.resolve(BUILD_ONE)).hasContent(mine);

        // merged by hand, the .dist deleted: the bundled version is the base now, nothing is offered again
        Files.delete(dist);
        HomeDefaults.Report merged = upgrade(dir);
        assertThat(merged.kept()).isEmpty();
        assertThat(dist).doesNotExist();
        assertThat(dir.resolve(BUILD_ONE)).hasContent(mine);
        assertThat(manifest(dir).recorded(BUILD_ONE)).contains(sha(BUILD_ONE));
        assertThat(manifest(dir).recorded(BUILD_ONE + ".dist")).isEmpty();
    }

    @Test
    void anEditWhileTheBundledFileDidNotChangeIsTheIntegratorsAndNothingIsOffered(@TempDir Path dir) throws Exception {
        start(dir);
        Path route = dir.resolve("routes/cra/cra-build.yaml");
        Files.writeString(route, "# my own route");
        Path added = dir.resolve("routes/mine/my-route.yaml");
        Files.createDirectories(added.getParent());
        Files.writeString(added, "# a route of mine");

        start(dir);

        assertThat(route).hasContent("# my own route");
        assertThat(dir.resolve("routes/cra/cra-build.yaml.dist")).doesNotExist();
        assertThat(added).hasContent("# a route of mine");
        assertThat(manifest(dir).entries()).doesNotContainKey("routes/mine/my-route.yaml");
    }

    @Test
    void aHomeFromAnOlderVersionWithoutManifestGetsTheNewFilesUpgradesTheShippedOnesAndKeepsTheEditedOnes(
            @TempDir Path dir) throws Exception {
        // the home as the version before issue 7 left it: no manifest, none of the files issue 7 added
        for (var bundled : BUNDLED.entrySet()) {
            String path = bundled.getKey();
            if (path.equals(TICK) || path.startsWith("routes/delivery/delivery-mail-cra") || path.startsWith("xsl/html/")
                    || path.equals("xsl/cra-html.xsl") || path.equals("routes/cra/cra-render-decided.yaml")) {
                continue;
            }
            Files.createDirectories(dir.resolve(path).getParent());
            Files.write(dir.resolve(path), bundled.getValue());
        }
        // cra-build-one.yaml exactly as that version shipped it (without the cra-build-one-send step)
        String shipped = "# cra-build-one as an earlier release shipped it\n";
        Files.writeString(dir.resolve(BUILD_ONE), shipped);
        // an older cra-build.yaml edited by the integrator, and labels they edited: nothing tells "older" from
        // "edited" for a file no release shipped, so both are theirs
        String edited = "# cra-build, edited by the integrator\n";
        Files.writeString(dir.resolve("routes/cra/cra-build.yaml"), edited);
        String labels = new String(BUNDLED.get("xsl/l10n/fr.xml"), StandardCharsets.UTF_8) + "<!-- mine -->\n";
        Files.writeString(dir.resolve("xsl/l10n/fr.xml"), labels);

        HomeDefaults.Report report = upgrade(dir, Map.of(BUILD_ONE, Set.of(Hashing.sha256(shipped)),
                "routes/cra/cra-build.yaml", Set.of(Hashing.sha256("# another shipped version\n"))));

        assertThat(report.installed()).contains(TICK, "xsl/cra-html.xsl", "routes/cra/cra-render-decided.yaml",
                "routes/delivery/delivery-mail-cra.yaml", "xsl/html/layout.xsl").doesNotContain(BUILD_ONE);
        assertThat(dir.resolve(TICK)).hasBinaryContent(BUNDLED.get(TICK));
        assertThat(report.upgraded()).containsExactly(BUILD_ONE);
        assertThat(dir.resolve(BUILD_ONE)).hasBinaryContent(BUNDLED.get(BUILD_ONE));
        assertThat(report.kept()).containsExactly("routes/cra/cra-build.yaml.dist", "xsl/l10n/fr.xml.dist");
        assertThat(dir.resolve("routes/cra/cra-build.yaml")).hasContent(edited);
        assertThat(dir.resolve("routes/cra/cra-build.yaml.dist")).hasBinaryContent(BUNDLED.get("routes/cra/cra-build.yaml"));
        assertThat(dir.resolve("xsl/l10n/fr.xml")).hasContent(labels);
        assertThat(dir.resolve("xsl/l10n/fr.xml.dist")).hasBinaryContent(BUNDLED.get("xsl/l10n/fr.xml"));
        DefaultsManifest manifest = manifest(dir);
        assertThat(manifest.recorded("xsl/l10n/fr.xml")).isEmpty();
        assertThat(manifest.recorded("routes/cra/cra-build.yaml")).isEmpty();
        assertThat(manifest.recorded(BUILD_ONE)).contains(sha(BUILD_ONE));
        assertThat(manifest.recorded("xsl/invoice-fo.xsl")).contains(sha("xsl/invoice-fo.xsl")); // equal: recorded
        assertThat(manifest.recorded(TICK)).contains(sha(TICK));
    }

    @Test
    void theVersionsShippedBeforeTheManifestAreKnownForBundledFilesOnly() throws Exception {
        Map<String, Set<String>> shipped = HomeDefaults.shippedBefore(getClass().getClassLoader());
        assertThat(shipped).containsKey(BUILD_ONE); // the version before issue 7, upgraded in place
        assertThat(BUNDLED).containsKeys(shipped.keySet().toArray(String[]::new));
        shipped.forEach((path, hashes) -> assertThat(hashes).isNotEmpty()
                .allMatch(hash -> hash.matches("[0-9a-f]{64}")).doesNotContain(sha(path)));
    }

    @Test
    void theMailTemplatesReachANewHomeAndAnUpgradedOneWithoutTouchingAnIntegratorsEdit(@TempDir Path dir) throws Exception {
        String request = "templates/default/mail/cra-validation-request.fr.txt";
        String invoice = "templates/default/mail/invoice.fr.txt";
        assertThat(BUNDLED.keySet().stream().filter(p -> p.startsWith("templates/default/mail/"))).hasSize(48);
        start(dir);
        assertThat(dir.resolve(invoice)).hasBinaryContent(BUNDLED.get(invoice));
        // a home of the version before the mail templates: no mail/ folder, nothing recorded for it
        try (Stream<Path> mail = Files.list(dir.resolve("templates/default/mail"))) {
            for (Path file : mail.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir.resolve("templates/default/mail"));
        DefaultsManifest manifest = manifest(dir);
        BUNDLED.keySet().stream().filter(p -> p.startsWith("templates/default/mail/")).forEach(manifest::forget);
        manifest.save();
        HomeDefaults.Report upgraded = upgrade(dir);
        assertThat(upgraded.installed()).hasSize(48).contains(invoice, request);
        // the integrator edits the invoice mail; a later release ships another version of it: theirs is kept
        Files.writeString(dir.resolve(invoice), "[(${greeting})]\nNotre facture, avec nos mots.\n");
        installedBefore(dir, request, "an older shipped version");
        manifest = manifest(dir);
        manifest.record(invoice, Hashing.sha256("an older shipped version of the invoice mail"));
        manifest.save();
        HomeDefaults.Report later = upgrade(dir);
        assertThat(dir.resolve(invoice)).hasContent("[(${greeting})]\nNotre facture, avec nos mots.");
        assertThat(dir.resolve(invoice + HomeDefaults.DIST)).hasBinaryContent(BUNDLED.get(invoice));
        assertThat(later.kept()).containsExactly(invoice + HomeDefaults.DIST);
        assertThat(later.upgraded()).containsExactly(request);
        assertThat(dir.resolve(request)).hasBinaryContent(BUNDLED.get(request));
    }

    @Test
    void aNewBundledFileIsAddedToAnExistingFolderButADeletedOneStaysDeleted(@TempDir Path dir) throws Exception {
        start(dir);
        // TICK is new in this version: the previous one neither installed nor recorded it
        Files.delete(dir.resolve(TICK));
        DefaultsManifest manifest = manifest(dir);
        manifest.forget(TICK);
        manifest.save();
        // the integrator deleted a default the hub had installed
        Path deleted = dir.resolve("routes/timesheet/timesheet-pull.yaml");
        Files.delete(deleted);

        HomeDefaults.Report report = upgrade(dir);

        assertThat(report.installed()).containsExactly(TICK);
        assertThat(dir.resolve(TICK)).hasBinaryContent(BUNDLED.get(TICK));
        assertThat(report.leftDeleted()).containsExactly("routes/timesheet/timesheet-pull.yaml");
        assertThat(deleted).doesNotExist();
        assertThat(report.summary()).isEqualTo("Home defaults (routes/, xsl/, templates/): installed 1, upgraded 0,"
                + " kept 0 changed by you (see *.dist), 1 deleted by you left deleted");
    }

    @Test
    void distFilesAreNeverLoadedAsRoutesNorReloaded() throws Exception {
        String yml;
        try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
            yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String include = value(yml, "routes-include-pattern:").replace("file:${crahub.home}/", "");
        String reload = value(yml, "routes-reload-pattern:").replace("\"", "");
        assertThat(include).isEqualTo("routes/**/*.yaml");
        AntPathMatcher matcher = new AntPathMatcher();
        assertThat(matcher.match(include, BUILD_ONE)).isTrue();
        assertThat(matcher.match(include, BUILD_ONE + HomeDefaults.DIST)).isFalse();
        assertThat(matcher.match(reload, "cra-build-one.yaml")).isTrue();
        assertThat(matcher.match(reload, "cra-build-one.yaml" + HomeDefaults.DIST)).isFalse();
        assertThat(matcher.match(reload, ".cra-build-one.yaml.0f3e.crahub-tmp")).isFalse();
    }

    private static String value(String yml, String key) {
        return yml.lines().map(String::trim).filter(line -> line.startsWith(key))
                .map(line -> line.substring(key.length()).trim()).findFirst().orElseThrow();
    }

    @Test
    void nothingIsWrittenThroughASymlinkOutOfTheHome(@TempDir Path dir, @TempDir Path outside) throws Exception {
        Path home = dir.resolve("home");
        // a folder of defaults that is a symlink leading out of the home: left alone, nothing created through it
        Files.createDirectories(home.resolve("routes"));
        Files.createSymbolicLink(home.resolve("routes/cra"), outside);
        // a default file that is a symlink to a file outside: never read, never written through
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, "not yours");
        Files.createDirectories(home.resolve("xsl"));
        Files.createSymbolicLink(home.resolve("xsl/cra-fo.xsl"), secret);

        HomeDefaults.Report report = upgrade(home);

        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(secret).hasContent("not yours");
        assertThat(Files.isSymbolicLink(home.resolve("xsl/cra-fo.xsl"))).isTrue();
        assertThat(report.kept()).containsExactly("xsl/cra-fo.xsl.dist");
        assertThat(home.resolve("xsl/cra-fo.xsl.dist")).hasBinaryContent(BUNDLED.get("xsl/cra-fo.xsl"));
        assertThat(report.installed()).noneMatch(path -> path.startsWith("routes/cra/"));
        assertThat(home.resolve("routes/invoice/invoice-issue.yaml")).isRegularFile();
    }

    @Test
    void aRelativeHomeIsResolvedToAnAbsolutePath(@TempDir Path dir) {
        CrahubHome home = start(dir.resolve("sub/../home"));
        assertThat(home.root()).isAbsolute().isEqualTo(dir.resolve("home"));
    }
}
