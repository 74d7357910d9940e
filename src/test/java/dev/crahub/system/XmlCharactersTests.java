package dev.crahub.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XmlCharactersTests {

    @Test
    void importsRefuseC0ExceptTabLfCrAndDelC1LoneSurrogatesAndNonCharacters() {
        assertThat(XmlCharacters.firstRefused("Atelier\t\r\n été 日本 😀")).isEqualTo(-1);
        for (char c : new char[] {0, 1, 0x0B, 0x0C, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF}) {
            assertThat(XmlCharacters.firstRefused("ab" + c + "c")).as("U+%04X", (int) c).isEqualTo(2);
        }
        assertThat(XmlCharacters.firstRefused("a\uD83D")).as("a high surrogate at the end").isEqualTo(1);
    }

    @Test
    void writersRefuseOnlyWhatXml10CannotCarry() {
        assertThat(XmlCharacters.firstUnwritable("a\u0085\u007Fb")).isEqualTo(-1);
        assertThat(XmlCharacters.firstUnwritable("a\u0001")).isEqualTo(1);
        assertThat(XmlCharacters.firstUnwritable("a\uDC00")).isEqualTo(1);
    }

    @Test
    void theMessageNamesTheCharacterAndWhereItIs() {
        assertThat(XmlCharacters.describe("Atelier\u0001", 7)).isEqualTo("control character U+0001 is not allowed (character 8)");
        assertThat(XmlCharacters.describe("x\uD800", 1)).isEqualTo("unpaired surrogate U+D800 is not allowed (character 2)");
        assertThat(XmlCharacters.describe("\uFFFF", 0)).isEqualTo("non-character U+FFFF is not allowed (character 1)");
    }
}
