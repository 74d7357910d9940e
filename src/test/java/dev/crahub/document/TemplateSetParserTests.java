package dev.crahub.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template set rules, each refused with the file and key named, on sets written into a temporary folder. */
class TemplateSetParserTests {

    private final TemplateSetParser parser = new TemplateSetParser();

    @TempDir
    Path templates;

    /** A small logo, drawn here (nothing binary is committed). */
    static byte[] image(String format, int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(colour);
        g.fillRect(width / 10, height / 10, width * 8 / 10, height * 8 / 10);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Path set(String name, String yaml, Map<String, byte[]> files) throws IOException {
        Path folder = Files.createDirectories(templates.resolve(name));
        if (yaml != null) {
            Files.writeString(folder.resolve(TemplateSetParser.FILE), yaml, StandardCharsets.UTF_8);
        }
        for (var file : files.entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        return folder;
    }

    private List<String> problems(String name, Path folder) {
        try {
            parser.parse(name, folder);
        } catch (InvalidTemplateSetException e) {
            assertThat(e.getMessage()).startsWith("Template set '" + name + "' cannot be used: ");
            return e.problems();
        }
        throw new AssertionError("the set " + name + " was accepted");
    }

    @Test
    void aFullSetIsReadWithEveryChoice() throws IOException {
        Path folder = set("acme-en", """
                language: en
                annexes: [products, time-detail]
                logo: images/logo.png
                colours:
                  accent: "#7a1f3d"
                  header: "#F2C14E"
                wording:
                  en:
                    header: "Project Apollo, lot 3"
                    footer: "Registered in Paris"
                    payment: |
                      Please quote the invoice number.
                      Thank you.
                """, Map.of("images/logo.png", image("png", 240, 80, Color.BLUE)));

        TemplateSet set = parser.parse("acme-en", folder);

        assertThat(set.language()).isEqualTo("en");
        assertThat(set.annexes()).containsExactly(TemplateSet.Annex.PRODUCTS, TemplateSet.Annex.TIME_DETAIL);
        assertThat(set.logo().mediaType()).isEqualTo("image/png");
        assertThat(set.logo().file()).isEqualTo("images/logo.png");
        assertThat(set.colours()).isEqualTo(new TemplateSet.Colours("#7A1F3D", "#F2C14E"));
        assertThat(set.colours().headerText()).as("dark text on a light header").isEqualTo("#1E2430");
        assertThat(set.wording().get("en").payment()).isEqualTo("Please quote the invoice number.\nThank you.");
        assertThat(set.languageFor("fr")).isEqualTo("en");

        Map<String, String> parameters = set.stylesheetParameters("en");
        assertThat(parameters).containsEntry("{urn:crahub:xsl:functions}template-annexes", "products time-detail")
                .containsEntry("{urn:crahub:xsl:functions}color-accent", "#7A1F3D")
                .containsEntry("{urn:crahub:xsl:functions}template-header-note", "Project Apollo, lot 3");
        assertThat(parameters.get("{urn:crahub:xsl:functions}template-logo")).startsWith("data:image/png;base64,iVBOR");
    }

    @Test
    void anEmptyishSetMeansTheClientsLanguageEveryAnnexAndTheHouseColours() throws IOException {
        TemplateSet set = parser.parse("plain", set("plain", "annexes:\n", Map.of()));

        assertThat(set.language()).isNull();
        assertThat(set.languageFor("en")).isEqualTo("en");
        assertThat(set.languageFor(null)).isEqualTo("fr");
        assertThat(set.annexes()).containsExactly(TemplateSet.Annex.values());
        assertThat(set.colours()).isEqualTo(TemplateSet.Colours.HOUSE);
        assertThat(set.colours().headerText()).isEqualTo("#FFFFFF");
        assertThat(set.logo()).isNull();
        assertThat(parser.parse("none", set("none", "annexes: []\n", Map.of())).annexes()).isEmpty();
    }

    @Test
    void theShippedDefaultSetIsValid() {
        TemplateSet set = parser.parse("default", Path.of("templates/default"));

        assertThat(set.annexes()).containsExactly(TemplateSet.Annex.TIME_DETAIL, TemplateSet.Annex.EXPENSES,
                TemplateSet.Annex.PRODUCTS);
        assertThat(set.colours()).isEqualTo(TemplateSet.Colours.HOUSE);
    }

    @Test
    void badColoursAreRefusedWithTheirKey() throws IOException {
        List<String> problems = problems("bad-colours", set("bad-colours", """
                colours:
                  accent: red
                  header: "#12345"
                """, Map.of()));

        assertThat(problems).containsExactly(
                "templates/bad-colours/template.yaml: colours.accent: 'red' is not a colour #RRGGBB (quote it in YAML: \"#1F3A5F\")",
                "templates/bad-colours/template.yaml: colours.header: '#12345' is not a colour #RRGGBB (quote it in YAML: \"#1F3A5F\")");
        assertThat(problems("light", set("light", "colours: {accent: \"#FFFF66\"}\n", Map.of())))
                .singleElement().asString().contains("colours.accent: #FFFF66 is too light to read on white");
        assertThat(problems("typo", set("typo", "colours: {acent: \"#000000\"}\n", Map.of())))
                .containsExactly("templates/typo/template.yaml: colours.acent: unknown key (expected one of [accent, header])");
    }

    @Test
    void aLogoLeadingOutOfTheSetsFolderIsRefused() throws IOException {
        Files.write(templates.resolve("outside.png"), image("png", 10, 10, Color.RED));
        Path escape = set("escape", "logo: ../outside.png\n", Map.of());
        Path absolute = set("absolute", "logo: " + templates.resolve("outside.png") + "\n", Map.of());
        Path linked = set("linked", "logo: logo.png\n", Map.of());
        Files.createSymbolicLink(linked.resolve("logo.png"), templates.resolve("outside.png"));
        Path linkedFolder = set("linked-folder", "logo: art/outside.png\n", Map.of());
        Files.createSymbolicLink(linkedFolder.resolve("art"), templates);

        assertThat(problems("escape", escape)).containsExactly("templates/escape/template.yaml: logo: '../outside.png'"
                + " must be a file inside templates/escape/ named relative to it (no '..', no absolute path)");
        assertThat(problems("absolute", absolute)).singleElement().asString()
                .contains("must be a file inside templates/absolute/");
        assertThat(problems("linked", linked)).contains("templates/linked/logo.png: a symbolic link; a template set"
                + " holds its own files only");
        assertThat(problems("linked-folder", linkedFolder)).anyMatch(p -> p.contains("art: a symbolic link"))
                .anyMatch(p -> p.contains("logo: 'art/outside.png' leads out of templates/linked-folder/"));
    }

    @Test
    void aLogoIsRecognisedByItsContentNotItsName() throws IOException {
        Path jpegNamedPng = set("jpeg-named-png", "logo: logo.png\n", Map.of("logo.png", image("jpg", 20, 20, Color.RED)));
        Path text = set("text", "logo: logo.png\n", Map.of("logo.png", "<html>not an image</html>".getBytes()));
        Path gif = set("gif", "logo: logo.gif\n", Map.of("logo.gif", image("gif", 20, 20, Color.RED)));
        Path huge = set("huge", "logo: logo.png\n", Map.of("logo.png", image("png", 2500, 10, Color.RED)));
        Path jpeg = set("jpeg", "logo: logo.jpg\n", Map.of("logo.jpg", image("jpg", 20, 20, Color.RED)));

        assertThat(problems("jpeg-named-png", jpegNamedPng)).containsExactly("templates/jpeg-named-png/template.yaml:"
                + " logo: 'logo.png': its name says image/png but its content is image/jpeg (name it .jpg)");
        assertThat(problems("text", text)).containsExactly("templates/text/template.yaml: logo: 'logo.png': its"
                + " content is not a PNG, JPEG or SVG image");
        assertThat(problems("gif", gif)).singleElement().asString().contains("not a PNG, JPEG or SVG image");
        assertThat(problems("huge", huge)).singleElement().asString().contains("2500 x 10 pixels, at most 2000 a side");
        assertThat(parser.parse("jpeg", jpeg).logo().mediaType()).isEqualTo("image/jpeg");
    }

    @Test
    void anSvgLogoMayNotReachOutside() throws IOException {
        String ok = """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 30"><defs><linearGradient id="g"/></defs>
                <rect width="100" height="30" fill="url(#g)"/></svg>""";
        String external = """
                <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
                <image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>""";
        String script = """
                <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>""";
        String css = """
                <svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://evil.example/x.css);</style></svg>""";
        String doctype = """
                <?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>""";

        assertThat(parser.parse("ok", set("ok", "logo: logo.svg\n", Map.of("logo.svg", ok.getBytes()))).logo().mediaType())
                .isEqualTo("image/svg+xml");
        assertThat(problems("external", set("external", "logo: logo.svg\n", Map.of("logo.svg", external.getBytes()))))
                .singleElement().asString().contains("may only refer to itself or an inline image (xlink:href=\"file:///etc/passwd\")");
        assertThat(problems("script", set("script", "logo: logo.svg\n", Map.of("logo.svg", script.getBytes()))))
                .singleElement().asString().contains("may not hold <script>");
        assertThat(problems("css", set("css", "logo: logo.svg\n", Map.of("logo.svg", css.getBytes()))))
                .singleElement().asString().contains("may not load anything");
        assertThat(problems("doctype", set("doctype", "logo: logo.svg\n", Map.of("logo.svg", doctype.getBytes()))))
                .singleElement().asString().contains("not a well-formed SVG");
    }

    @Test
    void unknownAnnexesAndKeysAreRefused() throws IOException {
        List<String> problems = problems("annexes", set("annexes", """
                annexes: [time-detail, receipts, time-detail]
                langage: en
                """, Map.of()));

        assertThat(problems).containsExactlyInAnyOrder(
                "templates/annexes/template.yaml: langage: unknown key (expected one of [language, annexes, logo, colours, wording, mail])",
                "templates/annexes/template.yaml: annexes[1]: 'receipts' is not an annex (expected one of [time-detail, expenses, products])",
                "templates/annexes/template.yaml: annexes[2]: 'time-detail' is listed twice");
        assertThat(problems("language", set("language", "language: de\n", Map.of()))).containsExactly(
                "templates/language/template.yaml: language: 'de' is not one of [en, fr] (leave it out to write in the"
                        + " client's language)");
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertThat(problems("no-yaml", set("no-yaml", null, Map.of("logo.png", image("png", 5, 5, Color.RED)))))
                .containsExactly("templates/no-yaml/template.yaml: missing (every template set needs one)");
        assertThat(problems("no-logo", set("no-logo", "logo: logo.png\n", Map.of())))
                .containsExactly("templates/no-logo/template.yaml: logo: 'logo.png': no such file in templates/no-logo/");
        assertThat(problems("nowhere", templates.resolve("nowhere"))).containsExactly("templates/nowhere/: no such"
                + " template set (a folder templates/nowhere/ holding a template.yaml)");
        assertThat(problems("Bad.Name", templates)).singleElement().asString().contains("is not a template set name");
        assertThat(problems("broken", set("broken", "colours: [\n", Map.of()))).singleElement().asString()
                .startsWith("templates/broken/template.yaml: line ").contains("not readable YAML");
    }

    @Test
    void wordingIsPlainBoundedTextInEveryLanguageTheSetMayBePrintedIn() throws IOException {
        String tooLong = "x".repeat(301);
        List<String> problems = problems("wording", set("wording", """
                wording:
                  fr:
                    header: "%s"
                    footer: "two\\nlines"
                    payment: "bell \\u0007"
                """.formatted(tooLong), Map.of()));

        assertThat(problems).containsExactlyInAnyOrder(
                "templates/wording/template.yaml: wording.fr.header: 301 characters, at most 300",
                "templates/wording/template.yaml: wording.fr.footer: one line only (the footer of every page holds it)",
                "templates/wording/template.yaml: wording.fr.payment: " + dev.crahub.system.XmlCharacters.describe("bell \u0007", 5),
                "templates/wording/template.yaml: wording.en: missing, while the set follows the client's language and"
                        + " gives wording in [fr]");
        assertThat(problems("fixed", set("fixed", "language: en\nwording: {fr: {header: Bonjour}}\n", Map.of())))
                .containsExactly("templates/fixed/template.yaml: wording.en: missing, while the set is written in 'en'");
        assertThat(problems("uneven", set("uneven", "wording: {fr: {header: Bonjour}, en: {footer: Hello}}\n", Map.of())))
                .anyMatch(p -> p.contains("every language needs the same texts"));
        // markup is text: kept as written, printed as text by the stylesheet
        TemplateSet markup = parser.parse("markup", set("markup", "language: fr\nwording: {fr: {header: \"<fo:block>&amp;</fo:block>\"}}\n", Map.of()));
        assertThat(markup.wording().get("fr").header()).isEqualTo("<fo:block>&amp;</fo:block>");
    }

    @Test
    void theVersionCoversTheSetAndTheStylesheetsAndTheArchiveIsWriteOnce() throws IOException {
        Path folder = set("versioned", "language: fr\n", Map.of("logo.png", image("png", 30, 10, Color.RED)));
        Files.writeString(folder.resolve(".logo.png.swp"), "editor file"); // hidden: no part of the set
        Files.writeString(folder.resolve("template.yaml.dist"), "an upgrade's offer"); // no part of the set either
        Path xsl = TestDocuments.copyXsl(Files.createDirectory(templates.resolve("xsl")));

        TemplateArchive.Snapshot first = TemplateArchive.read("versioned", folder, xsl);
        assertThat(first.files()).containsKeys("template/template.yaml", "template/logo.png", "xsl/invoice-fo.xsl",
                "xsl/fonts/DejaVuSans.ttf").doesNotContainKeys("template/.logo.png.swp", "template/template.yaml.dist");
        assertThat(TemplateArchive.read("other-name", folder, xsl).version()).as("the name is not the content")
                .isEqualTo(first.version());

        Files.writeString(folder.resolve("template.yaml"), "language: en\n");
        String afterSetEdit = TemplateArchive.read("versioned", folder, xsl).version();
        Files.writeString(xsl.resolve("fo/styles.xsl"), Files.readString(xsl.resolve("fo/styles.xsl")) + "\n");
        String afterXslEdit = TemplateArchive.read("versioned", folder, xsl).version();
        assertThat(List.of(first.version(), afterSetEdit, afterXslEdit)).doesNotHaveDuplicates();

        TemplateArchive archive = new TemplateArchive(templates.resolve("archive"));
        Path stored = archive.store(first);
        assertThat(stored.resolve("template/template.yaml")).hasContent("language: fr");
        assertThat(archive.store(first)).isEqualTo(stored);
        assertThat(new TemplateArchive(templates.resolve("archive")).verified(first.version())).isEqualTo(stored);

        // an altered snapshot is refused, never used for a different rendering
        Path yaml = stored.resolve("template/template.yaml");
        yaml.toFile().setWritable(true);
        Files.writeString(yaml, "language: en\n");
        assertThatThrownBy(() -> new TemplateArchive(templates.resolve("archive")).verified(first.version()))
                .isInstanceOf(DocumentException.class).hasMessageContaining("was altered in the archive");
        assertThatThrownBy(() -> archive.verified("0".repeat(64))).hasMessageContaining("is not in the archive");
    }

    // ------------------------------------------------------------------------------------------ mail (ADR 0025)

    @Test
    void theShippedDefaultSetWithItsMailTemplatesIsAccepted() {
        TemplateSet set = parser.parse("default", Path.of("templates/default"));
        assertThat(set.mailAttachments()).isEmpty();
    }

    @Test
    void aSetsMailFolderAndItsAttachmentsAreRead() throws IOException {
        byte[] t = "x".getBytes(StandardCharsets.UTF_8);
        Path folder = set("tp-mail", "mail:\n  attachments: [annexes-separately, cra]\n",
                Map.of("mail/invoice.fr.subject.txt", t, "mail/invoice.fr.txt", t, "mail/invoice.fr.html", t));
        assertThat(parser.parse("tp-mail", folder).mailAttachments()).containsExactly("annexes-separately", "cra");
    }

    @Test
    void whatAMailFolderMustNotHoldIsRefused() throws IOException {
        byte[] t = "x".getBytes(StandardCharsets.UTF_8);
        Path folder = set("tp-bad", "mail:\n  attachments: [everything, cra, cra]\n  colour: red\n", Map.of(
                "mail/invoice.fr.subject.txt", t, "mail/invoice.fr.txt", t,             // no .html
                "mail/passwd", t,                                                       // not a template
                "mail/invoice.de.txt", t,                                               // no such language
                "mail/unknown-kind.fr.txt", t,
                "mail/credit-note.en.subject.txt", new byte[] {(byte) 0xC3, (byte) 0x28}, // not UTF-8
                "mail/credit-note.en.txt", new byte[TemplateSetParser.MAX_MAIL_TEMPLATE_BYTES + 1],
                "mail/credit-note.en.html", t));
        assertThat(problems("tp-bad", folder)).containsExactlyInAnyOrder(
                "templates/tp-bad/template.yaml: mail.colour: unknown key (expected one of [attachments])",
                "templates/tp-bad/template.yaml: mail.attachments: 'everything' is not one of [annexes-separately, cra]",
                "templates/tp-bad/template.yaml: mail.attachments: 'cra' listed twice",
                "templates/tp-bad/mail/invoice.fr: needs its three files invoice.fr.subject.txt, invoice.fr.txt and invoice.fr.html",
                "templates/tp-bad/mail/passwd: not a mail template (mail/<kind>.<fr|en>.{subject.txt,txt,html}, kinds "
                        + "[cra-decided-notice, cra-escalation, cra-rejection-notice, cra-reminder, cra-validation-request, credit-note, invoice, payment-reminder])",
                "templates/tp-bad/mail/invoice.de.txt: not a mail template (mail/<kind>.<fr|en>.{subject.txt,txt,html}, kinds "
                        + "[cra-decided-notice, cra-escalation, cra-rejection-notice, cra-reminder, cra-validation-request, credit-note, invoice, payment-reminder])",
                "templates/tp-bad/mail/unknown-kind.fr.txt: not a mail template (mail/<kind>.<fr|en>.{subject.txt,txt,html}, kinds "
                        + "[cra-decided-notice, cra-escalation, cra-rejection-notice, cra-reminder, cra-validation-request, credit-note, invoice, payment-reminder])",
                "templates/tp-bad/mail/credit-note.en.subject.txt: not UTF-8 text",
                "templates/tp-bad/mail/credit-note.en.txt: " + (TemplateSetParser.MAX_MAIL_TEMPLATE_BYTES + 1)
                        + " bytes, at most " + TemplateSetParser.MAX_MAIL_TEMPLATE_BYTES);
    }
}
