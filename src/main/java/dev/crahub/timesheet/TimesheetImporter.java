package dev.crahub.timesheet;

import java.nio.file.Path;

import dev.crahub.system.InboxFileNames;
import dev.crahub.timesheet.file.GenericCsvParser;
import dev.crahub.timesheet.file.TextInput;
import dev.crahub.timesheet.file.TimesheetFileImporter;
import org.springframework.stereotype.Component;

/**
 * The timesheet inbox's entry point: a file dropped into {@code data/inbox/timesheets/} is generic CSV; one dropped
 * into {@code data/inbox/timesheets/<source>/} is read as that source's export. Each file is imported whole or not
 * at all, streaming (see {@link TimesheetFileImporter}). Entries whose user or project maps to nothing are kept and
 * listed, never dropped.
 */
@Component
public class TimesheetImporter {

    private final TimesheetFileImporter files;

    public TimesheetImporter(TimesheetFileImporter files) {
        this.files = files;
    }

    /** A generic CSV already in memory. */
    public IngestResult importFile(byte[] content, String fileName) {
        return files.importFile(GenericCsvParser.SOURCE, TextInput.of(content, fileName));
    }

    /**
     * A file of the inbox, read from disk as it streams.
     *
     * @param relativePath the path under the inbox: {@code name.csv} (generic) or {@code <source>/name.csv}
     */
    public IngestResult importInboxFile(String absolutePath, String relativePath) {
        String normalized = relativePath.replace('\\', '/');
        int slash = normalized.indexOf('/');
        String source = slash < 0 ? GenericCsvParser.SOURCE : normalized.substring(0, slash);
        Path file = Path.of(absolutePath);
        // the name labels entries, reports and log lines: a line feed in it must not forge a line (ADR 0011)
        return files.importFile(source, TextInput.of(file, InboxFileNames.shown(normalized)));
    }
}
