package dev.crahub.system;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Server-Timing: app;dur=…} before the body's first byte; never on a refused credential. */
class ServerTimingTests {

    private static MockHttpServletResponse run(int status, boolean body, boolean writer) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new ServerTiming().doFilter(new MockHttpServletRequest("GET", "/api/cras/1"), response,
                new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
                    @Override
                    protected void service(jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res)
                            throws java.io.IOException {
                        res.setStatus(status);
                        if (body && writer) {
                            res.getWriter().write("{}");
                        } else if (body) {
                            res.getOutputStream().write("%PDF".getBytes(StandardCharsets.US_ASCII));
                            res.flushBuffer();
                        }
                    }
                }));
        return response;
    }

    @Test
    void everyAnswerButARefusedCredentialSaysTheServersTime() throws Exception {
        for (MockHttpServletResponse ok : new MockHttpServletResponse[] {run(200, true, false), run(200, true, true),
                run(204, false, false), run(404, true, true), run(410, true, false)}) {
            assertThat(ok.getHeader(ServerTiming.HEADER)).matches("app;dur=\\d+\\.\\d");
        }
        for (int refused : new int[] {401, 403, 429, 503}) {
            assertThat(run(refused, true, true).getHeader(ServerTiming.HEADER)).as("status " + refused).isNull();
        }
    }
}
