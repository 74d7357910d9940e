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
    private static final SecureRandom RANDOM = new SecureRandom();

    private final XslTransformer xslt;
    private final ZoneId zone;

    public ValidationPages(XslTransformer xslt, @Value("${crahub.zone:Europe/Paris}") String zone) {
        this.xslt = xslt;
        this.zone = ZoneId.of(zone);
    }

    /** Renders the page with its status. */
    public void write(ValidationPage page, int status, HttpServletResponse response) throws IOException {
        String nonce = nonce();
        page.nonce(nonce).zone(zone);
        byte[] html;
        try {
            html = xslt.transform(STYLESHEET, page.toXml());
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
        RANDOM.nextBytes(bytes);
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
