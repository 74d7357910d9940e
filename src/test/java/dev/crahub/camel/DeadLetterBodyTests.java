package dev.crahub.camel;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies of any type are kept, and given back in their type: a Long id past 127 broke the old conversion. */
class DeadLetterBodyTests {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    private DeadLetterBody stored(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(body);
        return DeadLetterBody.of(exchange);
    }

    @Test
    void idsOfAnySizeComeBackAsLongs() {
        for (long id : new long[] {1, 127, 128, 203, 40_000, Long.MAX_VALUE}) {
            DeadLetterBody body = stored(id);
            assertThat(body.type()).isEqualTo("java.lang.Long");
            assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo(Long.toString(id));
            assertThat(DeadLetterBody.restore(body.bytes(), body.type())).isEqualTo(id);
        }
    }

    @Test
    void textNumbersAndBytesKeepTheirType() {
        assertThat(restored(stored("globex-platform"))).isEqualTo("globex-platform");
        assertThat(restored(stored(42))).isEqualTo(42);
        assertThat(restored(stored(new BigDecimal("12.50")))).isEqualTo(new BigDecimal("12.50"));
        assertThat(restored(stored(new StringBuilder("built")))).isEqualTo("built");
        assertThat((byte[]) restored(stored(new byte[] {(byte) 0xff, 0, 1}))).containsExactly(0xff, 0, 1);
        assertThat(stored(null).bytes()).isNull();
    }

    @Test
    void anyOtherBodyIsKeptAsText() {
        record Odd(String name) { }
        DeadLetterBody body = stored(new Odd("x"));
        assertThat(body.type()).isEqualTo("java.lang.String");
        assertThat(restored(body)).isEqualTo("Odd[name=x]");
    }

    @Test
    void anUnknownStoredTypeIsReplayedAsText() {
        // rows written before the type was kept have none: their body was text
        assertThat(DeadLetterBody.restore("203".getBytes(StandardCharsets.UTF_8), null)).isEqualTo("203");
        assertThat(DeadLetterBody.restore("x".getBytes(StandardCharsets.UTF_8), "java.lang.ProcessBuilder")).isEqualTo("x");
        assertThat(DeadLetterBody.display(new byte[] {(byte) 0xff}, "byte[]")).isEqualTo("(1 bytes of binary content)");
    }

    private static Object restored(DeadLetterBody body) {
        return DeadLetterBody.restore(body.bytes(), body.type());
    }
}
