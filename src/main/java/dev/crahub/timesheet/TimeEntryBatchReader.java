package dev.crahub.timesheet;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the body of {@code POST /api/time-entries} under the {@link TimesheetLimits}: at most
 * {@link TimesheetLimits#requestSize()} bytes and {@link TimesheetLimits#entriesPerRequest()} entries, strings and
 * nesting bounded by Jackson's {@code StreamReadConstraints}, each entry bound straight from the stream. Binding the
 * whole batch at once would let one request of small entries, or one giant string, fill the heap.
 */
final class TimeEntryBatchReader {

    /** The batch read, or why it cannot be: {@code status} 400 or 413 and the problems. */
    record Read(String source, List<CanonicalEntry> entries, List<String> problems, int status) {
    }

    private final ObjectMapper mapper;
    private final TimesheetLimits limits;

    TimeEntryBatchReader(ObjectMapper mapper, TimesheetLimits limits) {
        this.mapper = mapper.copy();
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(limits.fieldLength()).maxNameLength(Math.min(limits.fieldLength(), 1000))
                .maxNestingDepth(limits.nestingDepth()).maxNumberLength(100).build());
        this.limits = limits;
    }

    Read read(InputStream body, long contentLength) throws IOException {
        long max = limits.requestSize().toBytes();
        if (contentLength > max) {
            return tooLarge(max);
        }
        String source = null;
        List<CanonicalEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(new Bounded(body, max))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return invalid("expected a JSON object {\"source\": ..., \"entries\": [...]}");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("source") && value.isScalarValue()) {
                    source = parser.getValueAsString();
                } else if (field.equals("entries") && value == JsonToken.START_ARRAY) {
                    if (!entries(parser, entries, problems)) {
                        return new Read(source, List.of(), List.of(String.format(Locale.ROOT,
                                "entries: more than %,d entries in one request, the limit %sentries-per-request; "
                                        + "send smaller batches", limits.entriesPerRequest(), TimesheetLimits.PREFIX)),
                                413);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (TooLarge e) {
            return tooLarge(max);
        } catch (StreamConstraintsException e) {
            String message = String.valueOf(e.getOriginalMessage());
            return invalid(message.contains("nesting depth")
                    ? String.format(Locale.ROOT, "arrays and objects are nested more than %d levels deep, the limit %snesting-depth",
                    limits.nestingDepth(), TimesheetLimits.PREFIX)
                    : message.contains("Number value length") ? "a number holds more than 100 digits"
                    : String.format(Locale.ROOT, "a text holds more than %,d characters, the limit %sfield-length",
                    limits.fieldLength(), TimesheetLimits.PREFIX));
        } catch (JsonProcessingException e) {
            return invalid("not valid JSON: " + e.getOriginalMessage());
        }
        return new Read(source, entries, problems, problems.isEmpty() ? 200 : 400);
    }

    /** @return false when the batch holds more entries than allowed */
    private boolean entries(JsonParser parser, List<CanonicalEntry> entries, List<String> problems) throws IOException {
        JsonStreamContext array = parser.getParsingContext();
        int index = -1;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            index++;
            if (index >= limits.entriesPerRequest()) {
                return false;
            }
            try {
                CanonicalEntry entry = parser.readValueAs(CanonicalEntry.class);
                if (entry == null) {
                    problems.add("entries[" + index + "]: is not an entry object");
                }
                entries.add(entry);
            } catch (StreamConstraintsException e) {
                throw e;
            } catch (JsonMappingException e) {
                if (e.getCause() instanceof StreamConstraintsException limit) {
                    throw limit;
                }
                problems.add("entries[" + index + "]: " + e.getOriginalMessage());
                entries.add(null);
                while (parser.getParsingContext() != array && parser.nextToken() != null) {
                    // skip the rest of the bad entry
                }
            }
        }
        return true;
    }

    private Read tooLarge(long max) {
        return new Read(null, List.of(), List.of(String.format(Locale.ROOT,
                "the request holds more than %,d bytes, the limit %srequest-size; send smaller batches", max,
                TimesheetLimits.PREFIX)), 413);
    }

    private static Read invalid(String problem) {
        return new Read(null, List.of(), List.of(problem), 400);
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("request too large");
        }
    }

    /** Stops the body past the limit, whatever Content-Length said (chunked requests have none). */
    private static final class Bounded extends FilterInputStream {

        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1 && ++read > max) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (read += n) > max) {
                throw new TooLarge();
            }
            return n;
        }
    }
}
