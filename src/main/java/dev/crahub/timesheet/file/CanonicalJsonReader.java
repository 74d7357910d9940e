package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.timesheet.CanonicalEntry;
import dev.crahub.timesheet.TrackedEntry;

/**
 * Reads a JSON file in the canonical batch shape ({@link CanonicalEntry.Batch}:
 * {@code {"source": "toggl", "entries": [ ... ]}}) with Jackson's streaming parser: one entry's tree at a time, so a
 * big file streams. {@code source} must come before {@code entries}; without it the entries belong to {@code json}.
 * Problems name the line and the entry ({@code entries[3].hours}).
 */
public final class CanonicalJsonReader {

    public static final String DEFAULT_SOURCE = "json";

    private final ObjectMapper mapper;

    public CanonicalJsonReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public EntryStream open(TextInput input) throws IOException {
        InputStream in = input.open();
        try {
            return new Stream(in, mapper.getFactory().createParser(in));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private final class Stream extends EntryStream {

        private final InputStream in;
        private final JsonParser parser;
        private String source = DEFAULT_SOURCE;
        private boolean inEntries;
        private int index = -1;

        Stream(InputStream in, JsonParser parser) throws IOException {
            this.in = in;
            this.parser = parser;
            try {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    problems.add(line(), null, "expected a JSON object {\"source\": ..., \"entries\": [...]}");
                    return;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("source")) {
                        String s = parser.getValueAsString();
                        if (s == null || s.isBlank() || s.length() > 32) {
                            problems.add(line(), "source", "must be a name of at most 32 characters");
                        } else {
                            source = s.strip();
                        }
                    } else if (field.equals("entries") && value == JsonToken.START_ARRAY) {
                        inEntries = true;
                        return;
                    } else {
                        parser.skipChildren();
                    }
                }
                problems.add(line(), "entries", "the batch has no \"entries\" array");
            } catch (JsonProcessingException e) {
                problems.add(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                        "not valid JSON: " + e.getOriginalMessage());
            }
        }

        private long line() {
            return parser.currentLocation().getLineNr();
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        protected TrackedEntry read() throws IOException {
            if (!inEntries) {
                return null;
            }
            try {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                    index++;
                    long line = parser.currentTokenLocation().getLineNr();
                    JsonNode node = parser.readValueAsTree();
                    String at = "entries[" + index + "]";
                    CanonicalEntry entry;
                    try {
                        entry = mapper.treeToValue(node, CanonicalEntry.class);
                    } catch (JsonProcessingException e) {
                        problems.add(line, at, e.getOriginalMessage());
                        continue;
                    }
                    if (entry == null) {
                        problems.add(line, at, "is not an entry object");
                        continue;
                    }
                    List<String> found = new ArrayList<>();
                    TrackedEntry tracked = entry.toTracked(source, at, found);
                    if (tracked != null) {
                        return tracked;
                    }
                    for (String problem : found) {
                        int colon = problem.indexOf(": ");
                        problems.add(line, problem.substring(0, colon), problem.substring(colon + 2));
                    }
                }
                inEntries = false;
                return null;
            } catch (JsonProcessingException e) {
                inEntries = false;
                problems.add(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                        "not valid JSON: " + e.getOriginalMessage());
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
            in.close();
        }
    }
}
