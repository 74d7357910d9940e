package dev.crahub.referential;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which VAT regime fits which seller and buyer (ADR 0019); the same rules the referential and the issuer apply. */
class VatRulesTests {

    static Seller seller(boolean franchise, boolean debits) {
        return new Seller("s", "S", null, null, null, "123456782", franchise ? null : "FR11123456782",
                new Address(List.of("1 rue"), "75001", "Paris", "FR"), null, null, null, "S", debits, null, franchise);
    }

    static Client client(String country, String vat) {
        return new Client("c", "C", null, vat, new Address(List.of("1 street"), "1", "City", country), "en", List.of(), null);
    }

    @Test
    void reverseChargeNeedsAnotherEuMemberStateAndAVatNumberOfIt() {
        Seller s = seller(false, false);
        assertThat(VatRules.problems("c", VatRegime.REVERSE_CHARGE, s, client("DE", "DE123456789"))).isEmpty();
        assertThat(VatRules.problems("c", VatRegime.REVERSE_CHARGE, s, client("GR", "EL123456789"))).isEmpty();
        assertThat(VatRules.problems("c", VatRegime.REVERSE_CHARGE, s, client("FR", "FR14987654324")))
                .singleElement().asString().contains("is in FR");
        assertThat(VatRules.problems("c", VatRegime.REVERSE_CHARGE, s, client("MC", "FR14987654324")))
                .singleElement().asString().contains("French VAT applies");
        assertThat(VatRules.problems("c", VatRegime.REVERSE_CHARGE, s, client("GB", null)))
                .anyMatch(p -> p.contains("outside the EU")).anyMatch(p -> p.contains("needs the buyer's VAT number"));
        assertThat(VatRules.problems("c", VatRegime.REVERSE_CHARGE, s, client("DE", "IT12345678901")))
                .singleElement().asString().contains("is not of its country DE");
    }

    @Test
    void exportIsForBuyersOutsideTheEu() {
        Seller s = seller(false, false);
        assertThat(VatRules.problems("c", VatRegime.EXPORT, s, client("US", null))).isEmpty();
        assertThat(VatRules.problems("c", VatRegime.EXPORT, s, client("CH", null))).isEmpty();
        assertThat(VatRules.problems("c", VatRegime.EXPORT, s, client("DE", "DE123456789")))
                .singleElement().asString().contains("REVERSE_CHARGE");
        assertThat(VatRules.problems("c", VatRegime.EXPORT, s, client("MC", null)))
                .singleElement().asString().contains("French VAT applies");
    }

    @Test
    void theFranchiseIsTheSellersStatus() {
        assertThat(VatRules.problems("c", VatRegime.FRANCHISE, seller(true, false), client("FR", null))).isEmpty();
        assertThat(VatRules.problems("c", VatRegime.FRANCHISE, seller(false, false), client("FR", null)))
                .singleElement().asString().contains("needs a seller under the franchise");
        assertThat(VatRules.problems("c", VatRegime.STANDARD, seller(true, false), client("FR", null)))
                .singleElement().asString().contains("is under the franchise en base");
        assertThat(VatRules.problems("s", seller(true, true))).singleElement().asString().contains("vatOnDebits");
        assertThat(VatRules.problems("s", seller(false, true))).isEmpty();
    }

    @Test
    void frenchRatesOnly() {
        for (String rate : List.of("20", "20.00", "10", "5.5", "5.50", "2.1")) {
            assertThat(VatRules.isFrenchRate(new BigDecimal(rate), false)).as(rate).isTrue();
        }
        assertThat(VatRules.isFrenchRate(BigDecimal.ZERO, true)).isTrue();
        assertThat(VatRules.isFrenchRate(BigDecimal.ZERO, false)).isFalse();
        assertThat(VatRules.isFrenchRate(new BigDecimal("19.6"), true)).isFalse();
        assertThat(VatRules.isFrenchRate(new BigDecimal("7"), true)).isFalse();
    }

    @Test
    void everyExemptCategoryCarriesItsVatexCodeAndReason() {
        assertThat(VatRegime.exemptionCode("AE")).isEqualTo("VATEX-EU-AE");
        assertThat(VatRegime.exemptionCode("G")).isEqualTo("VATEX-EU-G");
        assertThat(VatRegime.exemptionCode("E")).isEqualTo("VATEX-FR-FRANCHISE");
        assertThat(VatRegime.exemptionCode("S")).isNull();
        assertThat(VatRegime.exemptionCode("Z")).isNull();
        assertThat(VatRegime.exemptionReason("E", "fr")).isEqualTo("TVA non applicable, art. 293 B du CGI");
        assertThat(VatRegime.exemptionReason("AE", "en")).contains("Reverse charge", "283-2", "196");
    }
}
