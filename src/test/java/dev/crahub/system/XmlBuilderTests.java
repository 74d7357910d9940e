package dev.crahub.system;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlBuilderTests {

    @Test
    void dateTimesAlwaysCarrySecondsAndAmountsTheirScale() {
        XmlBuilder x = new XmlBuilder("urn:test");
        x.start("doc");
        // OffsetDateTime.toString() would write 2026-11-26T22:07+01:00, which is no xs:dateTime
        x.element("at", OffsetDateTime.of(2026, 11, 26, 22, 7, 0, 0, ZoneOffset.ofHours(1)));
        x.element("amount", new BigDecimal("1E+3").setScale(2), "currency", "EUR");
        x.element("absent", null);
        x.end();
        String xml = new String(x.toBytes(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<at>2026-11-26T22:07:00+01:00</at>", "<amount currency=\"EUR\">1000.00</amount>")
                .doesNotContain("absent").contains("xmlns=\"urn:test\"");
    }

    @Test
    void aValueXmlCannotCarryFailsTheDocumentNamingTheFieldAndWhere() {
        XmlBuilder x = new XmlBuilder("urn:test");
        x.start("cra").start("entries").start("entry").attribute("date", "2026-10-01").attribute("consultant", "JD");
        assertThatThrownBy(() -> x.element("comment", "Atelier\u0001"))
                .isInstanceOf(XmlBuilder.UnwritableValueException.class)
                .hasMessage("cannot write comment (at cra/entries/entry[date=2026-10-01][consultant=JD]/comment) into "
                        + "the document: control character U+0001 is not allowed (character 8); correct the value at "
                        + "its source and build the document again");
        assertThatThrownBy(() -> new XmlBuilder("urn:test").start("doc").attribute("name", "\uFFFF"))
                .hasMessageStartingWith("cannot write name (at doc/name)");
    }

    @Test
    void c1ControlsImportedBeforeTheRuleStillRender() {
        XmlBuilder x = new XmlBuilder("urn:test");
        x.start("doc").element("comment", "a\u0085b").end();
        assertThat(new String(x.toBytes(), StandardCharsets.UTF_8)).contains("<comment>a\u0085b</comment>");
    }
}
