package dev.crahub.document;

import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.copyXsl;
import static dev.crahub.document.TestDocuments.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XslTransformerTests {

    private static final byte[] INVOICE = sample("invoice-sample.xml");

    private static String transform(XslTransformer transformer, String stylesheet, byte[] xml) {
        return new String(transformer.transform(stylesheet, xml), StandardCharsets.UTF_8);
    }

    /** Edits a file and moves its modification time forward, as an editor saving it later would. */
    private static void edit(Path file, String from, String to) throws IOException {
        String content = Files.readString(file);
        assertThat(content).contains(from);
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content.replace(from, to));
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 5_000));
    }

    private static void write(Path file, String stylesheetBody) throws IOException {
        Files.writeString(file, """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                %s
                </xsl:stylesheet>
                """.formatted(stylesheetBody), StandardCharsets.UTF_8);
    }

    @Test
    void recompilesWhenAnImportedModuleChanges(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        XslTransformer transformer = new XslTransformer(xsl, Duration.ZERO);
        assertThat(transform(transformer, "invoice-fo.xsl", INVOICE)).contains("#1F3A5F");

        edit(xsl.resolve("fo/styles.xsl"), "'#1F3A5F'", "'#0A7D5A'");

        assertThat(transform(transformer, "invoice-fo.xsl", INVOICE)).contains("#0A7D5A").doesNotContain("#1F3A5F");
    }

    @Test
    void recompilesWhenTheEntryStylesheetChanges(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        XslTransformer transformer = new XslTransformer(xsl, Duration.ZERO);
        assertThat(transform(transformer, "invoice-fo.xsl", INVOICE)).contains("Annexes et références");

        // an integrator overrides one block in the entry stylesheet
        edit(xsl.resolve("invoice-fo.xsl"), "<xsl:output ", "<xsl:template match=\"inv:invoice\" mode=\"f:invoice-references\"/>\n  <xsl:output ");

        assertThat(transform(transformer, "invoice-fo.xsl", INVOICE)).doesNotContain("Annexes et références");
    }

    @Test
    void keepsTheCompiledStylesheetWithinTheCheckInterval(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        XslTransformer transformer = new XslTransformer(xsl, Duration.ofHours(1));
        transform(transformer, "invoice-fo.xsl", INVOICE);

        edit(xsl.resolve("fo/styles.xsl"), "'#1F3A5F'", "'#0A7D5A'");

        assertThat(transform(transformer, "invoice-fo.xsl", INVOICE)).contains("#1F3A5F");
    }

    @Test
    void refusesInputWithADoctype() {
        String xxe = new String(INVOICE, StandardCharsets.UTF_8).replace("<invoice ", """
                <!DOCTYPE invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <invoice """).replace("<number>ACME-2026-000001", "<number>&xxe;");

        assertThatThrownBy(() -> new XslTransformer(XSL).transform("invoice-fo.xsl", xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("invoice-fo.xsl")
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("root:");
    }

    @Test
    void refusesDocumentsOutsideTheStylesheetFolder(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp.resolve("xsl"));
        Path secret = Files.writeString(temp.resolve("secret.xml"), "<secret>TOP-SECRET</secret>");
        write(xsl.resolve("passwd.xsl"), "<xsl:template match='/'><out><xsl:copy-of select=\"document('file:///etc/passwd')\"/></out></xsl:template>");
        write(xsl.resolve("sibling.xsl"), "<xsl:template match='/'><out><xsl:copy-of select=\"document('" + secret.toUri() + "')\"/></out></xsl:template>");
        write(xsl.resolve("relative.xsl"), "<xsl:template match='/'><out><xsl:copy-of select=\"doc('../secret.xml')\"/></out></xsl:template>");
        write(xsl.resolve("text.xsl"), "<xsl:template match='/'><out><xsl:value-of select=\"unparsed-text('file:///etc/passwd')\"/></out></xsl:template>");
        XslTransformer transformer = new XslTransformer(xsl);

        for (String stylesheet : List.of("passwd.xsl", "sibling.xsl", "relative.xsl", "text.xsl")) {
            assertThatThrownBy(() -> transformer.transform(stylesheet, INVOICE)).as(stylesheet)
                    .isInstanceOf(DocumentException.class)
                    .hasMessageContaining(stylesheet)
                    .hasMessageContaining("Refused")
                    .hasMessageNotContaining("TOP-SECRET")
                    .hasMessageNotContaining("root:");
        }
    }

    @Test
    void refusesImportsOutsideTheStylesheetFolder(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp.resolve("xsl"));
        write(temp.resolve("outside.xsl"), "<xsl:template match='/'><out>outside</out></xsl:template>");
        write(xsl.resolve("importer.xsl"), "<xsl:import href='../outside.xsl'/>");

        assertThatThrownBy(() -> new XslTransformer(xsl).transform("importer.xsl", INVOICE))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("importer.xsl does not compile")
                .hasMessageContaining("Refused");
        assertThatThrownBy(() -> new XslTransformer(xsl).transform("../outside.xsl", INVOICE))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("Refused");
    }

    @Test
    void disablesResultDocumentsAndEnvironmentVariables(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp.resolve("xsl"));
        Path target = temp.resolve("written.xml");
        write(xsl.resolve("writer.xsl"), "<xsl:template match='/'><out/><xsl:result-document href='" + target.toUri()
                + "'><x/></xsl:result-document></xsl:template>");
        write(xsl.resolve("env.xsl"), "<xsl:template match='/'><out><xsl:value-of select=\"environment-variable('PATH')\"/></out></xsl:template>");
        XslTransformer transformer = new XslTransformer(xsl);

        assertThatThrownBy(() -> transformer.transform("writer.xsl", INVOICE)).isInstanceOf(DocumentException.class);
        assertThat(target).doesNotExist();
        assertThat(transform(transformer, "env.xsl", INVOICE)).doesNotContain(System.getenv("PATH"));
    }

    @Test
    void compileErrorsNameTheStylesheetAndTheLine(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        write(xsl.resolve("broken.xsl"), "<xsl:template match='/'>\n<out><xsl:value-of select='1 +'/></out>\n</xsl:template>");

        assertThatThrownBy(() -> new XslTransformer(xsl).transform("broken.xsl", INVOICE))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("broken.xsl does not compile")
                .hasMessageContaining("line 3");
    }

    @Test
    void terminatingMessagesBecomeDocumentExceptions(@TempDir Path temp) throws IOException {
        Path xsl = copyXsl(temp);
        write(xsl.resolve("stop.xsl"), "<xsl:template match='/'>\n<xsl:message terminate='yes'>Cannot render this one</xsl:message>\n</xsl:template>");

        assertThatThrownBy(() -> new XslTransformer(xsl).transform("stop.xsl", INVOICE))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("stop.xsl stopped: Cannot render this one")
                .hasMessageContaining("(stop.xsl, line 3)");
    }

    @Test
    void wrongDocumentForTheStylesheetIsReported() {
        assertThatThrownBy(() -> new XslTransformer(XSL).transform("invoice-fo.xsl", sample("cra-sample.xml")))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("expects a canonical invoice");
        assertThatThrownBy(() -> new XslTransformer(XSL).transform("missing.xsl", INVOICE))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        XslTransformer transformer = new XslTransformer(XSL, Duration.ZERO);
        String expected = transform(transformer, "invoice-fo.xsl", INVOICE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String stylesheet = i % 3 == 0 ? "cra-fo.xsl" : "invoice-fo.xsl";
                byte[] input = i % 3 == 0 ? sample("cra-sample.xml") : INVOICE;
                results.add(pool.submit(() -> transform(transformer, stylesheet, input)));
            }
            for (int i = 0; i < results.size(); i++) {
                String fo = results.get(i).get();
                if (i % 3 != 0) {
                    assertThat(fo).isEqualTo(expected);
                }
                else {
                    assertThat(fo).contains("Compte rendu d'activité");
                }
            }
        }
        finally {
            pool.shutdownNow();
        }
    }
}
