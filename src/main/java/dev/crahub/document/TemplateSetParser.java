package dev.crahub.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crahub.system.XmlCharacters;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads and checks one template set folder ({@code templates/<name>/}): its {@code template.yaml} and the logo it
 * names. Every problem is reported, each with the file and the key, so the integrator fixes a set in one go; a set
 * with a problem is never used (no half-styled invoice). Plain Java, no Spring.
 * <p>
 * The rules: unknown keys are errors (a typo must not pass); {@code language} is {@code fr} or {@code en};
 * {@code annexes} a list of distinct {@link TemplateSet.Annex} names (absent: all, in their usual order);
 * {@code logo} a PNG, JPEG or SVG file inside the set's folder, recognised by its content (not its name), at most
 * {@value #MAX_LOGO_BYTES} bytes and {@value #MAX_LOGO_PIXELS} pixels a side, an SVG referring to nothing outside
 * itself; {@code colours.accent} and {@code colours.header} as {@code #RRGGBB}, the accent readable on white; and
 * {@code wording.<language>.header|footer|payment}: plain text (printed as text, never markup), of bounded length, in
 * every language the set may be printed in. The set's folder holds regular files only (no symbolic links).
 */
public final class TemplateSetParser {

    public static final String FILE = "template.yaml";
    /** A set's name is a folder name: lower-case letters, digits, '-' and '_' (no dots: never '..'). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final int MAX_YAML_BYTES = 64 * 1024;
    static final int MAX_LOGO_BYTES = 1024 * 1024;
    static final int MAX_LOGO_PIXELS = 2000;
    static final int MAX_FILES = 100;
    static final long MAX_SET_BYTES = 5L * 1024 * 1024;
    static final Set<String> LANGUAGES = Set.of("fr", "en");
    static final Map<String, Integer> WORDING_LIMITS = Map.of("header", 300, "footer", 200, "payment", 600);
    private static final Pattern COLOUR = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final double MIN_ACCENT_CONTRAST = 3.0;
    private static final List<String> KEYS = List.of("language", "annexes", "logo", "colours", "wording", "mail");
    /** The mail templates' kinds ({@code MailKind.template()}: the document package does not see delivery's). */
    static final Set<String> MAIL_KINDS = Set.of("invoice", "credit-note", "cra-validation-request", "cra-reminder",
            "cra-decided-notice", "cra-rejection-notice", "cra-escalation", "payment-reminder");
    static final int MAX_MAIL_TEMPLATE_BYTES = 64 * 1024;
    private static final Pattern MAIL_FILE = Pattern.compile("mail/([a-z-]+)\\.([a-z]{2})\\.(subject\\.txt|txt|html)");

    private final ObjectMapper yaml;

    public TemplateSetParser() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_YAML_BYTES);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(10);
        this.yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    /**
     * @param name   the set's name (its folder's)
     * @param folder the set's folder, {@code <home>/templates/<name>}
     * @throws InvalidTemplateSetException naming every problem
     */
    public TemplateSet parse(String name, Path folder) {
        String where = "templates/" + name + "/";
        String file = where + FILE;
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidTemplateSetException(String.valueOf(name), List.of("'" + name
                    + "' is not a template set name (lower-case letters, digits, '-' and '_', at most 64)"));
        }
        if (Files.isSymbolicLink(folder) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidTemplateSetException(name, List.of(where + ": no such template set (a folder "
                    + "templates/" + name + "/ holding a " + FILE + ")"));
        }
        files(name, folder, problems);
        Path yamlFile = folder.resolve(FILE);
        if (!Files.isRegularFile(yamlFile, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(file + ": missing (every template set needs one)");
            throw new InvalidTemplateSetException(name, problems);
        }
        JsonNode root = read(yamlFile, file, problems);
        if (root == null) {
            throw new InvalidTemplateSetException(name, problems);
        }
        if (!root.isObject()) {
            problems.add(file + ": must be a map of " + KEYS);
            throw new InvalidTemplateSetException(name, problems);
        }
        unknownKeys(root, "", KEYS, file, problems);

        String language = text(root, "language", file, problems);
        if (language != null && !LANGUAGES.contains(language)) {
            problems.add(file + ": language: '" + language + "' is not one of " + sorted(LANGUAGES)
                    + " (leave it out to write in the client's language)");
            language = null;
        }
        List<TemplateSet.Annex> annexes = annexes(root.get("annexes"), file, problems);
        TemplateSet.Logo logo = logo(root, folder, where, file, problems);
        TemplateSet.Colours colours = colours(root.get("colours"), file, problems);
        Map<String, TemplateSet.Wording> wording = wording(root.get("wording"), language, file, problems);
        List<String> mailAttachments = mail(root.get("mail"), file, problems);
        mailTemplates(name, folder, problems);
        if (!problems.isEmpty()) {
            throw new InvalidTemplateSetException(name, problems);
        }
        return new TemplateSet(name, language, annexes, logo, colours, wording, mailAttachments);
    }

    /**
     * The set's files by path relative to its folder ({@code template.yaml}, {@code logo.png}...), hidden files and
     * the {@code .dist} files of an upgrade left out: what its version is computed over and what is archived.
     */
    public static Map<String, Path> files(String name, Path folder, List<String> problems) {
        Map<String, Path> files = new TreeMap<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Iterator<Path> it = walk.iterator(); it.hasNext(); ) {
                Path path = it.next();
                if (path.equals(folder)) {
                    continue;
                }
                String relative = folder.relativize(path).toString().replace('\\', '/');
                if (ignored(path)) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    problems.add("templates/" + name + "/" + relative + ": a symbolic link; a template set holds"
                            + " its own files only");
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(relative, path);
                    total += Files.size(path);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add("templates/" + name + "/: cannot be read (" + e.getMessage() + ")");
        }
        if (files.size() > MAX_FILES) {
            problems.add("templates/" + name + "/: " + files.size() + " files, at most " + MAX_FILES);
        }
        if (total > MAX_SET_BYTES) {
            problems.add("templates/" + name + "/: " + total + " bytes, at most " + MAX_SET_BYTES);
        }
        return files;
    }

    /** {@code mail: {attachments: [annexes-separately, cra]}}: what the invoice mail carries besides the Factur-X. */
    private static List<String> mail(JsonNode node, String file, List<String> problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            problems.add(file + ": mail: must be a map of [attachments]");
            return List.of();
        }
        unknownKeys(node, "mail.", List.of("attachments"), file, problems);
        JsonNode list = node.get("attachments");
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            problems.add(file + ": mail.attachments: must be a list among " + TemplateSet.MAIL_ATTACHMENTS);
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (JsonNode item : list) {
            String key = item.isTextual() ? item.textValue().strip() : String.valueOf(item);
            if (!TemplateSet.MAIL_ATTACHMENTS.contains(key)) {
                problems.add(file + ": mail.attachments: '" + key + "' is not one of " + TemplateSet.MAIL_ATTACHMENTS);
            } else if (found.contains(key)) {
                problems.add(file + ": mail.attachments: '" + key + "' listed twice");
            } else {
                found.add(key);
            }
        }
        return found;
    }

    /**
     * The set's {@code mail/} folder: only {@code <kind>.<fr|en>.{subject.txt,txt,html}} files of the known kinds, each
     * UTF-8 and at most {@value #MAX_MAIL_TEMPLATE_BYTES} bytes, and a kind in a language with its three files (the
     * engine takes a kind from the first set holding all three: a half set would silently fall back).
     */
    private static void mailTemplates(String name, Path folder, List<String> problems) {
        Path mail = folder.resolve("mail");
        if (!Files.exists(mail, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String where = "templates/" + name + "/";
        if (!Files.isDirectory(mail, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(where + "mail: must be a folder of mail templates");
            return;
        }
        Map<String, Integer> parts = new TreeMap<>();
        for (var entry : files(name, folder, new ArrayList<>()).entrySet()) {
            String relative = entry.getKey();
            if (!relative.startsWith("mail/")) {
                continue;
            }
            var m = MAIL_FILE.matcher(relative);
            if (!m.matches() || !MAIL_KINDS.contains(m.group(1)) || !LANGUAGES.contains(m.group(2))) {
                problems.add(where + relative + ": not a mail template (mail/<kind>.<fr|en>.{subject.txt,txt,html},"
                        + " kinds " + sorted(MAIL_KINDS) + ")");
                continue;
            }
            parts.merge(m.group(1) + "." + m.group(2), 1, Integer::sum);
            try {
                long size = Files.size(entry.getValue());
                if (size > MAX_MAIL_TEMPLATE_BYTES) {
                    problems.add(where + relative + ": " + size + " bytes, at most " + MAX_MAIL_TEMPLATE_BYTES);
                    continue;
                }
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(entry.getValue())));
            } catch (CharacterCodingException e) {
                problems.add(where + relative + ": not UTF-8 text");
            } catch (IOException e) {
                problems.add(where + relative + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        parts.forEach((base, count) -> {
            if (count != 3) {
                problems.add(where + "mail/" + base + ": needs its three files " + base + ".subject.txt, " + base
                        + ".txt and " + base + ".html");
            }
        });
    }

    /** Hidden files (editors' and the hub's temporary files) and {@code .dist} offers are no part of a set or of xsl/. */
    static boolean ignored(Path path) {
        Path name = path.getFileName();
        return name != null && (name.toString().startsWith(".") || name.toString().endsWith(".dist"));
    }

    private JsonNode read(Path yamlFile, String file, List<String> problems) {
        try {
            long size = Files.size(yamlFile);
            if (size > MAX_YAML_BYTES) {
                problems.add(file + ": " + size + " bytes, at most " + MAX_YAML_BYTES);
                return null;
            }
            byte[] bytes = Files.readAllBytes(yamlFile);
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                problems.add(file + ": not UTF-8 text");
                return null;
            }
            JsonNode node = yaml.readTree(bytes);
            if (node == null || node.isMissingNode() || node.isNull()) {
                problems.add(file + ": empty (write at least 'annexes: [time-detail]')");
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            problems.add(file + ": " + at + "not readable YAML (" + e.getOriginalMessage() + ")");
            return null;
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + e.getMessage() + ")");
            return null;
        }
    }

    private static void unknownKeys(JsonNode map, String path, List<String> known, String file, List<String> problems) {
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(file + ": " + path + key + ": unknown key (expected one of " + known + ")");
            }
        }
    }

    private static String text(JsonNode map, String key, String file, List<String> problems) {
        JsonNode node = map.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(file + ": " + key + ": must be a text");
            return null;
        }
        return node.textValue().strip();
    }

    private static List<TemplateSet.Annex> annexes(JsonNode node, String file, List<String> problems) {
        if (node == null || node.isNull() || node.isTextual() && node.textValue().isBlank()) {
            return List.of(TemplateSet.Annex.values());
        }
        if (!node.isArray()) {
            problems.add(file + ": annexes: must be a list among " + TemplateSet.Annex.keys() + " (in the order wanted;"
                    + " [] for none)");
            return List.of();
        }
        List<TemplateSet.Annex> annexes = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            TemplateSet.Annex annex = item.isTextual() ? TemplateSet.Annex.of(item.textValue().strip()) : null;
            if (annex == null) {
                problems.add(file + ": annexes[" + i + "]: '" + item.asText() + "' is not an annex (expected one of "
                        + TemplateSet.Annex.keys() + ")");
            } else if (annexes.contains(annex)) {
                problems.add(file + ": annexes[" + i + "]: '" + annex.key() + "' is listed twice");
            } else {
                annexes.add(annex);
            }
        }
        return annexes;
    }

    private static TemplateSet.Colours colours(JsonNode node, String file, List<String> problems) {
        if (node == null || node.isNull()) {
            return TemplateSet.Colours.HOUSE;
        }
        if (!node.isObject()) {
            problems.add(file + ": colours: must be a map with 'accent' and/or 'header' (#RRGGBB)");
            return TemplateSet.Colours.HOUSE;
        }
        unknownKeys(node, "colours.", List.of("accent", "header"), file, problems);
        String accent = colour(node, "accent", TemplateSet.Colours.HOUSE.accent(), file, problems);
        if (COLOUR.matcher(accent).matches()
                && TemplateSet.Colours.contrast(accent, TemplateSet.Colours.WHITE) < MIN_ACCENT_CONTRAST) {
            problems.add(String.format(Locale.ROOT, "%s: colours.accent: %s is too light to read on white (contrast "
                    + "%.1f:1, at least %.0f:1): titles and headings are written in it", file, accent,
                    TemplateSet.Colours.contrast(accent, TemplateSet.Colours.WHITE), MIN_ACCENT_CONTRAST));
        }
        String header = colour(node, "header", accent, file, problems);
        return new TemplateSet.Colours(accent, header);
    }

    private static String colour(JsonNode map, String key, String otherwise, String file, List<String> problems) {
        JsonNode node = map.get(key);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        String value = node.isTextual() ? node.textValue().strip() : node.asText();
        if (!COLOUR.matcher(value).matches()) {
            problems.add(file + ": colours." + key + ": '" + value + "' is not a colour #RRGGBB (quote it in YAML: \"#1F3A5F\")");
            return otherwise;
        }
        return value.toUpperCase(Locale.ROOT);
    }

    private static Map<String, TemplateSet.Wording> wording(JsonNode node, String language, String file,
                                                            List<String> problems) {
        Map<String, TemplateSet.Wording> wording = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return wording;
        }
        if (!node.isObject()) {
            problems.add(file + ": wording: must be a map by language (fr, en) of header, footer, payment");
            return wording;
        }
        List<String> languages = new ArrayList<>(sorted(LANGUAGES));
        unknownKeys(node, "wording.", languages, file, problems);
        for (String lang : languages) {
            JsonNode texts = node.get(lang);
            if (texts == null || texts.isNull()) {
                continue;
            }
            String at = "wording." + lang;
            if (!texts.isObject()) {
                problems.add(file + ": " + at + ": must be a map of " + sorted(WORDING_LIMITS.keySet()));
                continue;
            }
            unknownKeys(texts, at + ".", sorted(WORDING_LIMITS.keySet()), file, problems);
            wording.put(lang, new TemplateSet.Wording(note(texts, at, "header", file, problems),
                    note(texts, at, "footer", file, problems), note(texts, at, "payment", file, problems)));
        }
        if (!wording.isEmpty()) {
            // no invoice may go out with its wording missing: the set's language, or every language it may be printed in
            List<String> needed = language != null ? List.of(language) : languages;
            for (String lang : needed) {
                if (!wording.containsKey(lang)) {
                    problems.add(file + ": wording." + lang + ": missing, while " + (language != null
                            ? "the set is written in '" + language + "'"
                            : "the set follows the client's language and gives wording in " + wording.keySet()));
                }
            }
            if (language == null && wording.size() > 1) {
                Set<String> keys = keys(wording.values().iterator().next());
                wording.forEach((lang, w) -> {
                    if (!keys(w).equals(keys)) {
                        problems.add(file + ": wording." + lang + ": gives " + keys(w) + " while another language gives "
                                + keys + ": every language needs the same texts");
                    }
                });
            }
        }
        return wording;
    }

    private static Set<String> keys(TemplateSet.Wording w) {
        Set<String> keys = new java.util.TreeSet<>();
        if (w.header() != null) {
            keys.add("header");
        }
        if (w.footer() != null) {
            keys.add("footer");
        }
        if (w.payment() != null) {
            keys.add("payment");
        }
        return keys;
    }

    private static String note(JsonNode map, String at, String key, String file, List<String> problems) {
        JsonNode node = map.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        String where = file + ": " + at + "." + key;
        if (!node.isTextual()) {
            problems.add(where + ": must be a text");
            return null;
        }
        String value = node.textValue().strip().replace("\r\n", "\n");
        int max = WORDING_LIMITS.get(key);
        if (value.isEmpty()) {
            problems.add(where + ": empty (leave the key out instead)");
            return null;
        }
        if (value.length() > max) {
            problems.add(where + ": " + value.length() + " characters, at most " + max);
            return null;
        }
        int bad = XmlCharacters.firstRefused(value.replace("\n", " "));
        if (bad >= 0) {
            problems.add(where + ": " + XmlCharacters.describe(value, bad));
            return null;
        }
        if (value.indexOf('\t') >= 0 || value.indexOf('\r') >= 0) {
            problems.add(where + ": tabs and carriage returns are not allowed");
            return null;
        }
        if ("footer".equals(key) && value.indexOf('\n') >= 0) {
            problems.add(where + ": one line only (the footer of every page holds it)");
            return null;
        }
        if (value.lines().count() > 6) {
            problems.add(where + ": at most 6 lines");
            return null;
        }
        return value;
    }

    // ---------------------------------------------------------------- logo

    private static TemplateSet.Logo logo(JsonNode root, Path folder, String where, String file, List<String> problems) {
        String logo = text(root, "logo", file, problems);
        if (logo == null) {
            return null;
        }
        String at = file + ": logo: '" + logo + "'";
        if (logo.isEmpty() || logo.startsWith("/") || logo.contains("\\") || logo.contains(":")
                || Stream.of(logo.split("/")).anyMatch(p -> p.equals("..") || p.equals(".") || p.isEmpty())) {
            problems.add(at + " must be a file inside " + where + " named relative to it (no '..', no absolute path)");
            return null;
        }
        Path path = folder.resolve(logo).normalize();
        if (!path.startsWith(folder)) {
            problems.add(at + " leads out of " + where);
            return null;
        }
        try {
            if (!path.toRealPath().startsWith(folder.toRealPath())) {
                problems.add(at + " leads out of " + where);
                return null;
            }
        } catch (IOException e) {
            problems.add(at + ": no such file in " + where);
            return null;
        }
        if (Files.isSymbolicLink(path) || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(at + " is not a regular file of " + where + " (symbolic links are not followed)");
            return null;
        }
        byte[] content;
        try {
            long size = Files.size(path);
            if (size > MAX_LOGO_BYTES) {
                problems.add(at + ": " + size + " bytes, at most " + MAX_LOGO_BYTES);
                return null;
            }
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            problems.add(at + ": cannot be read (" + e.getMessage() + ")");
            return null;
        }
        String type = mediaType(content);
        String extension = logo.substring(logo.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String expected = switch (extension) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "svg" -> "image/svg+xml";
            default -> null;
        };
        if (type == null) {
            problems.add(at + ": its content is not a PNG, JPEG or SVG image");
            return null;
        }
        if (!type.equals(expected)) {
            problems.add(at + ": its name says " + (expected == null ? "'." + extension + "'" : expected)
                    + " but its content is " + type + " (name it ." + (type.equals("image/png") ? "png"
                    : type.equals("image/jpeg") ? "jpg" : "svg") + ")");
            return null;
        }
        String problem = type.equals("image/svg+xml") ? svgProblem(content) : rasterProblem(content);
        if (problem != null) {
            problems.add(at + ": " + problem);
            return null;
        }
        return new TemplateSet.Logo(logo, type, content);
    }

    /** The media type read from the first bytes (never from the file name), or null. */
    static String mediaType(byte[] c) {
        if (c.length > 8 && (c[0] & 0xFF) == 0x89 && c[1] == 'P' && c[2] == 'N' && c[3] == 'G'
                && c[4] == 0x0D && c[5] == 0x0A && c[6] == 0x1A && c[7] == 0x0A) {
            return "image/png";
        }
        if (c.length > 3 && (c[0] & 0xFF) == 0xFF && (c[1] & 0xFF) == 0xD8 && (c[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        String head = new String(c, 0, Math.min(c.length, 1024), StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        if ((head.startsWith("<?xml") || head.startsWith("<svg") || head.startsWith("<!--")) && head.contains("<svg")) {
            return "image/svg+xml";
        }
        return null;
    }

    private static String rasterProblem(byte[] content) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return "not a readable image";
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_LOGO_PIXELS || height > MAX_LOGO_PIXELS) {
                    return width + " x " + height + " pixels, at most " + MAX_LOGO_PIXELS + " a side (a logo prints"
                            + " 18 mm high)";
                }
            } finally {
                reader.dispose();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "not a readable image (" + e.getMessage() + ")";
        }
    }

    /**
     * An SVG must stand alone: no DOCTYPE, no script, no foreign object, no reference to anything but itself or an
     * inline PNG/JPEG ({@code href="#id"}, {@code data:image/png}), no CSS import or external {@code url()}.
     */
    static String svgProblem(byte[] content) {
        String[] problem = {null};
        try {
            XMLReader reader = SecureXml.newXmlReader();
            reader.setContentHandler(new DefaultHandler() {
                private boolean root = true;
                private boolean inStyle;

                @Override
                public void startElement(String uri, String local, String qName, Attributes attributes) {
                    if (problem[0] != null) {
                        return;
                    }
                    if (root && !("svg".equals(local) && "http://www.w3.org/2000/svg".equals(uri))) {
                        problem[0] = "the root element is not an SVG <svg> (namespace http://www.w3.org/2000/svg)";
                        return;
                    }
                    root = false;
                    String name = local.toLowerCase(Locale.ROOT);
                    if (name.equals("script") || name.equals("foreignobject") || name.equals("iframe")) {
                        problem[0] = "an SVG logo may not hold <" + local + ">";
                        return;
                    }
                    inStyle = name.equals("style");
                    for (int i = 0; i < attributes.getLength(); i++) {
                        String attribute = attributes.getLocalName(i).toLowerCase(Locale.ROOT);
                        String value = attributes.getValue(i).strip();
                        if (attribute.startsWith("on")) {
                            problem[0] = "an SVG logo may not hold event handlers (" + attributes.getQName(i) + ")";
                        } else if (attribute.equals("href") && !(value.startsWith("#")
                                || value.startsWith("data:image/png") || value.startsWith("data:image/jpeg"))) {
                            problem[0] = "an SVG logo may only refer to itself or an inline image (" + attributes.getQName(i)
                                    + "=\"" + shorten(value) + "\")";
                        } else if (externalCss(value)) {
                            problem[0] = "an SVG logo may not load anything (" + attributes.getQName(i) + ")";
                        }
                    }
                }

                @Override
                public void characters(char[] ch, int start, int length) {
                    if (inStyle && problem[0] == null && externalCss(new String(ch, start, length))) {
                        problem[0] = "an SVG logo's <style> may not load anything (@import, url() of a file)";
                    }
                }

                @Override
                public void endElement(String uri, String local, String qName) {
                    inStyle = false;
                }
            });
            reader.parse(new InputSource(new ByteArrayInputStream(content)));
        } catch (SAXException | IOException e) {
            return "not a well-formed SVG (" + e.getMessage() + ")";
        }
        return problem[0];
    }

    private static boolean externalCss(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        if (t.contains("@import")) {
            return true;
        }
        int at = t.indexOf("url(");
        while (at >= 0) {
            String rest = t.substring(at + 4).replace("'", "").replace("\"", "");
            if (!rest.startsWith("#")) {
                return true;
            }
            at = t.indexOf("url(", at + 4);
        }
        return false;
    }

    private static String shorten(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }

    private static List<String> sorted(java.util.Collection<String> values) {
        return values.stream().sorted().toList();
    }
}
