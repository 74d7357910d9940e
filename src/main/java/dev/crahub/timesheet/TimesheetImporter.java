package dev.crahub.timesheet;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Imports a timesheet file whole or not at all: every line is checked first (a file with one bad line is rejected
 * with a report naming them all), then its entries are mapped and stored in one transaction. Entries whose user or
 * project maps to nothing are kept and listed, never dropped.
 */
@Component
public class TimesheetImporter {

    private final GenericCsvParser parser;
    private final TimeEntryIngestor ingestor;

    public TimesheetImporter(GenericCsvParser parser, TimeEntryIngestor ingestor) {
        this.parser = parser;
        this.ingestor = ingestor;
    }

    public IngestResult importFile(byte[] content, String fileName) {
        List<GenericCsvParser.Row> rows = parser.parse(content, fileName);
        return ingestor.ingest(GenericCsvParser.SOURCE, fileName, rows.stream().map(GenericCsvParser.Row::toTracked).iterator(),
                null);
    }
}
