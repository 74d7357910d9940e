package dev.crahub.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The hub's home directory: {@code routes/}, {@code xsl/} and {@code data/}. On a home that has no
 * {@code routes/} or {@code xsl/} yet, the defaults bundled in the jar are written there first; files that already
 * exist are never overwritten, so an integrator's edits survive upgrades and restarts. The home is held by
 * {@link HubLock} before anything in it is touched, and released when the context closes.
 */
@Component
public class CrahubHome {

    private static final Logger log = LoggerFactory.getLogger(CrahubHome.class);
    static final String DEFAULTS = "crahub-defaults/";
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
            for (String dir : new String[] {"inbox/timesheets", "inbox/referential", "outbox/mail", "archive", "pgdata"}) {
                Files.createDirectories(data().resolve(dir));
            }
            for (String source : TIMESHEET_SOURCES) {
                Files.createDirectories(inbox("timesheets").resolve(source));
            }
            installDefaults("routes");
            installDefaults("xsl");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the hub's home " + root, e);
        }
    }

    private void installDefaults(String folder) throws IOException {
        Path target = root.resolve(folder);
        if (Files.isDirectory(target)) {
            return; // the integrator's folder wins, whatever it holds
        }
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(getClass().getClassLoader());
        Resource[] resources = resolver.getResources("classpath*:" + DEFAULTS + folder + "/**");
        int written = 0;
        for (Resource resource : resources) {
            if (!resource.isReadable()) {
                continue; // a directory entry
            }
            String url = resource.getURL().toString();
            int at = url.lastIndexOf(DEFAULTS + folder + "/");
            String relative = url.substring(at + DEFAULTS.length());
            Path file = root.resolve(relative).normalize();
            if (!file.startsWith(root)) {
                continue;
            }
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, file);
                    written++;
                }
            }
        }
        Files.createDirectories(target);
        log.info("Installed {} default file(s) into {}", written, target);
    }
}
