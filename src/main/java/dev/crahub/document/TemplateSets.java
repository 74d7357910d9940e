package dev.crahub.document;

import java.nio.file.Path;
import java.util.Optional;

import dev.crahub.system.CrahubHome;
import org.springframework.stereotype.Component;

/**
 * The home's template sets ({@code templates/<name>/}, edited on disk like {@code routes/} and {@code xsl/}) as the
 * referential and the invoicing see them: whether a name can be used, and the set an invoice is issued with, archived
 * with the stylesheets under its version first ({@link TemplateArchive}) so that the invoice can always be rendered
 * again exactly as it was.
 */
@Component
public class TemplateSets {

    private final Path folder;
    private final Path xsl;
    private final TemplateArchive archive;
    private final TemplateSetParser parser = new TemplateSetParser();

    @org.springframework.beans.factory.annotation.Autowired
    public TemplateSets(CrahubHome home, TemplateArchive archive) {
        this(home.templates(), home.xsl(), archive);
    }

    TemplateSets(Path folder, Path xsl, TemplateArchive archive) {
        this.folder = folder.toAbsolutePath().normalize();
        this.xsl = xsl;
        this.archive = archive;
    }

    /** A set an invoice is issued with: its name, its version (the archived snapshot's), what it decides. */
    public record Prepared(String name, String version, TemplateSet set) {
    }

    /** Why the set cannot be used (no such folder, or what its {@code template.yaml} gets wrong); empty when it can. */
    public Optional<String> problem(String name) {
        try {
            parser.parse(name, setFolder(name));
            return Optional.empty();
        } catch (InvalidTemplateSetException e) {
            return Optional.of(String.join("; ", e.problems()));
        }
    }

    /**
     * The set as it is in the home now (checked, nothing archived): what a mail reads of it ({@code mail:}); empty when
     * there is no such set.
     *
     * @throws InvalidTemplateSetException when the set exists and cannot be used
     */
    public Optional<TemplateSet> current(String name) {
        Path set = setFolder(name);
        if (!java.nio.file.Files.isDirectory(set)) {
            return Optional.empty();
        }
        return Optional.of(parser.parse(name, set));
    }

    /**
     * Checks the set, archives it with the stylesheets (if this version is not archived yet) and reads it back from the
     * archive: what an invoice is rendered with is exactly what its version names, whatever is edited meanwhile.
     *
     * @throws InvalidTemplateSetException when the set cannot be used
     */
    public Prepared prepare(String name) {
        Path set = setFolder(name);
        parser.parse(name, set); // refuse a bad set before archiving anything
        TemplateArchive.Snapshot snapshot = TemplateArchive.read(name, set, xsl);
        Path archived = archive.store(snapshot);
        return new Prepared(name, snapshot.version(), parser.parse(name, archived.resolve("template")));
    }

    private Path setFolder(String name) {
        if (name == null || !TemplateSetParser.NAME.matcher(name).matches()) {
            throw new InvalidTemplateSetException(String.valueOf(name), java.util.List.of("'" + name
                    + "' is not a template set name (lower-case letters, digits, '-' and '_', at most 64)"));
        }
        return folder.resolve(name);
    }
}
