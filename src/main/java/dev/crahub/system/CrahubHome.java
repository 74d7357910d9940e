package dev.crahub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The hub's home directory: {@code routes/}, {@code xsl/}, {@code templates/} and {@code data/}. At every start the
 * defaults bundled in the jar are brought into {@code routes/}, {@code xsl/} and {@code templates/} by {@link HomeDefaults} (the dpkg conffile rule, ADR 14):
 * new files installed, files the integrator never touched upgraded, files they changed kept with the new version
 * beside them as {@code .dist}, so an upgrade brings new routes and an integrator's edit is never lost. The home is held by
 * {@link HubLock} before anything in it is touched, and released when the context closes.
 */
@Component
public class CrahubHome {

    static final String DEFAULTS = "crahub-defaults/";
    /** The folders of the home the jar ships defaults for (ADR 14; templates/ since ADR 17). */
    static final String[] DEFAULT_FOLDERS = {"routes", "xsl", "templates"};
    /** The timesheet inbox's source folders (files at its top level are generic CSV). */
    public static final java.util.List<String> TIMESHEET_SOURCES = java.util.List.of("generic", "toggl", "clockify",
            "harvest", "kimai", "redmine", "json", "xml");

    private final Path root;
    private final HubLock lock;

    public CrahubHome(@Value("${crahub.home}") String home) {
        this.root = Path.of(home).toAbsolutePath().normalize();
        try {
            this.lock = HubLock.forContext(root);
        } catch (HubLock.HomeInUseException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        initialise();
    }

    /** Releases the home for another hub (the process's own lock, taken by {@code main}, stays until exit). */
    @jakarta.annotation.PreDestroy
    public void release() {
        lock.close();
    }

    public Path root() {
        return root;
    }

    public Path routes() {
        return root.resolve("routes");
    }

    public Path xsl() {
        return root.resolve("xsl");
    }

    /** The template sets, {@code templates/<name>/template.yaml} (ADR 17). */
    public Path templates() {
        return root.resolve("templates");
    }

    public Path data() {
        return root.resolve("data");
    }

    public Path inbox(String name) {
        return data().resolve("inbox").resolve(name);
    }

    public Path outbox(String name) {
        return data().resolve("outbox").resolve(name);
    }

    public Path archive(String name) {
        return data().resolve("archive").resolve(name);
    }

    private void initialise() {
        try {
            for (String dir : new String[] {"inbox/timesheets", "inbox/referential", "inbox/expenses", "outbox/mail",
                    "archive", "pgdata"}) {
                Files.createDirectories(data().resolve(dir));
            }
            for (String source : TIMESHEET_SOURCES) {
                Files.createDirectories(inbox("timesheets").resolve(source));
            }
            installDefaults();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the hub's home " + root, e);
        }
    }

    private void installDefaults() throws IOException {
        Files.createDirectories(routes());
        Files.createDirectories(xsl());
        Files.createDirectories(templates());
        ClassLoader loader = getClass().getClassLoader();
        new HomeDefaults(root, DefaultsManifest.of(data()), HomeDefaults.shippedBefore(loader))
                .apply(HomeDefaults.bundled(loader, DEFAULTS, DEFAULT_FOLDERS));
    }
}
