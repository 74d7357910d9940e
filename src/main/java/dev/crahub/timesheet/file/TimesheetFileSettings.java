package dev.crahub.timesheet.file;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the files of each source are read, under {@code crahub.timesheet.files.<source>}:
 * <ul>
 * <li>{@code zone}: the zone of start/end times written without an offset (default Europe/Paris);</li>
 * <li>{@code locale}: the date order and language of the export (e.g. {@code fr-FR}, {@code en-US}); by default
 * the language of the header decides;</li>
 * <li>{@code full-export}: each file is the tracker's complete export of the dates it spans for the users it names,
 * so entries of those users and dates that a new file lacks were deleted (or edited) in the tracker and are marked
 * deleted (default false: files only add and update);</li>
 * <li>{@code columns.<field>} (generic only): the header naming each field, for a customer's own layout: fields
 * {@code consultant, date, hours, project, comment, start, end, billable}.</li>
 * </ul>
 */
@ConfigurationProperties("crahub.timesheet")
public record TimesheetFileSettings(Map<String, Source> files) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");

    public TimesheetFileSettings {
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /** The settings of one source folder. */
    public record Source(ZoneId zone, Locale locale, Map<String, String> columns, boolean fullExport) {

        public Source {
            zone = zone == null ? DEFAULT_ZONE : zone;
            columns = columns == null ? Map.of() : Map.copyOf(columns);
        }
    }

    public Source of(String source) {
        Source s = files.get(source);
        return s != null ? s : new Source(null, null, null, false);
    }

    public static TimesheetFileSettings defaults() {
        return new TimesheetFileSettings(Map.of());
    }
}
