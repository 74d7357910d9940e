package dev.crahub.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A dry run's file names come from invoice numbers: never a path, never a hidden file. */
class DryRunMailsTests {

    @Test
    void anInvoiceNumberBecomesAPlainFileName() {
        assertThat(DryRunMails.fileName("DRUN-2026-000005")).isEqualTo("DRUN-2026-000005");
        assertThat(DryRunMails.fileName("A/B 2026.01")).isEqualTo("A_B_2026.01");
        assertThat(DryRunMails.fileName("../../etc/passwd")).isEqualTo("_._.._etc_passwd");
        assertThat(DryRunMails.fileName(".hidden")).isEqualTo("_hidden");
        assertThat(DryRunMails.fileName("F\u00e9v\r\nX")).isEqualTo("F_v__X");
    }
}
