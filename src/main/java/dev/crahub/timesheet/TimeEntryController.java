package dev.crahub.timesheet;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Stored time entries, mapped or not; and the push endpoint for trackers that call webhooks. */
@RestController
@RequestMapping("/api/time-entries")
class TimeEntryController {

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final TimesheetStore store;
    private final TimeEntryIngestor ingestor;

    TimeEntryController(TimesheetStore store, TimeEntryIngestor ingestor) {
        this.store = store;
        this.ingestor = ingestor;
    }

    @GetMapping
    List<TimeEntry> entries(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                            @RequestParam(required = false) String consultant,
                            @RequestParam(required = false) String contract) {
        return store.entries(from, to, consultant, contract, false);
    }

    @GetMapping("/unmapped")
    List<TimeEntry> unmapped() {
        return store.entries(null, null, null, null, true);
    }

    /** A batch in the canonical JSON shape, stored whole or not at all; re-sending it updates, never duplicates. */
    @PostMapping
    ResponseEntity<?> push(@RequestBody CanonicalEntry.Batch batch) {
        List<String> problems = new ArrayList<>();
        if (batch.source() == null || !SOURCE.matcher(batch.source()).matches()) {
            problems.add("source: '" + batch.source() + "' must be 1-32 lower-case letters, digits, '-' or '_'");
        }
        if (batch.entries() == null || batch.entries().isEmpty()) {
            problems.add("entries: at least one entry is required");
        }
        List<TrackedEntry> entries = new ArrayList<>();
        if (problems.isEmpty()) {
            for (int i = 0; i < batch.entries().size(); i++) {
                TrackedEntry e = batch.entries().get(i).toTracked(batch.source(), "entries[" + i + "]", problems);
                if (e != null) {
                    entries.add(e);
                }
            }
        }
        if (!problems.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    problems.size() + " problem(s); nothing was stored");
            problem.setTitle("Invalid time entries");
            problem.setProperty("problems", problems);
            return ResponseEntity.badRequest().body(problem);
        }
        return ResponseEntity.ok(ingestor.ingest(batch.source(), "api", entries.iterator(), null));
    }
}
