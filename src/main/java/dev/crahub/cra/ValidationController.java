package dev.crahub.cra;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The client's validation page, {@code /validation/<token>}: no login, the signed link is the credential. A valid
 * link shows the CRA version it names and the decision form; every other link gets a page in the client's language
 * saying why it cannot be used, with a 4xx status, and decides nothing (expired, superseded, withdrawn: 410; decided:
 * 409 with the outcome; tampered or unknown: 404). A decision is a POST of the form (CSRF-protected by
 * {@link ValidationSecurity}); once recorded the browser is sent back to the page (303), which shows the outcome and no
 * form. Opening a valid link is an audit event; a GET never decides anything, so a mail scanner following the link
 * changes nothing.
 */
@Controller
class ValidationController {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationController.class);

    private final ValidationTokens tokens;
    private final CraValidation validation;
    private final CraDecisions decisions;
    private final CraStore store;
    private final ValidationPages pages;
    private final Clock clock;

    ValidationController(ValidationTokens tokens, CraValidation validation, CraDecisions decisions, CraStore store,
                         ValidationPages pages, Clock clock) {
        this.tokens = tokens;
        this.validation = validation;
        this.decisions = decisions;
        this.store = store;
        this.pages = pages;
        this.clock = clock;
    }

    @GetMapping("/validation/{token}")
    void page(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) throws IOException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        ValidationTokens.Check check = tokens.check(token, now);
        if (check.valid()) {
            validation.opened(check.row(), request.getRemoteAddr(), request.getHeader("User-Agent"), now);
            pages.write(open(token, check.row(), request), HttpServletResponse.SC_OK, response);
            return;
        }
        refuse(token, check, request, response);
    }

    @PostMapping("/validation/{token}")
    void decide(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) throws IOException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        ValidationTokens.Check check = tokens.check(token, now);
        if (!check.valid()) {
            // a decided link (this approver's own included) decides nothing more: 409
            refuse(token, check, request, response, true);
            return;
        }
        ValidationTokens.Row link = check.row();
        YearMonth month = YearMonth.parse(store.find(link.craId()).orElseThrow().month());
        ValidationForm.Result form = ValidationForm.read(request.getParameterMap(), month);
        if (form.problem() != null) {
            ValidationPage page = new ValidationPage(ValidationPage.State.BAD_REQUEST, link.language())
                    .token(token).message(form.problem().code(), form.problem().argument())
                    .contact(contact(link.craId()));
            pages.write(page, HttpServletResponse.SC_BAD_REQUEST, response);
            return;
        }
        ValidationForm.Submission submission = form.submission();
        String rule = submission.brokenRule();
        if (rule != null) {
            pages.write(open(token, link, request).message(rule, null).input(submission.input()),
                    HttpStatus.UNPROCESSABLE_ENTITY.value(), response);
            return;
        }
        Optional<CraDecisions.Recorded> recorded = validation.decide(link, submission, request.getRemoteAddr(),
                request.getHeader("User-Agent"), now);
        if (recorded.isEmpty()) {
            // someone decided first, or the version was superseded or the link withdrawn meanwhile
            refuse(token, tokens.check(token, now), request, response, true);
            return;
        }
        LOG.info("CRA {} {} through the validation link of {}", link.craId(), recorded.get().outcome(), link.approverEmail());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        ValidationPages.secure(response, null);
        response.setHeader("Location", "/validation/" + token);
    }

    @GetMapping("/validation/{token}/pdf")
    void pdf(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) throws IOException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        ValidationTokens.Check check = tokens.check(token, now);
        boolean own = check.verdict() == ValidationTokens.Verdict.DECIDED && check.row().usedAt() != null;
        if (!check.valid() && !own) {
            refuse(token, check, request, response);
            return;
        }
        CraValidation.Document pdf = validation.pdf(check.row().craId()).orElseThrow();
        String name = "CRA-%s-%s-v%d.pdf".formatted(safe(pdf.contract()), safe(pdf.month()), pdf.version());
        ValidationPages.secure(response, null);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/pdf");
        response.setHeader("Content-Disposition", ContentDisposition.attachment().filename(name).build().toString());
        response.setContentLength(pdf.pdf().length);
        response.getOutputStream().write(pdf.pdf());
    }

    /** Anything else under /validation/: the unknown-link page. */
    @RequestMapping("/validation/**")
    void unknown(HttpServletRequest request, HttpServletResponse response) throws IOException {
        pages.write(new ValidationPage(ValidationPage.State.NOT_FOUND, ValidationPages.language(request)),
                HttpServletResponse.SC_NOT_FOUND, response);
    }

    @ExceptionHandler(Exception.class)
    void failure(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.error("Validation page {} {} failed: {}", request.getMethod(), request.getRequestURI().replaceAll("/validation/[^/]+", "/validation/…"),
                e.toString(), e);
        if (!response.isCommitted()) {
            response.reset();
            pages.write(new ValidationPage(ValidationPage.State.UNAVAILABLE, ValidationPages.language(request)),
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE, response);
        }
    }

    private ValidationPage open(String token, ValidationTokens.Row link, HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        CraValidation.PageFacts facts = validation.pageFacts(link.craId()).orElseThrow();
        return new ValidationPage(ValidationPage.State.OPEN, link.language())
                .token(token)
                .deadline(facts.deadline())
                .approver(link.approverName(), link.approverEmail())
                .contact(new ValidationPage.Contact(facts.contact().name(), facts.contact().email()))
                .csrf(csrf == null ? null : csrf.getParameterName(), csrf == null ? null : csrf.getToken())
                .cra(facts.xmlSha256(), () -> store.xml(link.craId()).orElseThrow());
    }

    private void refuse(String token, ValidationTokens.Check check, HttpServletRequest request,
                        HttpServletResponse response) throws IOException {
        refuse(token, check, request, response, false);
    }

    private void refuse(String token, ValidationTokens.Check check, HttpServletRequest request,
                        HttpServletResponse response, boolean deciding) throws IOException {
        ValidationTokens.Row link = check.row();
        ValidationPage.State state;
        int status;
        switch (check.verdict()) {
            case DECIDED -> {
                boolean own = link.usedAt() != null;
                state = own && !deciding ? ValidationPage.State.DONE : ValidationPage.State.DECIDED;
                status = state == ValidationPage.State.DONE ? HttpServletResponse.SC_OK : HttpServletResponse.SC_CONFLICT;
            }
            case EXPIRED -> {
                state = ValidationPage.State.EXPIRED;
                status = HttpServletResponse.SC_GONE;
            }
            case SUPERSEDED -> {
                state = ValidationPage.State.SUPERSEDED;
                status = HttpServletResponse.SC_GONE;
            }
            case REVOKED -> {
                state = ValidationPage.State.REVOKED;
                status = HttpServletResponse.SC_GONE;
            }
            case VALID -> {
                // valid when checked again after a decision that found nothing to decide: treat as decided
                state = ValidationPage.State.DECIDED;
                status = HttpServletResponse.SC_CONFLICT;
            }
            default -> {
                pages.write(new ValidationPage(ValidationPage.State.NOT_FOUND, ValidationPages.language(request)),
                        HttpServletResponse.SC_NOT_FOUND, response);
                return;
            }
        }
        CraValidation.PageFacts facts = validation.pageFacts(link.craId()).orElseThrow();
        ValidationPage page = new ValidationPage(state, link.language())
                .token(token)
                .approver(link.approverName(), link.approverEmail())
                .contact(new ValidationPage.Contact(facts.contact().name(), facts.contact().email()))
                .cra(facts.xmlSha256(), () -> store.xml(link.craId()).orElseThrow());
        if (check.verdict() == ValidationTokens.Verdict.DECIDED || check.verdict() == ValidationTokens.Verdict.VALID) {
            decisions.find(link.craId()).ifPresent(page::decision);
        }
        pages.write(page, status, response);
    }

    private ValidationPage.Contact contact(long craId) {
        CraValidation.Person p = validation.contact(craId);
        return new ValidationPage.Contact(p.name(), p.email());
    }

    /** A file name part made of letters, digits, dot, dash and underscore only. */
    static String safe(String value) {
        String s = value == null ? "" : value.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 80 ? s.substring(0, 80) : s;
    }
}
