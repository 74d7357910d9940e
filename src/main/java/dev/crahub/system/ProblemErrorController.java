package dev.crahub.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The servlet container's error page ({@code /error}) as a problem detail (RFC 9457) for every client that does not
 * ask for HTML: errors that never reached a controller (an exception out of a filter or a controller, a refusal by
 * the container) get a title and a detail in the user's terms, never a stack trace, an exception class or an
 * internal message of a server error. {@code GET /error} asked directly is a 404, not Spring's "status 999".
 * Browsers keep the HTML error page.
 */
public class ProblemErrorController extends BasicErrorController {

    /** Messages that look like Java internals (a package-qualified class name, an exception name). */
    private static final Pattern INTERNAL = Pattern.compile("\\b[a-z]\\w*\\.[a-z]\\w*\\.[A-Za-z]\\w*|Exception|\\bat \\w");

    public ProblemErrorController(ErrorAttributes errorAttributes, ErrorProperties properties,
                                  List<ErrorViewResolver> resolvers) {
        super(errorAttributes, properties, resolvers);
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail(request, status));
        problem.put("instance", path(request));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected HttpStatus getStatus(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
            return HttpStatus.NOT_FOUND; // /error asked for itself: there is nothing there
        }
        return super.getStatus(request);
    }

    @Override
    protected Map<String, Object> getErrorAttributes(HttpServletRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, options);
        HttpStatus status = getStatus(request);
        attributes.put("status", status.value());
        attributes.put("error", status.getReasonPhrase());
        attributes.put("path", path(request));
        attributes.put("message", detail(request, status));
        attributes.remove("exception");
        attributes.remove("trace");
        return attributes;
    }

    private static String path(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri == null ? request.getRequestURI() : uri.toString();
    }

    private static String detail(HttpServletRequest request, HttpStatus status) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String given = message == null ? "" : message.toString().strip();
        if (status.is4xxClientError() && !given.isEmpty() && given.length() <= 300 && !INTERNAL.matcher(given).find()) {
            return given;
        }
        String path = path(request);
        return switch (status) {
            case BAD_REQUEST -> "The request to " + path + " is not valid.";
            case UNAUTHORIZED -> "This needs a login: send the user and password (HTTP Basic), or log in at /login.";
            case FORBIDDEN -> "Your role does not allow this request to " + path + ".";
            case NOT_FOUND -> "There is nothing at " + path + ".";
            case METHOD_NOT_ALLOWED -> request.getMethod() + " is not allowed on " + path + ".";
            default -> status.is5xxServerError()
                    ? "The hub failed to handle this request; the cause is in its log."
                    : status.getReasonPhrase() + ".";
        };
    }
}
