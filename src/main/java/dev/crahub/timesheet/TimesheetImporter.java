package dev.crahub.timesheet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.crahub.referential.Consultant;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.system.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports a timesheet file whole or not at all: parse every line, check consultants against the referential, map
 * projects to contracts (unmapped entries are kept and listed, never dropped), then store in one transaction.
 */
@Component
public class TimesheetImporter {

    private static final Logger log = LoggerFactory.getLogger(TimesheetImporter.class);

    private final GenericCsvParser parser;
    private final ReferentialStore referential;
    private final TimesheetStore store;

    public TimesheetImporter(GenericCsvParser parser, ReferentialStore referential, TimesheetStore store) {
        this.parser = parser;
        this.referential = referential;
        this.store = store;
    }

    @Transactional
    public ImportResult importFile(byte[] content, String fileName) {
        List<GenericCsvParser.Row> rows = parser.parse(content, fileName);
        Set<String> consultants = referential.consultants().stream().map(Consultant::code).collect(Collectors.toSet());
        List<TimesheetProblem> problems = new ArrayList<>();
        for (GenericCsvParser.Row row : rows) {
            if (!consultants.contains(row.consultant())) {
                problems.add(new TimesheetProblem(row.line(), "consultant",
                        "unknown consultant '" + row.consultant() + "' (add it to the referential first)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidTimesheetException(fileName, problems);
        }
        long fileId = store.recordFile(GenericCsvParser.SOURCE, fileName, Hashing.sha256(content), rows.size());
        Map<String, Optional<String>> contracts = new ConcurrentHashMap<>();
        int created = 0;
        int unmapped = 0;
        for (GenericCsvParser.Row row : rows) {
            String contract = contracts.computeIfAbsent(row.project(),
                    p -> referential.contractForProject(GenericCsvParser.SOURCE, p)).orElse(null);
            if (contract == null) {
                unmapped++;
            }
            TimeEntry entry = new TimeEntry(GenericCsvParser.SOURCE, row.fingerprint(), row.consultant(), contract,
                    row.project(), row.date(), row.hours(), row.comment(), true);
            if (store.upsert(entry, fileId)) {
                created++;
            }
        }
        ImportResult result = new ImportResult(fileName, rows.size(), created, rows.size() - created, unmapped);
        log.info("Timesheet {} imported: {}", fileName, result);
        return result;
    }

    /** What a file brought: new entries, updated ones (re-dropped), and how many map to no contract yet. */
    public record ImportResult(String file, int rows, int created, int updated, int unmapped) {
    }

}
