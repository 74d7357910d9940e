package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import dev.crahub.timesheet.IngestResult;
import dev.crahub.timesheet.InvalidTimesheetException;
import dev.crahub.timesheet.TimeEntryIngestor;
import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.TimesheetProblem;
import dev.crahub.timesheet.TrackedEntry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a timesheet file whole or not at all, streaming: entries flow from the reader into the ingestor inside one
 * transaction while the reader records bad rows; if any problem was found by the end, the transaction rolls back and
 * the file is rejected with a report naming every problem. Memory does not grow with the file.
 */
@Component
public class TimesheetFileImporter {

    private final TimesheetReaders readers;
    private final TimeEntryIngestor ingestor;
    private final TransactionTemplate transaction;

    private final TimesheetFileSettings settings;

    private final TimesheetLimits limits;

    public TimesheetFileImporter(TimesheetReaders readers, TimeEntryIngestor ingestor, PlatformTransactionManager transactions,
                                 TimesheetFileSettings settings) {
        this(readers, ingestor, transactions, settings, TimesheetLimits.DEFAULTS);
    }

    @Autowired
    public TimesheetFileImporter(TimesheetReaders readers, TimeEntryIngestor ingestor, PlatformTransactionManager transactions,
                                 TimesheetFileSettings settings, TimesheetLimits limits) {
        this.readers = readers;
        this.ingestor = ingestor;
        this.transaction = new TransactionTemplate(transactions);
        this.settings = settings;
        this.limits = limits;
    }

    public IngestResult importFile(String source, TextInput input) {
        return transaction.execute(status -> {
            try (EntryStream entries = open(source, input)) {
                TimeEntryIngestor.SyncRange sync = settings.of(source).fullExport() ? TimeEntryIngestor.SyncRange.ofBatch() : null;
                IngestResult result = entries.problems().isEmpty()
                        ? ingestor.ingest(entries.source(), input.name(), capped(entries), sync) : null;
                if (!entries.problems().isEmpty()) {
                    throw entries.problems().toException(input.name());
                }
                return result;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The entries, stopping with a problem past {@link TimesheetLimits#entriesPerFile()}. */
    private Iterator<TrackedEntry> capped(EntryStream entries) {
        long max = limits.entriesPerFile();
        return new Iterator<>() {
            private long count;

            @Override
            public boolean hasNext() {
                if (count >= max && entries.hasNext()) {
                    entries.problems().add(0, null, String.format(Locale.ROOT,
                            "the file holds more than %,d entries, the limit %sentries-per-file; reading stopped here",
                            max, TimesheetLimits.PREFIX));
                    return false;
                }
                return count < max && entries.hasNext();
            }

            @Override
            public TrackedEntry next() {
                count++;
                return entries.next();
            }
        };
    }

    private EntryStream open(String source, TextInput input) {
        try {
            return readers.open(source, input);
        } catch (LimitExceededException e) {
            throw new InvalidTimesheetException(input.name(), List.of(new TimesheetProblem(e.line(), e.column(),
                    e.getMessage())));
        } catch (MalformedTableException e) {
            throw new InvalidTimesheetException(input.name(), List.of(new TimesheetProblem(e.line(), e.columnNumber(),
                    e.column(), e.getMessage())));
        } catch (IOException e) {
            throw new InvalidTimesheetException(input.name(), List.of(new TimesheetProblem(0, null,
                    "the file cannot be read: " + e.getMessage())));
        } catch (TimesheetReaders.UnsupportedSourceException e) {
            throw new InvalidTimesheetException(input.name(), List.of(new TimesheetProblem(0, null, e.getMessage())));
        }
    }
}
