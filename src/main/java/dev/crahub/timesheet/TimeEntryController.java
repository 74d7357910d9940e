package dev.crahub.timesheet;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
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
    private final TimesheetLimits limits;
    private final TimeEntryBatchReader batches;

    TimeEntryController(TimesheetStore store, TimeEntryIngestor ingestor, TimesheetLimits limits, ObjectMapper json) {
        this.store = store;
        this.ingestor = ingestor;
        this.limits = limits;
        this.batches = new TimeEntryBatchReader(json, limits);
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

    /**
     * A batch in the canonical JSON shape, stored whole or not at all; re-sending it updates, never duplicates. The
     * body is read under {@link TimesheetLimits} (size, entries, string length, nesting): 413 past a size limit.
     */
    @PostMapping
    ResponseEntity<?> push(HttpServletRequest request) throws IOException {
        TimeEntryBatchReader.Read batch = batches.read(request.getInputStream(), request.getContentLengthLong());
        List<String> problems = new ArrayList<>(batch.problems());
        if (batch.status() == 200) {
            if (batch.source() == null || !SOURCE.matcher(batch.source()).matches()) {
                problems.add(0, "source: '" + printable(batch.source())
                        + "' must be 1-32 lower-case letters, digits, '-' or '_'");
            }
            if (batch.entries().isEmpty()) {
                problems.add("entries: at least one entry is required");
            }
        }
        List<TrackedEntry> entries = new ArrayList<>();
        if (problems.isEmpty()) {
            for (int i = 0; i < batch.entries().size(); i++) {
                TrackedEntry e = batch.entries().get(i).toTracked(batch.source(), "entries[" + i + "]", problems, limits);
                if (e != null) {
                    entries.add(e);
                }
            }
        }
        if (!problems.isEmpty()) {
            HttpStatus status = batch.status() == 413 ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                    problems.size() + " problem(s); nothing was stored");
            problem.setTitle("Invalid time entries");
            problem.setProperty("problems", problems);
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return ResponseEntity.ok(ingestor.ingest(batch.source(), "api", entries.iterator(), null));
    }

    /** A value echoed in a message: short, control characters shown as code points. */
    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                b.append(String.format("U+%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return s.length() > 40 ? b + "…" : b.toString();
    }
}
