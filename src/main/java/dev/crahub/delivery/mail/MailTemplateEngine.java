package dev.crahub.delivery.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.crahub.system.CrahubHome;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * Renders the mails' templates (ADR 0023): files of the home's template sets, edited on disk like {@code routes/}
 * and {@code xsl/}, rendered by Thymeleaf. A kind's templates in a set are
 * {@code templates/<set>/mail/<kind>.<language>.subject.txt} (one line), {@code .txt} (the plain-text body) and
 * {@code .html} (the HTML body): text templates in Thymeleaf's TEXT mode ({@code [(${number})]}), the HTML one in
 * its HTML mode, where every value is escaped unless a template says otherwise. The set is the document's (its
 * contract's, else its client's), then {@code default}: the first set holding the kind in that language wins.
 * The subject is one line whatever the values hold (no header can be added through a name or a label).
 */
@Component
public class MailTemplateEngine {

    /** A template set's name, as {@code templates/<name>/} (no dots: never {@code ..}). */
    private static final Pattern SET = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

    private final Path templates;
    private final TemplateEngine engine = new TemplateEngine();

    @Autowired
    public MailTemplateEngine(CrahubHome home) {
        this(home.templates());
    }

    MailTemplateEngine(Path templates) {
        this.templates = templates.toAbsolutePath().normalize();
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
    }

    /** A rendered mail: its subject (one line), its plain-text body, its HTML body. */
    public record Rendered(String set, String subject, String text, String html) {
    }

    /**
     * Renders a kind of mail in a language from the first of {@code sets} (then {@code default}) that holds it.
     *
     * @param sets  the document's template sets, most specific first (nulls skipped)
     * @param model the template's variables
     * @throws IllegalStateException when no set holds the kind in that language, or a template cannot be rendered
     *                               (its file and line named): an integrator's edit to fix, never a transient failure
     */
    public Rendered render(List<String> sets, MailKind kind, String language, Map<String, Object> model) {
        try {
            return renderOrFail(sets, kind, language, model);
        } catch (org.thymeleaf.exceptions.TemplateProcessingException e) {
            throw new IllegalStateException("mail template " + kind.template() + "." + language + " cannot be rendered: "
                    + e.getMessage(), e);
        }
    }

    private Rendered renderOrFail(List<String> sets, MailKind kind, String language, Map<String, Object> model) {
        String lang = language == null || !LANGUAGE.matcher(language).matches() ? "fr" : language;
        Path folder = folder(sets, kind, lang);
        String base = kind.template() + "." + lang;
        Context context = new Context(Locale.forLanguageTag(lang), model);
        String subject = LINE_BREAKS.matcher(engine.process(folder.resolve(base + ".subject.txt").toString(), context))
                .replaceAll(" ").strip();
        context.setVariable("subject", subject);
        String text = tidy(engine.process(folder.resolve(base + ".txt").toString(), context));
        String html = engine.process(folder.resolve(base + ".html").toString(), context);
        return new Rendered(folder.getParent().getFileName().toString(), subject, text, html);
    }

    /** A hub's engine over a {@code templates/} folder (tests, tools). */
    public static MailTemplateEngine of(Path templates) {
        return new MailTemplateEngine(templates);
    }

    /** Whether some set (or {@code default}) holds the kind in that language. */
    public boolean holds(List<String> sets, MailKind kind, String language) {
        try {
            folder(sets, kind, language);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * A text body as a mail carries it: lines without trailing blanks, at most one empty line in a row (a template's
     * conditional blocks leave empty lines behind), one final line break.
     */
    static String tidy(String text) {
        String t = text.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[ \t]+\n", "\n")
                .replaceAll("\n{3,}", "\n\n").strip();
        return t + "\n";
    }

    /** The {@code mail/} folder of the first set holding the kind in that language. */
    private Path folder(List<String> sets, MailKind kind, String language) {
        Set<String> candidates = new LinkedHashSet<>();
        for (String s : sets == null ? List.<String>of() : sets) {
            if (s != null && SET.matcher(s).matches()) {
                candidates.add(s);
            }
        }
        candidates.add("default");
        List<String> looked = new ArrayList<>();
        String base = kind.template() + "." + language;
        for (String set : candidates) {
            Path folder = templates.resolve(set).resolve("mail");
            if (Files.isRegularFile(folder.resolve(base + ".subject.txt")) && Files.isRegularFile(folder.resolve(base + ".txt"))
                    && Files.isRegularFile(folder.resolve(base + ".html"))) {
                return folder;
            }
            looked.add("templates/" + set + "/mail/" + base + ".{subject.txt,txt,html}");
        }
        throw new IllegalStateException("no mail template " + base + ": looked for " + String.join(", ", looked));
    }

    private static FileTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        FileTemplateResolver resolver = new FileTemplateResolver();
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        // edited on disk: a change is seen within seconds, without a restart
        resolver.setCacheable(true);
        resolver.setCacheTTLMs(5_000L);
        resolver.setOrder(order);
        return resolver;
    }
}
