package dev.crahub.delivery.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail templates of the home's template sets, rendered by Thymeleaf (ADR 0023). */
class MailTemplateEngineTests {

    @TempDir
    Path templates;

    private void write(String set, String file, String content) throws Exception {
        Path folder = templates.resolve(set).resolve("mail");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(file), content);
    }

    private void invoiceTemplates(String set, String greeting) throws Exception {
        write(set, "invoice.fr.subject.txt", "Facture [(${number})] – [(${seller})]\n");
        write(set, "invoice.fr.txt", greeting + " [(${name})],\nFacture [(${number})].\n");
        write(set, "invoice.fr.html", "<p>" + greeting + " <span th:text=\"${name}\">X</span>,</p><p th:text=\"${number}\">N</p>");
    }

    @Test
    void theDocumentsSetWinsThenDefault() throws Exception {
        invoiceTemplates("default", "Bonjour");
        invoiceTemplates("globex", "Chère équipe");
        MailTemplateEngine engine = new MailTemplateEngine(templates);
        Map<String, Object> model = Map.of("number", "F-1", "seller", "ACME", "name", "Claire");

        MailTemplateEngine.Rendered own = engine.render(Arrays.asList(null, "globex"), MailKind.INVOICE, "fr", model);
        assertThat(own.set()).isEqualTo("globex");
        assertThat(own.subject()).isEqualTo("Facture F-1 – ACME");
        assertThat(own.text()).isEqualTo("Chère équipe Claire,\nFacture F-1.\n");

        MailTemplateEngine.Rendered fallback = engine.render(List.of("initech"), MailKind.INVOICE, "fr", model);
        assertThat(fallback.set()).isEqualTo("default");
        assertThat(fallback.html()).isEqualTo("<p>Bonjour <span>Claire</span>,</p><p>F-1</p>");
    }

    @Test
    void valuesAreEscapedInHtmlAndTheSubjectStaysOneLine() throws Exception {
        invoiceTemplates("default", "Bonjour");
        MailTemplateEngine engine = new MailTemplateEngine(templates);
        MailTemplateEngine.Rendered r = engine.render(List.of(), MailKind.INVOICE, "fr",
                Map.of("number", "F-2", "seller", "ACME\r\nBcc: evil@attacker.example", "name", "<script>alert(1)</script>"));
        assertThat(r.subject()).isEqualTo("Facture F-2 – ACME Bcc: evil@attacker.example").doesNotContain("\n", "\r");
        assertThat(r.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }

    @Test
    void aMissingTemplateSaysWhereItLooked() throws Exception {
        invoiceTemplates("default", "Bonjour");
        MailTemplateEngine engine = new MailTemplateEngine(templates);
        assertThatThrownBy(() -> engine.render(List.of("../etc", "globex"), MailKind.INVOICE, "en", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("templates/globex/mail/invoice.en.{subject.txt,txt,html}")
                .hasMessageContaining("templates/default/mail/invoice.en")
                .hasMessageNotContaining("../etc");
    }

    @Test
    void aBrokenTemplateIsAClearErrorNamingIt() throws Exception {
        invoiceTemplates("default", "Bonjour");
        write("default", "invoice.fr.html", "<p th:text=\"${number\">oops</p>");
        MailTemplateEngine engine = new MailTemplateEngine(templates);
        assertThatThrownBy(() -> engine.render(List.of(), MailKind.INVOICE, "fr", Map.of("number", "F-1", "seller", "A", "name", "B")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mail template invoice.fr cannot be rendered")
                .hasMessageContaining("invoice.fr.html");
    }
}
