package dev.crahub.system;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
