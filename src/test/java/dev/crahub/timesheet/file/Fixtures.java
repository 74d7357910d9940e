package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.timesheet.TrackedEntry;

/** Reads fixtures from src/test/resources/timesheets/ through a reader, the way the importer streams them. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String path) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/timesheets/" + path)) {
            if (in == null) {
                throw new IOException("no fixture " + path);
            }
            return in.readAllBytes();
        }
    }

    static TextInput input(String path) throws IOException {
        return TextInput.of(bytes(path), path.substring(path.lastIndexOf('/') + 1));
    }

    /** All entries; fails with the problems' report when the reader found any. */
    static List<TrackedEntry> entries(EntryStream stream) throws IOException {
        try (stream) {
            List<TrackedEntry> entries = new ArrayList<>();
            stream.forEachRemaining(entries::add);
            if (!stream.problems().isEmpty()) {
                throw new AssertionError(stream.problems().toException("fixture").report());
            }
            return entries;
        }
    }

    static ProblemLog problems(EntryStream stream) throws IOException {
        try (stream) {
            stream.forEachRemaining(e -> { });
            return stream.problems();
        }
    }

    static TimesheetFileSettings.Source settings() {
        return TimesheetFileSettings.defaults().of("any");
    }
}
