package dev.crahub.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub's mail templates (the invoice mail, the CRA workflow mails), one per language
 * ({@code mail/<name>_<lang>.txt}: a {@code Subject:} line, a blank line, the body). Placeholders are
 * {@code ${name}}; a missing value is an error, never a blank. The one loader of templates: the HTML alternative of a
 * mail is made from the same template ({@link #renderHtml}), so text and HTML never say different things.
 */
final class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z]+)}");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private MailTemplates() {
    }

    record Rendered(String subject, String body) {
    }

    static Rendered render(String name, String language, Map<String, String> values) {
        String template = CACHE.computeIfAbsent(name + "_" + language, MailTemplates::load);
        String filled = fill(template, values);
        int split = filled.indexOf("\n\n");
        String head = filled.substring(0, split);
        if (!head.startsWith("Subject:")) {
            throw new IllegalStateException("Mail template " + name + "_" + language + " must start with 'Subject:'");
        }
        return new Rendered(head.substring("Subject:".length()).strip(), filled.substring(split + 2));
    }

    /**
     * The body of a template as HTML: the template's own text escaped, each placeholder replaced by the caller's
     * HTML (values escaped by the caller, blocks such as tables already HTML), each paragraph (blank-line separated)
     * a {@code <p>} with its line breaks kept; a paragraph that is one block ({@code <table>}, {@code <ul>}) stays
     * as is.
     */
    static String renderHtml(String name, String language, Map<String, String> htmlValues) {
        String template = CACHE.computeIfAbsent(name + "_" + language, MailTemplates::load);
        String body = template.substring(template.indexOf("\n\n") + 2);
        String filled = fill(escape(body), htmlValues);
        StringBuilder html = new StringBuilder();
        for (String paragraph : filled.strip().split("\n{2,}")) {
            String p = paragraph.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("<table") || p.startsWith("<ul") || p.startsWith("<div")) {
                html.append(p).append('\n');
            } else {
                html.append("<p>").append(p.replace("\n", "<br>\n")).append("</p>\n");
            }
        }
        return html.toString();
    }

    /** Text made safe for HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("Mail template placeholder ${" + m.group(1) + "} has no value");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String load(String key) {
        String path = "/mail/" + key + ".txt";
        InputStream in = MailTemplates.class.getResourceAsStream(path);
        if (in == null) {
            in = MailTemplates.class.getResourceAsStream("/mail/" + key.substring(0, key.lastIndexOf('_')) + "_fr.txt");
        }
        if (in == null) {
            throw new IllegalStateException("No mail template " + path);
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
