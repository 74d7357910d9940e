package dev.crahub.einvoice;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.crahub.einvoice.EInvoiceTestSupport.FORMATS;
import static dev.crahub.einvoice.EInvoiceTestSupport.pdfA;
import static dev.crahub.einvoice.EInvoiceTestSupport.resource;
import static dev.crahub.einvoice.EInvoiceTestSupport.xpath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario table of issue 8 (canonical invoices under {@code canonical/scenarios/}, totals computed by hand in
 * each file's comment) as CII and as Factur-X, through Mustang's validator (both parts of its report, BR-FR as
 * errors) and the structural checks: zero errors. UBL and phive: {@code UblStylesheetTests}.
 */
class CiiScenarioTests {

    static final MustangValidation MUSTANG = new MustangValidation();

    static Stream<String> scenarios() {
        return Stream.of("single", "mixed", "discount", "reverse", "usd", "usd-fr", "franchise", "halfday", "ratechange",
                "zero", "credit-note");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void isAValidCiiAndFacturX(String scenario) {
        byte[] canonical = resource("/canonical/scenarios/" + scenario + ".xml");
        byte[] cii = FORMATS.cii(canonical, List.of());
        MustangValidation.Report xml = MUSTANG.cii(cii, scenario + "-cii.xml");
        assertThat(xml.messages()).as(scenario + " CII").filteredOn(ValidationMessage::isError).isEmpty();
        assertThat(xml.xmlValid()).isTrue();

        byte[] facturx = new FacturX().assemble(pdfA(canonical), cii, List.of());
        assertThat(new FacturXInspection().inspect(facturx, cii)).as(scenario + " structure").isEmpty();
        MustangValidation.Report full = MUSTANG.facturX(facturx, scenario + ".pdf");
        assertThat(full.messages()).as(scenario + " Factur-X").filteredOn(ValidationMessage::isError).isEmpty();
        assertThat(full.pdfValid()).as(scenario + " PDF/A-3").isTrue();
        assertThat(full.valid()).isTrue();

        // the totals travel as the canonical invoice computed them
        assertThat(xpath(cii, "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount"))
                .isEqualTo(xpath(canonical, "/inv:invoice/inv:totals/inv:payable"));
        assertThat(xpath(cii, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode"))
                .isEqualTo(xpath(canonical, "/inv:invoice/inv:typeCode"));
    }
}
