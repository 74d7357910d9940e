package dev.crahub.document;

import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class XmlSchemaValidatorTests {

    private final XmlSchemaValidator validator = new XmlSchemaValidator();

    private static byte[] invoice() {
        return sample("invoice-sample.xml");
    }

    private static String text(byte[] xml) {
        return new String(xml, StandardCharsets.UTF_8);
    }

    @Test
    void samplesAreValid() {
        assertThatCode(() -> validator.validate(sample("cra-sample.xml"), "cra-1.xsd")).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(invoice(), "invoice-1.xsd")).doesNotThrowAnyException();
    }

    @Test
    void everyProblemIsListedWithLineAndColumn() {
        String broken = text(invoice())
                .replace("<number>ACME-2026-000001</number>\n", "")
                .replace("<taxAmount>382.20</taxAmount>", "<taxAmount>382.205</taxAmount>");

        InvalidDocumentException ex = catchThrowableOfType(InvalidDocumentException.class,
                () -> validator.validate(broken.getBytes(StandardCharsets.UTF_8), "invoice-1.xsd"));

        assertThat(ex).isNotNull();
        assertThat(ex.schemaName()).isEqualTo("invoice-1.xsd");
        assertThat(ex.errors()).hasSizeGreaterThanOrEqualTo(2).allMatch(error -> error.matches("\\d+:\\d+: .+"));
        assertThat(ex.errors()).anyMatch(error -> error.contains("number"));
        assertThat(ex.errors()).anyMatch(error -> error.contains("382.205"));
        int taxLine = lineOf(broken, "382.205");
        assertThat(ex.errors()).anyMatch(error -> error.startsWith(taxLine + ":"));
        assertThat(ex).hasMessageContaining("invoice-1.xsd");
    }

    @Test
    void strictTypesAreEnforced() {
        assertInvalid(with(invoice(), "/inv:invoice/inv:vatRegime", "INTRA_EU"), "invoice-1.xsd", "INTRA_EU");
        assertInvalid(with(invoice(), "/inv:invoice/inv:currency", "eur"), "invoice-1.xsd", "eur");
        assertInvalid(with(invoice(), "/inv:invoice/inv:seller/inv:siren", "12345678"), "invoice-1.xsd", "12345678");
        assertInvalid(with(invoice(), "/inv:invoice/inv:issueDate", "26/11/2026"), "invoice-1.xsd", "26/11/2026");
        assertInvalid(with(invoice(), "/inv:invoice/inv:lines/inv:line[1]/inv:quantity/@unitCode", "WEE"), "invoice-1.xsd", "WEE");
        assertInvalid(with(invoice(), "/inv:invoice/@language", "de"), "invoice-1.xsd", "de");
        assertInvalid(with(sample("cra-sample.xml"), "/cra:cra/cra:status", "VALIDATED"), "cra-1.xsd", "VALIDATED");
        assertInvalid(with(sample("cra-sample.xml"), "/cra:cra/cra:totals/cra:amount", "1911.001"), "cra-1.xsd", "1911.001");
    }

    @Test
    void optionalElementsMayBeLeftOut() {
        String minimal = text(invoice())
                .replaceAll("\\s*<purchaseOrder>[^<]*</purchaseOrder>", "")
                .replaceAll("\\s*<legalForm>[^<]*</legalForm>", "")
                .replaceAll("\\s*<vatNumber>[^<]*</vatNumber>", "")
                .replaceAll("(?s)\\s*<cra id.*?</cra>", "")
                .replaceAll("(?s)\\s*<annexes>.*?</annexes>", "");

        assertThatCode(() -> validator.validate(minimal.getBytes(StandardCharsets.UTF_8), "invoice-1.xsd"))
                .doesNotThrowAnyException();
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() {
        String xxe = text(invoice()).replace("<invoice ", """
                <!DOCTYPE invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <invoice """).replace("<contractReference>globex-platform-2026", "<contractReference>&xxe;");

        InvalidDocumentException ex = catchThrowableOfType(InvalidDocumentException.class,
                () -> validator.validate(xxe.getBytes(StandardCharsets.UTF_8), "invoice-1.xsd"));

        assertThat(ex).isNotNull();
        assertThat(ex.errors()).singleElement().asString().contains("DOCTYPE").doesNotContain("root:");
    }

    @Test
    void unknownSchemaNamesAreRejected() {
        assertThatThrownBy(() -> validator.validate(invoice(), "../../etc/passwd")).isInstanceOf(DocumentException.class)
                .hasMessageContaining("Not a schema name");
        assertThatThrownBy(() -> validator.validate(invoice(), "nothing-1.xsd")).isInstanceOf(DocumentException.class)
                .hasMessageContaining("not found");
    }

    private void assertInvalid(byte[] xml, String schema, String offendingValue) {
        InvalidDocumentException ex = catchThrowableOfType(InvalidDocumentException.class, () -> validator.validate(xml, schema));
        assertThat(ex).as("expected %s to be rejected", offendingValue).isNotNull();
        assertThat(ex.errors()).anyMatch(error -> error.contains("'" + offendingValue + "'"));
    }

    private static int lineOf(String text, String needle) {
        String before = text.substring(0, text.indexOf(needle));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }
}
