package dev.crahub.system;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Server-Timing: app;dur=12.3}: the milliseconds the hub spent on a request, from the first filter (before
 * authentication, so bcrypt counts) to the first byte of its answer (headers cannot follow the body). One number, no
 * step named (no database or authentication timing), so it tells a caller nothing it could not measure at its end
 * minus the network; it is left out of refusals of a credential (401, 403, 429, 503) so that a guesser gets no finer
 * clock than the network gives. See ADR 0033.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ServerTiming extends OncePerRequestFilter {

    public static final String HEADER = "Server-Timing";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Stamped stamped = new Stamped(response, System.nanoTime());
        chain.doFilter(request, stamped);
        stamped.stamp();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return true;
    }

    /** Adds the header once, just before the answer is committed. */
    static final class Stamped extends HttpServletResponseWrapper {

        private final long start;
        private boolean stamped;
        private ServletOutputStream out;
        private PrintWriter writer;

        Stamped(HttpServletResponse response, long start) {
            super(response);
            this.start = start;
        }

        void stamp() {
            if (stamped) {
                return;
            }
            stamped = true;
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (response.isCommitted() || refusal(response.getStatus())) {
                return;
            }
            double ms = (System.nanoTime() - start) / 1e6;
            response.setHeader(HEADER, "app;dur=" + String.format(Locale.ROOT, "%.1f", ms));
        }

        static boolean refusal(int status) {
            return status == 401 || status == 403 || status == 429 || status == 503;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new StampingStream(super.getOutputStream(), this);
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                stamp(); // a writer buffers: stamped now, as its first flush may come from anywhere
                writer = super.getWriter();
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            stamp();
            super.flushBuffer();
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            stamp();
            super.sendRedirect(location);
        }
    }

    private static final class StampingStream extends ServletOutputStream {

        private final ServletOutputStream delegate;
        private final Stamped response;

        StampingStream(ServletOutputStream delegate, Stamped response) {
            this.delegate = delegate;
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            response.stamp();
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            response.stamp();
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            response.stamp();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            response.stamp();
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
