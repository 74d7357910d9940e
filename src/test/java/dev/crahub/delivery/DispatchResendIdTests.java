package dev.crahub.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** After a bounce the dispatch's next mail is a new transmission: a Message-ID of its own, stable for that round. */
class DispatchResendIdTests {

    @Test
    void aBouncedDispatchGetsANewMessageIdOnTheSameDomain() {
        assertThat(DispatchStore.resentId("<invoice.RMAC-2026-000002@rm-acme.example>", 2))
                .isEqualTo("<invoice.RMAC-2026-000002.r2@rm-acme.example>");
        // a second bounce replaces the round, it does not pile suffixes up
        assertThat(DispatchStore.resentId("<invoice.RMAC-2026-000002.r2@rm-acme.example>", 4))
                .isEqualTo("<invoice.RMAC-2026-000002.r4@rm-acme.example>");
    }
}
