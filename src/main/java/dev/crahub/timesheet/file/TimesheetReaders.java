package dev.crahub.timesheet.file;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.timesheet.TimesheetLimits;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Opens a file of a source folder with the reader of that source and format: CSV (or XLSX by extension) for the
 * trackers' exports and generic, the canonical shape for {@code json} and {@code xml}.
 */
@Component
public class TimesheetReaders {

    /** The inbox's source folders; files at the inbox's top level are {@code generic}. */
    public static final List<String> SOURCES = List.of("generic", "toggl", "clockify", "harvest", "kimai", "redmine",
            "json", "xml");

    private final TimesheetFileSettings settings;
    private final ObjectMapper json;
    private final TimesheetLimits limits;

    public TimesheetReaders(TimesheetFileSettings settings, ObjectMapper json) {
        this(settings, json, TimesheetLimits.DEFAULTS);
    }

    @Autowired
    public TimesheetReaders(TimesheetFileSettings settings, ObjectMapper json, TimesheetLimits limits) {
        this.settings = settings;
        this.json = json;
        this.limits = limits;
    }

    public EntryStream open(String source, TextInput input) throws IOException {
        return switch (source) {
            case "generic" -> new GenericCsvParser(settings.of(source)).open(input, limits);
            case "toggl" -> new TogglCsvReader(settings.of(source)).open(input, limits);
            case "clockify" -> new ClockifyCsvReader(settings.of(source)).open(input, limits);
            case "harvest" -> new HarvestCsvReader(settings.of(source)).open(input, limits);
            case "kimai" -> new KimaiCsvReader(settings.of(source)).open(input, limits);
            case "redmine" -> new RedmineCsvReader(settings.of(source)).open(input, limits);
            case "json" -> new CanonicalJsonReader(json, limits).open(input);
            case "xml" -> new CanonicalXmlReader(limits).open(input);
            default -> throw new UnsupportedSourceException(source);
        };
    }

    /** A folder the inbox does not know. */
    public static class UnsupportedSourceException extends IllegalArgumentException {
        public UnsupportedSourceException(String source) {
            super("no reader for source folder '" + source + "' (known: " + String.join(", ", SOURCES) + ")");
        }
    }
}
