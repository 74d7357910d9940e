package dev.crahub.system;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The report-name rule of ADR 0011: the plain name when it fits, else cut, sanitised and linked by a hash. */
class InboxFileNamesTests {

    @Test
    void aNameThatFitsKeepsItsReportName() {
        assertThat(InboxFileNames.reportName("toggl-bad.csv")).isEqualTo("toggl-bad.csv.error.txt");
        assertThat(InboxFileNames.reportName("été 2026.csv")).isEqualTo("été 2026.csv.error.txt");
    }

    @Test
    void aLongNameIsCutToFitWithAHashOfTheFullName() {
        String a = "a".repeat(250) + ".csv";
        String b = "a".repeat(250) + ".CSV";
        String report = InboxFileNames.reportName(a);
        assertThat(report.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        assertThat(report).matches("a+~[0-9a-f]{8}\\.error\\.txt");
        assertThat(InboxFileNames.reportName(b)).isNotEqualTo(report);
    }

    @Test
    void multiByteCharactersAreNeverCutInTheMiddle() {
        String name = "é".repeat(126) + ".csv"; // 256 bytes: longer than the limit already
        String report = InboxFileNames.reportName(name);
        assertThat(report.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(new String(report.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(report);
        assertThat(report).doesNotContain("\uFFFD").startsWith("éé");
    }

    @Test
    void controlCharactersAreReplacedInTheReportNameAndEscapedWhenShown() {
        assertThat(InboxFileNames.reportName("a\nb\r\u0001.csv")).matches("a_b__\\.csv~[0-9a-f]{8}\\.error\\.txt");
        assertThat(InboxFileNames.shown("a\nb\r\u0001.csv")).isEqualTo("a\\nb\\r\\u0001.csv");
        assertThat(InboxFileNames.reportName("a\nb.csv")).isNotEqualTo(InboxFileNames.reportName("a\rb.csv"));
    }
}
