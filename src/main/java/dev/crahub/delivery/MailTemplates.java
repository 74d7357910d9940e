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
 * The standardized invoice mail, one template per language ({@code mail/invoice_<lang>.txt}: a {@code Subject:}
 * line, a blank line, the body). Placeholders are {@code ${name}}; a missing value is an error, never a blank.
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
