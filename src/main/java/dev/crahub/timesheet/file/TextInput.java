package dev.crahub.timesheet.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A timesheet file that can be opened more than once (files come from disk): decoding may need a second look at
 * the bytes, and nothing of the file is held in memory.
 */
public interface TextInput {

    /** The name shown in reports. */
    String name();

    InputStream open() throws IOException;

    /** The file on disk, when there is one (spreadsheets are read by random access). */
    default Path path() {
        return null;
    }

    static TextInput of(Path file) {
        return of(file, file.getFileName().toString());
    }

    static TextInput of(Path file, String name) {
        return new TextInput() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Path path() {
                return file;
            }
        };
    }

    static TextInput of(byte[] content, String name) {
        return new TextInput() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content);
            }
        };
    }
}
