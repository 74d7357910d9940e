package dev.crahub.timesheet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How much one timesheet input may hold, under {@code crahub.timesheet.limits}: memory per file stays bounded
 * whatever its content (a 50 MB comment or a 17 MB XLSX whose shared strings expand to 1 GB took the hub down).
 * Going past a limit rejects the input whole with a report naming the limit, where it was passed and its value.
 * A key left out takes the default below.
 *
 * @param fieldLength            characters of one value: a CSV field, a spreadsheet cell, a JSON string, an XML text
 *                               or attribute (default 4000: a comment of a few thousand characters)
 * @param rowLength              characters of one CSV record, separators and quotes included (default 100,000)
 * @param rowFields              fields of one CSV record or cells of one sheet row (default 1000)
 * @param entriesPerFile         entries of one file (default 2,000,000: twice the benchmark's 1M-row file)
 * @param entriesPerRequest      entries of one {@code POST /api/time-entries} batch (default 10,000)
 * @param requestSize            body of one {@code POST /api/time-entries} (default 20 MB, as uploads)
 * @param nestingDepth           depth of JSON arrays/objects and XML elements (default 32; the canonical shapes use 4)
 * @param sharedStrings          entries of an XLSX shared-strings table (default 1,000,000)
 * @param sharedStringCharacters characters of an XLSX shared-strings table, all entries together (default 20,000,000,
 *                               at most 40 MB of heap)
 * @param xlsxEntrySize          uncompressed size of one part of an XLSX (POI's {@code ZipSecureFile}, default 512 MB)
 * @param xlsxMinInflateRatio    smallest compressed/uncompressed ratio of an XLSX part (POI's zip-bomb check,
 *                               default 0.01, i.e. at most 100:1)
 */
@ConfigurationProperties("crahub.timesheet.limits")
public record TimesheetLimits(Integer fieldLength, Integer rowLength, Integer rowFields, Long entriesPerFile,
                              Integer entriesPerRequest, DataSize requestSize, Integer nestingDepth, Integer sharedStrings,
                              Long sharedStringCharacters, DataSize xlsxEntrySize, Double xlsxMinInflateRatio) {

    /** The key of each limit, as reports name it. */
    public static final String PREFIX = "crahub.timesheet.limits.";

    /** Length of the names and ids the database keeps (tracker user, client, project, task, entry id). */
    public static final int NAME_LENGTH = 200;

    public static final TimesheetLimits DEFAULTS = new TimesheetLimits(null, null, null, null, null, null, null, null,
            null, null, null);

    public TimesheetLimits {
        fieldLength = fieldLength != null ? fieldLength : 4000;
        rowLength = rowLength != null ? rowLength : 100_000;
        rowFields = rowFields != null ? rowFields : 1000;
        entriesPerFile = entriesPerFile != null ? entriesPerFile : 2_000_000L;
        entriesPerRequest = entriesPerRequest != null ? entriesPerRequest : 10_000;
        requestSize = requestSize != null ? requestSize : DataSize.ofMegabytes(20);
        nestingDepth = nestingDepth != null ? nestingDepth : 32;
        sharedStrings = sharedStrings != null ? sharedStrings : 1_000_000;
        sharedStringCharacters = sharedStringCharacters != null ? sharedStringCharacters : 20_000_000L;
        xlsxEntrySize = xlsxEntrySize != null ? xlsxEntrySize : DataSize.ofMegabytes(512);
        xlsxMinInflateRatio = xlsxMinInflateRatio != null ? xlsxMinInflateRatio : 0.01;
    }
}
