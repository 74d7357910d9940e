package dev.crahub.timesheet.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import dev.crahub.timesheet.CanonicalEntry;
import dev.crahub.system.XmlCharacters;
import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.TrackedEntry;

/**
 * Reads a JSON file in the canonical batch shape ({@link CanonicalEntry.Batch}:
 * {@code {"source": "toggl", "entries": [ ... ]}}) with Jackson's streaming parser: one entry's tree at a time, so a
 * big file streams. {@code source} must come before {@code entries}; without it the entries belong to {@code json}.
 * Problems name the line and the entry ({@code entries[3].hours}). Nothing is guessed: a member the shape does not
 * know (a misspelt {@code "coment"}), a member given twice, or content after the batch is a problem, and the file's
 * encoding is JSON's own (UTF-8, or UTF-16/32 told by Jackson from the first bytes, with or without a BOM).
 * <p>
 * Memory stays bounded: Jackson's {@code StreamReadConstraints} stop a string longer than
 * {@link TimesheetLimits#fieldLength()} or a nesting deeper than {@link TimesheetLimits#nestingDepth()} as they
 * are read, and each entry is bound straight from the stream (members it does not know are skipped, never held).
 */
public final class CanonicalJsonReader {

    public static final String DEFAULT_SOURCE = "json";
    private static final String MEMBERS = "id, user, client, project, task, date, start, end, hours, billable, "
            + "comment, deleted";

    private final ObjectMapper mapper;
    private final TimesheetLimits limits;

    public CanonicalJsonReader(ObjectMapper mapper) {
        this(mapper, TimesheetLimits.DEFAULTS);
    }

    public CanonicalJsonReader(ObjectMapper mapper, TimesheetLimits limits) {
        this.mapper = bounded(mapper, limits);
        // a member given twice ("hours": 7, "hours": 8) is not read as its last value: the parser refuses it
        this.mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.limits = limits;
    }

    /** A copy of the mapper whose parsers stop at the limits (the application's own mapper is left as it is). */
    public static ObjectMapper bounded(ObjectMapper mapper, TimesheetLimits limits) {
        ObjectMapper copy = mapper.copy();
        copy.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(limits.fieldLength())
                .maxNameLength(Math.min(limits.fieldLength(), 1000))
                .maxNestingDepth(limits.nestingDepth())
                .maxNumberLength(100)
                .build());
        return copy;
    }

    /** What a Jackson limit means in the user's terms: {@code a text holds more than 4,000 characters, ...}. */
    public static String reason(StreamConstraintsException e, TimesheetLimits limits) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "arrays and objects are nested " + LimitExceededException.moreThan(limits.nestingDepth(),
                    "levels deep", "nesting-depth");
        }
        if (message.contains("Number value length")) {
            return "a number holds more than 100 digits";
        }
        return "a text holds " + LimitExceededException.moreThan(limits.fieldLength(), "characters", "field-length");
    }

    public EntryStream open(TextInput input) throws IOException {
        InputStream in = input.open();
        try {
            return new Stream(in, mapper.getFactory().createParser(in), mapper);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private final class Stream extends EntryStream {

        private final InputStream in;
        private final JsonParser parser;
        private final List<String> unknown = new ArrayList<>();
        private final ObjectReader entries;
        private String source = DEFAULT_SOURCE;
        private boolean inEntries;
        private int index = -1;

        Stream(InputStream in, JsonParser parser, ObjectMapper mapper) throws IOException {
            this.in = in;
            this.parser = parser;
            this.entries = mapper.readerFor(CanonicalEntry.class).withHandler(new DeserializationProblemHandler() {
                @Override
                public boolean handleUnknownProperty(DeserializationContext context, JsonParser p,
                                                     JsonDeserializer<?> deserializer, Object beanOrClass,
                                                     String name) throws IOException {
                    Object type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
                    unknown.add(type == CanonicalEntry.User.class ? "user." + name : name);
                    p.skipChildren();
                    return true;
                }
            });
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
                        if (s == null || s.isBlank() || s.length() > 32 || XmlCharacters.firstRefused(s) >= 0) {
                            problems.add(line(), "source", "must be a name of at most 32 characters, without control characters");
                        } else {
                            source = s.strip();
                        }
                    } else if (field.equals("entries") && value == JsonToken.START_ARRAY) {
                        inEntries = true;
                        return;
                    } else if (field.equals("entries")) {
                        problems.add(line(), field, "must be an array of entries");
                        parser.skipChildren();
                    } else {
                        problems.add(line(), field, "is not a member of a batch (source, entries): a misspelt name"
                                + " is not guessed");
                        parser.skipChildren();
                    }
                }
                problems.add(line(), "entries", "the batch has no \"entries\" array");
            } catch (JsonProcessingException e) {
                invalid(e);
            }
        }

        private void invalid(JsonProcessingException e) {
            long line = e.getLocation() != null ? e.getLocation().getLineNr() : line();
            if (e instanceof StreamConstraintsException limit) {
                problems.add(line, null, reason(limit, limits) + "; reading stopped here");
            } else {
                problems.add(line, null, "not valid JSON: " + e.getOriginalMessage());
            }
        }

        /** What follows the entries: nothing but the batch's end (a member there would be silently ignored). */
        private void afterEntries() throws IOException {
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                problems.add(line(), field, field.equals("source") ? "must come before \"entries\""
                        : "is not a member of a batch (source, entries): a misspelt name is not guessed");
                parser.nextToken();
                parser.skipChildren();
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                problems.add(line(), null, "content after the end of the batch");
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
                JsonStreamContext array = parser.getParsingContext();
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                    index++;
                    long line = parser.currentTokenLocation().getLineNr();
                    String at = "entries[" + index + "]";
                    CanonicalEntry entry;
                    unknown.clear();
                    try {
                        entry = entries.readValue(parser);
                    } catch (StreamConstraintsException e) {
                        throw e;
                    } catch (JsonMappingException e) {
                        if (e.getCause() instanceof StreamConstraintsException limit) {
                            throw limit;
                        }
                        if (e.getCause() instanceof JsonParseException broken) {
                            throw broken; // not JSON any more: nothing after it can be read as entries
                        }
                        problems.add(line, at, e.getOriginalMessage());
                        while (parser.getParsingContext() != array && parser.nextToken() != null) {
                            // skip the rest of the bad entry
                        }
                        continue;
                    }
                    if (entry == null) {
                        problems.add(line, at, "is not an entry object");
                        continue;
                    }
                    if (!unknown.isEmpty()) {
                        for (String name : unknown) {
                            problems.add(line, at + "." + name, "is not a member of an entry (" + MEMBERS
                                    + "): a misspelt name is not guessed");
                        }
                        continue;
                    }
                    List<String> found = new ArrayList<>();
                    TrackedEntry tracked = entry.toTracked(source, at, found, limits);
                    if (tracked != null) {
                        return tracked;
                    }
                    for (String problem : found) {
                        int colon = problem.indexOf(": ");
                        problems.add(line, problem.substring(0, colon), problem.substring(colon + 2));
                    }
                }
                inEntries = false;
                afterEntries();
                return null;
            } catch (JsonProcessingException e) {
                inEntries = false;
                invalid(e);
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
