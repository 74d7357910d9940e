package dev.crahub.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.crahub.system.SecureXml;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The stylesheets' label dictionaries ({@code xsl/l10n/<language>.xml}) for the few texts written into a PDF outside
 * XSL-FO (the line stamped on appended receipts), so every word of a document still comes from one place and a
 * translator edits one file. Read at each call (an edit applies to the next document, as for the stylesheets); a
 * key missing from the language falls back to French, as {@code f:label} does.
 */
public final class Labels {

    private final Path l10n;

    public Labels(Path xslDir) {
        this.l10n = xslDir.resolve("l10n");
    }

    /** The label with {@code {1}}, {@code {2}}... replaced by the arguments. */
    public String get(String language, String key, Object... args) {
        String text = read(language).get(key);
        if (text == null) {
            text = read("fr").get(key);
        }
        if (text == null) {
            throw new DocumentException("no label '" + key + "' in " + l10n.resolve("fr.xml"));
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + (i + 1) + "}", String.valueOf(args[i]));
        }
        return text;
    }

    private Map<String, String> read(String language) {
        Map<String, String> labels = new HashMap<>();
        if (language == null || !language.matches("[a-z]{2}")) {
            return labels;
        }
        Path file = l10n.resolve(language + ".xml");
        if (!Files.isRegularFile(file)) {
            return labels;
        }
        try {
            NodeList nodes = SecureXml.parse(Files.readAllBytes(file)).getElementsByTagName("label");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element label = (Element) nodes.item(i);
                labels.put(label.getAttribute("key"), label.getTextContent());
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
