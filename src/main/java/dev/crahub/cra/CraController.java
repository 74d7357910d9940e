package dev.crahub.cra;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRuns;
import dev.crahub.system.Months;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Month-end CRA building, listing, documents, sending, recorded approvals and the audit trail. */
@RestController
class CraController {

    /** The most a recorded approval's body may hold; its reason at most {@link #MAX_REASON} characters. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_REASON = 2000;
    /** How much of an oversized body is read and thrown away before answering 413 (then the connection is closed). */
    static final long MAX_DRAINED_BYTES = 32L * 1024 * 1024;

    private final CraRoutes routes;
    private final CraStore store;
    private final CraWorkflow workflow;
    private final CraDecisions decisions;
    private final Clock clock;
    private final MonthRuns runs;
    private final ObjectMapper json;
    private final CraDocumentStore documents;

    CraController(CraRoutes routes, CraStore store, CraWorkflow workflow, CraDecisions decisions, Clock clock,
                  MonthRuns runs, ObjectMapper json, CraDocumentStore documents) {
        this.routes = routes;
        this.store = store;
        this.workflow = workflow;
        this.decisions = decisions;
        this.clock = clock;
        this.runs = runs;
        this.json = json;
        this.documents = documents;
    }

    /** One build of a month at a time (a second call answers 409, saying who builds and since when). */
    @PostMapping("/api/months/{month}/cras")
    MonthCras build(@PathVariable String month, Principal principal) {
        YearMonth m = Months.parse(month);
        try (MonthRuns.Run run = runs.start(MonthOperation.CRAS, m, principal == null ? null : principal.getName())) {
            return new MonthCras(m.toString(), routes.build(m.toString()));
        }
    }

    @GetMapping("/api/cras")
    List<CraSummary> list(@RequestParam(required = false) String month, @RequestParam(required = false) String status) {
        CraStatus wanted = null;
        if (status != null) {
            try {
                wanted = CraStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status '" + shorten(status)
                        + "' is not one of " + java.util.Arrays.toString(CraStatus.values()));
            }
        }
        return store.list(month == null ? null : Months.parse(month), wanted);
    }

    @GetMapping("/api/cras/{id}")
    CraDetail get(@PathVariable long id) {
        CraSummary cra = summary(id);
        CraStore.Workflow w = store.workflow(id).orElseThrow(() -> notFound(id));
        boolean overdue = cra.status() == CraStatus.SENT && cra.validationDeadline() != null
                && LocalDate.now(clock).isAfter(cra.validationDeadline());
        return new CraDetail(cra, w.sentAt(), w.escalatedAt(), overdue, decisions.find(id).orElse(null));
    }

    @GetMapping("/api/cras/{id}/history")
    List<CraStore.Event> history(@PathVariable long id) {
        summary(id);
        return store.history(id);
    }

    /**
     * The decided rendering (approval block filled) once there is one, else the version sent; {@code seen=true}: the
     * exact PDF the approver saw (its SHA-256 is the decision's {@code pdfSha256}).
     */
    @GetMapping("/api/cras/{id}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id, @RequestParam(defaultValue = "false") boolean seen) {
        CraSummary cra = summary(id);
        var decided = seen ? java.util.Optional.<byte[]>empty() : documents.decidedPdf(id);
        byte[] pdf = decided.or(() -> store.pdf(id)).orElseThrow(() -> notFound(id));
        String name = "CRA-%s-%s-v%d%s.pdf".formatted(cra.contract(), cra.month(), cra.version(),
                decided.isPresent() ? "-decided" : "");
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + "\"")
                .body(pdf);
    }

    /** As {@link #pdf}: the decided XML once there is one; {@code seen=true}: the XML the approver saw. */
    @GetMapping(value = "/api/cras/{id}/xml", produces = MediaType.APPLICATION_XML_VALUE)
    String xml(@PathVariable long id, @RequestParam(defaultValue = "false") boolean seen) {
        return (seen ? java.util.Optional.<String>empty() : documents.decidedXml(id)).or(() -> store.xml(id))
                .orElseThrow(() -> notFound(id));
    }

    /** Sends a DRAFT CRA (held for review) to the client's approvers, or a SENT one again (new links). */
    @PostMapping("/api/cras/{id}/send")
    CraSummary send(@PathVariable long id, Principal principal) {
        summary(id);
        try {
            return workflow.send(id, principal.getName());
        } catch (CraConflictException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    /**
     * Records an approval received another way: {@code {"reason": "...", "approver": "<e-mail>"}}, the reason
     * required, the approver one of the client's (the first by default). Read bounded: a body over 16 KiB is 413.
     */
    @PostMapping("/api/cras/{id}/approve")
    CraDetail approve(@PathVariable long id, Principal principal, HttpServletRequest request) throws IOException {
        summary(id);
        ApproveRequest body = approveRequest(request);
        if (body.reason() == null || body.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a reason is required: how was the approval "
                    + "received? (body {\"reason\": \"...\", \"approver\": \"<e-mail of one of the client's approvers>\"})");
        }
        if (body.reason().length() > MAX_REASON) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the reason holds " + body.reason().length()
                    + " characters, more than " + MAX_REASON);
        }
        int bad = dev.crahub.system.XmlCharacters.firstRefused(body.reason());
        if (bad >= 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "reason: " + dev.crahub.system.XmlCharacters.describe(body.reason(), bad));
        }
        try {
            workflow.recordApproval(id, principal.getName(), body.reason().strip(), body.approver());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (CraConflictException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
        return get(id);
    }

    private ApproveRequest approveRequest(HttpServletRequest request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            // read at most one byte past the limit, whatever Content-Length says (a chunked body has none)
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                // discard (never keep) a bounded rest, so that the client reads the answer instead of a reset
                drain(in, MAX_DRAINED_BYTES);
                throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
                        "the body holds more than " + MAX_BODY_BYTES + " bytes; a reason is a sentence or two");
            }
        }
        if (bytes.length == 0) {
            return new ApproveRequest(null, null);
        }
        try {
            ApproveRequest body = json.readValue(bytes, ApproveRequest.class);
            return body == null ? new ApproveRequest(null, null) : body;
        } catch (JsonProcessingException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "the body is not {\"reason\": \"...\", \"approver\": \"...\"}: " + e.getOriginalMessage());
        }
    }

    private static void drain(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[8192];
        long read = 0;
        int n;
        while (read < max && (n = in.read(buffer)) > 0) {
            read += n;
        }
    }

    private CraSummary summary(long id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No CRA " + id);
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<org.springframework.http.ProblemDetail> missing(NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage()));
    }

    /** What {@code POST /api/months/{month}/cras} answers. */
    record MonthCras(String month, List<CraSummary> cras) {
    }

    /** The body of a recorded approval. */
    record ApproveRequest(String reason, String approver) {
    }

    /** A CRA with where it stands in its workflow: when sent, its deadline, whether overdue, its decision. */
    record CraDetail(@JsonUnwrapped CraSummary cra, OffsetDateTime sentAt, OffsetDateTime escalatedAt, boolean overdue,
                     CraDecisions.Recorded decision) {
    }
}
