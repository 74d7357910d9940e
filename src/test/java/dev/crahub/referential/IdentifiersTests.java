package dev.crahub.referential;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifiersTests {

    @Test
    void sirenNeedsNineDigitsAndAValidLuhnKey() {
        assertThat(Identifiers.isSiren("123456782")).isTrue();
        assertThat(Identifiers.isSiren("123456789")).isFalse();
        assertThat(Identifiers.isSiren("12345678")).isFalse();
        assertThat(Identifiers.isSiren("12345678A")).isFalse();
        assertThat(Identifiers.isSiren(null)).isFalse();
    }

    @Test
    void frenchVatNumberKeyMatchesTheSiren() {
        assertThat(Identifiers.frenchVatNumber("123456782")).isEqualTo("FR11123456782");
        assertThat(Identifiers.isVatNumber("FR11123456782")).isTrue();
        assertThat(Identifiers.isVatNumber("FR12123456782")).isFalse();
        assertThat(Identifiers.isVatNumber("DE123456789")).isTrue();
        assertThat(Identifiers.isVatNumber("fr11123456782")).isFalse();
    }

    @Test
    void ibanChecksumIsVerified() {
        assertThat(Identifiers.isIban("FR7630006000011234567890189")).isTrue();
        assertThat(Identifiers.isIban("FR7630006000011234567890188")).isFalse();
        assertThat(Identifiers.isIban("FR76 3000 6000 0112 3456 7890 189")).isFalse();
    }

    @Test
    void bicAndEmail() {
        assertThat(Identifiers.isBic("AGRIFRPP")).isTrue();
        assertThat(Identifiers.isBic("AGRIFRPPXXX")).isTrue();
        assertThat(Identifiers.isBic("AGRI")).isFalse();
        assertThat(Identifiers.isEmail("a.b@c.example")).isTrue();
        assertThat(Identifiers.isEmail("a.b@c")).isFalse();
    }
}
