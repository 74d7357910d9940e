package dev.crahub.cra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;

import dev.crahub.document.DocumentException;
import dev.crahub.document.XslTransformer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Writes every answer of {@code /validation/**}: the page rendered by {@code xsl/cra-html.xsl} from a
 * {@link ValidationPage}, with the headers a page whose address is a secret needs: never cached
 * ({@code Cache-Control: no-store}), never sent as a referrer, never framed, never indexed, and a content security
 * policy that allows no script and only the page's own inline style (by nonce). When the stylesheet cannot render
 * (an integrator's broken edit), the approver gets a short fixed page in both languages (503) and the log says why.
 */
@Component
public class ValidationPages {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationPages.class);
    static final String STYLESHEET = "cra-html.xsl";
    /**
     * One generator per thread: the JVM's default ({@code NativePRNG}) reads under one lock for all threads, where
     * answers under load queued (JFR, ADR 0033). DRBG, seeded from the system's entropy once per thread.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(ValidationPages::drbg);

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private final XslTransformer xslt;
    private final ZoneId zone;
    private final RenderedPages rendered;

    public ValidationPages(XslTransformer xslt, @Value("${crahub.zone:Europe/Paris}") String zone,
                           @Value("${crahub.cra.validation.page-cache:16MB}") DataSize cache) {
        this.xslt = xslt;
        this.zone = ZoneId.of(zone);
        this.rendered = new RenderedPages(cache.toBytes());
    }

    /** Renders the page with its status. */
    public void write(ValidationPage page, int status, HttpServletResponse response) throws IOException {
        String nonce = nonce();
        page.zone(zone);
        byte[] html;
        try {
            html = render(page, nonce);
        } catch (DocumentException | IllegalArgumentException | IllegalStateException e) {
            LOG.error("The validation page ({}) cannot be rendered: {}", page.state(), e.getMessage(), e);
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            html = fallback().getBytes(StandardCharsets.UTF_8);
        }
        secure(response, nonce);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(html.length);
        response.getOutputStream().write(html);
    }

    /**
     * The page, from the rendered pages kept (ADR 0033) when one was rendered from the same input: the stylesheet runs
     * once per link and state (and again after an edit of the stylesheets), each answer gets its own nonce and CSRF
     * token filled in.
     */
    private byte[] render(ValidationPage page, String nonce) {
        String csrf = page.csrfToken();
        boolean plain = plain(nonce) && (csrf == null || plain(csrf)); // shown as is: no escaping to mimic
        byte[] key = rendered.enabled() && plain ? page.cacheKey(xslt.version()) : null;
        if (key == null) {
            return xslt.transform(STYLESHEET, page.nonce(nonce).toXml());
        }
        RenderedPages.Template template = rendered.get(key);
        if (template == null) {
            page.nonce(RenderedPages.NONCE);
            if (csrf != null) {
                page.csrf(page.csrfParameter(), RenderedPages.CSRF);
            }
            template = RenderedPages.Template.of(xslt.transform(STYLESHEET, page.toXml()), csrf != null);
            if (csrf != null) {
                page.csrf(page.csrfParameter(), csrf);
            }
            if (template == null) {
                // the stylesheet does not show the nonce (or the CSRF token) as given: rendered for this answer only
                LOG.debug("The validation page ({}) is rendered on every request: its nonce or CSRF field was not found", page.state());
                return xslt.transform(STYLESHEET, page.nonce(nonce).toXml());
            }
            rendered.put(key, template);
        }
        page.nonce(nonce);
        return template.fill(nonce, csrf);
    }

    private static boolean plain(String secret) {
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '+' || c == '/' || c == '=')) {
                return false;
            }
        }
        return true;
    }

    /** The headers of every validation answer (the page, the PDF, refusals). */
    public static void secure(HttpServletResponse response, String styleNonce) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Robots-Tag", "noindex, nofollow");
        response.setHeader("Content-Security-Policy", "default-src 'none'; "
                + (styleNonce == null ? "" : "style-src 'nonce-" + styleNonce + "'; ")
                + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }

    /** The client's language when the link names no CRA: the browser's first of fr/en, else French. */
    public static String language(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return "fr";
        }
        Enumeration<Locale> locales = request.getLocales();
        while (locales.hasMoreElements()) {
            String language = locales.nextElement().getLanguage();
            if (language.equals("fr") || language.equals("en")) {
                return language;
            }
        }
        return "fr";
    }

    private static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.get().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String fallback() {
        return """
                <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="robots" content="noindex">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>crahub</title></head>
                <body><p>Page momentanément indisponible : rien n'a été enregistré. Réessayez dans quelques minutes.</p>
                <p lang="en">Page temporarily unavailable: nothing was recorded. Try again in a few minutes.</p></body></html>
                """;
    }
}
