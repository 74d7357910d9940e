package dev.crahub.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Security's refusals as RFC 9457 problem details ({@code application/problem+json}, a title and a detail in the
 * user's terms, no class names): 401 without valid credentials, 403 for a role or a missing CSRF token, 429 after
 * too many failed logins, 503 when password checks are saturated. A browser asking for HTML gets the usual pages
 * (login form, error page) instead.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final ObjectMapper json;
    private final RequestMatcher browser;

    ProblemResponses(ObjectMapper json) {
        this.json = json;
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        this.browser = html;
    }

    RequestMatcher browser() {
        return browser;
    }

    /** 401, or 429/503 when the login was deferred. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof LoginDeferredException deferred) {
            deferred(request, response, deferred);
            return;
        }
        write(request, response, HttpStatus.UNAUTHORIZED,
                "This needs a login: send the user and password (HTTP Basic), or log in at /login.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        String detail = e instanceof CsrfException
                ? "The request lacks a valid CSRF token: send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header."
                : "GET".equals(request.getMethod()) && request.getRequestURI().contains("/jolokia")
                ? "Jolokia answers POST requests only, with the console's CSRF token."
                : "Your role does not allow " + request.getMethod() + " " + request.getRequestURI() + ".";
        if (browser.matches(request)) {
            response.sendError(HttpStatus.FORBIDDEN.value(), detail);
            return;
        }
        write(request, response, HttpStatus.FORBIDDEN, detail);
    }

    /** The form login's failures: a browser is sent back to the form (which shows why); a script gets a problem. */
    AuthenticationFailureHandler formFailures() {
        SimpleUrlAuthenticationFailureHandler toForm = new SimpleUrlAuthenticationFailureHandler("/login?error");
        return (request, response, e) -> {
            if (browser.matches(request)) {
                toForm.onAuthenticationFailure(request, response, e);
            } else if (e instanceof LoginDeferredException deferred) {
                deferred(request, response, deferred);
            } else {
                write(request, response, HttpStatus.UNAUTHORIZED, "Wrong user or password.");
            }
        };
    }

    private void deferred(HttpServletRequest request, HttpServletResponse response, LoginDeferredException e)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        write(request, response, e.status(), e.getMessage());
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
