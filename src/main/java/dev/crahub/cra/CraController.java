package dev.crahub.cra;

import java.security.Principal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRuns;
import dev.crahub.system.Months;
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

/** Month-end CRA building, listing, documents and (for now, internal) approval. */
@RestController
class CraController {

    private final CraRoutes routes;
    private final CraStore store;
    private final Clock clock;
    private final MonthRuns runs;
    private final CraDocumentStore documents;

    CraController(CraRoutes routes, CraStore store, Clock clock, MonthRuns runs, CraDocumentStore documents) {
        this.routes = routes;
        this.store = store;
        this.clock = clock;
        this.runs = runs;
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
    List<CraSummary> list(@RequestParam(required = false) String month) {
        return store.list(month == null ? null : Months.parse(month));
    }

    @GetMapping("/api/cras/{id}")
    CraSummary get(@PathVariable long id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * The decided rendering (approval block filled) once there is one, else the version sent; {@code seen=true}: the
     * exact PDF the approver saw (its SHA-256 is the decision's {@code pdfSha256}).
     */
    @GetMapping("/api/cras/{id}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long id, @RequestParam(defaultValue = "false") boolean seen) {
        CraSummary cra = get(id);
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

    @PostMapping("/api/cras/{id}/approve")
    CraSummary approve(@PathVariable long id, Principal principal) {
        CraSummary cra = get(id);
        if (!store.approve(id, principal.getName(), OffsetDateTime.now(clock))) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "CRA " + id + " is " + cra.status() + ": only a DRAFT or SENT CRA can be approved");
        }
        return get(id);
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No CRA " + id);
    }

    /** What {@code POST /api/months/{month}/cras} answers. */
    record MonthCras(String month, List<CraSummary> cras) {
    }
}
