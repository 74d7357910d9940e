package dev.crahub.timesheet;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Stored time entries, mapped or not. */
@RestController
@RequestMapping("/api/time-entries")
class TimeEntryController {

    private final TimesheetStore store;

    TimeEntryController(TimesheetStore store) {
        this.store = store;
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
}
