package dev.crahub.document;

import static dev.crahub.document.TestDocuments.copyXsl;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendering follows the template element of the invoice's XML: the archived version's stylesheets and set, whatever
 * the home holds now; without the element, the home's xsl/ as before. No Spring: a home in a temporary folder.
 */
class TemplateRendererTests {

    @TempDir
    Path home;

    @Test
    void anInvoiceIsRenderedWithItsArchivedVersionNotWithTheHomesFilesOfToday() throws IOException {
        Path xsl = copyXsl(Files.createDirectories(home.resolve("xsl")));
        Path set = Files.createDirectories(home.resolve("templates/acme"));
        Files.writeString(set.resolve("template.yaml"), "colours: {accent: \"#7A1F3D\"}\nannexes: []\n");
        TemplateArchive archive = new TemplateArchive(home.resolve("data/archive/templates"));
        TemplateSets sets = new TemplateSets(home.resolve("templates"), xsl, archive);
        TemplateRenderer renderer = new TemplateRenderer(archive, new XslTransformer(xsl, Duration.ZERO), new PdfRenderer(xsl));

        TemplateSets.Prepared prepared = sets.prepare("acme");
        byte[] xml = withTemplate(prepared.name(), prepared.version());
        assertThat(TemplateRenderer.template(xml)).isEqualTo(new TemplateRenderer.Reference("acme", prepared.version()));
        String before = new String(renderer.invoiceFo(xml), StandardCharsets.UTF_8);
        assertThat(before).contains("#7A1F3D").doesNotContain("Détail des temps");

        // the home changes: its set and a label of its stylesheets
        Files.writeString(set.resolve("template.yaml"), "colours: {accent: \"#0B5D1E\"}\n");
        Path labels = xsl.resolve("l10n/fr.xml");
        Files.writeString(labels, Files.readString(labels).replace(">Facture<", ">Facture modifiée<"));
        assertThat(sets.prepare("acme").version()).isNotEqualTo(prepared.version());

        assertThat(new String(renderer.invoiceFo(xml), StandardCharsets.UTF_8)).isEqualTo(before);
        assertThat(string(parse(renderer.invoiceFo(sample("invoice-sample.xml"))), "/"))
                .as("an invoice from before template sets: the home's xsl/ of today").contains("Facture modifiée");
        assertThat(renderer.renderInvoice(xml)).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aMissingOrBadSetIsRefusedBeforeAnythingIsArchived() throws IOException {
        Path xsl = copyXsl(Files.createDirectories(home.resolve("xsl")));
        Files.createDirectories(home.resolve("templates/bad"));
        Files.writeString(home.resolve("templates/bad/template.yaml"), "annexes: [receipts]\n");
        TemplateArchive archive = new TemplateArchive(home.resolve("data/archive/templates"));
        TemplateSets sets = new TemplateSets(home.resolve("templates"), xsl, archive);

        assertThatThrownBy(() -> sets.prepare("bad")).isInstanceOf(InvalidTemplateSetException.class)
                .hasMessage("Template set 'bad' cannot be used: templates/bad/template.yaml: annexes[0]: 'receipts' is not"
                        + " an annex (expected one of [time-detail, expenses, products])");
        assertThatThrownBy(() -> sets.prepare("missing")).hasMessageContaining("templates/missing/: no such template set");
        assertThatThrownBy(() -> sets.prepare("../xsl")).hasMessageContaining("is not a template set name");
        assertThat(sets.problem("bad")).hasValueSatisfying(p -> assertThat(p).contains("'receipts' is not an annex"));
        assertThat(home.resolve("data/archive/templates")).doesNotExist();
    }

    private static byte[] withTemplate(String name, String version) {
        return new String(sample("invoice-sample.xml"), StandardCharsets.UTF_8)
                .replace("</invoice>", "<template name=\"" + name + "\" version=\"" + version + "\"/></invoice>")
                .getBytes(StandardCharsets.UTF_8);
    }
}
