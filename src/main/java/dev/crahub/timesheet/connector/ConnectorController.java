package dev.crahub.timesheet.connector;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The connectors, how their pulls went, and a full resync on demand. */
@RestController
@RequestMapping("/api/connectors")
class ConnectorController {

    private final ConnectorPulls pulls;
    private final Clock clock;

    ConnectorController(ConnectorPulls pulls, Clock clock) {
        this.pulls = pulls;
        this.clock = clock;
    }

    @GetMapping
    List<ConnectorPulls.Status> connectors() {
        return pulls.statuses();
    }

    /** Re-reads {@code [from, to]} (default: to = today) and marks deleted what the tracker no longer has. */
    @PostMapping("/{name}/sync")
    ResponseEntity<?> sync(@PathVariable String name,
                           @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate until = to == null ? LocalDate.now(clock) : to;
        try {
            return ResponseEntity.ok(pulls.sync(name, from, until));
        } catch (NoSuchElementException e) {
            return problem(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (TrackerException | IllegalStateException e) {
            return problem(HttpStatus.BAD_GATEWAY, "Nothing stored: " + e.getMessage());
        }
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
