package dev.crahub.cra;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validation pages rendered, kept by the SHA-256 of everything they were rendered from (ADR 0033), least recently
 * used first out past a size in bytes. A page is kept with two markers where each answer's own secrets go: the style
 * nonce and the CSRF token. The markers are random for each start of the hub and never leave it (always replaced), so
 * that no content (a session comment) can hold one. Thread-safe.
 */
final class RenderedPages {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String NONCE = marker("n");
    static final String CSRF = marker("c");
    private static final byte[] NONCE_BYTES = NONCE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CSRF_BYTES = CSRF.getBytes(StandardCharsets.US_ASCII);

    private final long maxBytes;
    private final Map<ByteBuffer, Template> pages = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    RenderedPages(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    synchronized Template get(byte[] key) {
        return pages.get(ByteBuffer.wrap(key));
    }

    synchronized void put(byte[] key, Template template) {
        if (template.size() > maxBytes) {
            return;
        }
        Template old = pages.put(ByteBuffer.wrap(key), template);
        bytes += template.size() - (old == null ? 0 : old.size());
        for (Iterator<Template> it = pages.values().iterator(); bytes > maxBytes && it.hasNext(); ) {
            bytes -= it.next().size();
            it.remove();
        }
    }

    synchronized int count() {
        return pages.size();
    }

    private static String marker(String kind) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "crahub" + kind + HexFormat.of().formatHex(random);
    }

    /** A rendered page cut at its markers: parts of HTML and, between them, which secret goes there. */
    record Template(List<byte[]> parts, List<Boolean> nonceSlots, int size) {

        /**
         * The page cut at its markers; {@code null} when the nonce is not there, or the CSRF token is not when the page
         * has a form (a restyled page that shows them otherwise: then it is not kept).
         */
        static Template of(byte[] html, boolean csrf) {
            List<byte[]> parts = new ArrayList<>();
            List<Boolean> slots = new ArrayList<>();
            int from = 0;
            int nonces = 0;
            int csrfs = 0;
            for (int i = 0; i < html.length; ) {
                boolean nonce = startsWith(html, i, NONCE_BYTES);
                if (nonce || startsWith(html, i, CSRF_BYTES)) {
                    parts.add(java.util.Arrays.copyOfRange(html, from, i));
                    slots.add(nonce);
                    if (nonce) {
                        nonces++;
                    } else {
                        csrfs++;
                    }
                    i += NONCE_BYTES.length; // both markers have the same length
                    from = i;
                } else {
                    i++;
                }
            }
            parts.add(java.util.Arrays.copyOfRange(html, from, html.length));
            if (nonces == 0 || (csrf ? csrfs == 0 : csrfs > 0)) {
                return null;
            }
            return new Template(List.copyOf(parts), List.copyOf(slots), html.length);
        }

        byte[] fill(String nonce, String csrf) {
            byte[] n = nonce.getBytes(StandardCharsets.US_ASCII);
            byte[] c = csrf == null ? new byte[0] : csrf.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream(size + 256);
            for (int i = 0; i < parts.size(); i++) {
                out.writeBytes(parts.get(i));
                if (i < nonceSlots.size()) {
                    out.writeBytes(nonceSlots.get(i) ? n : c);
                }
            }
            return out.toByteArray();
        }

        private static boolean startsWith(byte[] html, int at, byte[] marker) {
            if (at + marker.length > html.length || html[at] != marker[0]) {
                return false;
            }
            for (int k = 1; k < marker.length; k++) {
                if (html[at + k] != marker[k]) {
                    return false;
                }
            }
            return true;
        }
    }
}
