package dev.crahub.cra;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security of the client's validation page, a chain of its own ahead of the console's: no login (the signed link is
 * the credential), no session, and Spring Security's CSRF protection on the decision form with the token kept in a
 * cookie of its own ({@code crahub-validation-csrf}: HttpOnly, SameSite=Strict, path {@code /validation}) and
 * repeated in a hidden field of the form. Another site can neither read the cookie nor have the browser send it, so a
 * forged POST is refused (403, a page in the client's language, nothing recorded). A form body over
 * {@link ValidationForm#MAX_BODY_BYTES} is refused (413) before it is read.
 */
@Configuration(proxyBeanMethods = false)
class ValidationSecurity {

    static final String CSRF_COOKIE = "crahub-validation-csrf";

    @Bean
    @Order(0)
    SecurityFilterChain validationChain(HttpSecurity http, ValidationPages pages, ValidationTokens tokens, Clock clock)
            throws Exception {
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName(CSRF_COOKIE);
        csrfTokens.setCookiePath("/validation");
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict").httpOnly(true));
        http.securityMatcher("/validation/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, denied) ->
                        pages.write(new ValidationPage(ValidationPage.State.FORBIDDEN, language(request, tokens, clock))
                                        .token(validToken(request, tokens, clock)),
                                HttpServletResponse.SC_FORBIDDEN, response)))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .addFilterBefore(new BodyLimit(pages, tokens, clock), CsrfFilter.class);
        return http.build();
    }

    /** The token of the request's path, when it is one the hub signed (the refusal page may then link back to it). */
    static String validToken(HttpServletRequest request, ValidationTokens tokens, Clock clock) {
        String token = token(request);
        return token != null && tokens.verify(token).isPresent() ? token : null;
    }

    /** The client's language when the path holds a known link, else the browser's. */
    static String language(HttpServletRequest request, ValidationTokens tokens, Clock clock) {
        String token = token(request);
        if (token != null) {
            ValidationTokens.Check check = tokens.check(token, OffsetDateTime.now(clock));
            if (check.row() != null) {
                return check.row().language();
            }
        }
        return ValidationPages.language(request);
    }

    private static String token(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/validation/")) {
            return null;
        }
        String rest = path.substring("/validation/".length());
        int slash = rest.indexOf('/');
        String token = slash < 0 ? rest : rest.substring(0, slash);
        return token.isEmpty() || token.length() > 200 ? null : token;
    }

    /** Refuses a form body larger than the page ever sends, before anything reads it. */
    private static final class BodyLimit extends OncePerRequestFilter {

        private final ValidationPages pages;
        private final ValidationTokens tokens;
        private final Clock clock;

        BodyLimit(ValidationPages pages, ValidationTokens tokens, Clock clock) {
            this.pages = pages;
            this.tokens = tokens;
            this.clock = clock;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getContentLengthLong() > ValidationForm.MAX_BODY_BYTES) {
                response.setHeader("Connection", "close");
                pages.write(new ValidationPage(ValidationPage.State.BAD_REQUEST, language(request, tokens, clock))
                                .token(validToken(request, tokens, clock)).message("too-large", null),
                        HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, response);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
