package dev.crahub.timesheet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The push API's body, read under the limits: nothing grows with what a client sends. */
class TimeEntryBatchReaderTests {

    private static final String ENTRY = "{\"id\": \"%d\", \"user\": {\"id\": \"u\"}, \"date\": \"2026-10-01\", \"hours\": 1}";

    private final TimeEntryBatchReader reader = new TimeEntryBatchReader(JsonMapper.builder().findAndAddModules().build(),
            new TimesheetLimits(null, null, null, null, 3, DataSize.ofKilobytes(64), null, null, null, null, null));

    @Test
    void aGoodBatchIsRead() throws IOException {
        TimeEntryBatchReader.Read read = read("{\"source\": \"webhook\", \"entries\": [" + ENTRY.formatted(1) + "]}");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.source()).isEqualTo("webhook");
        assertThat(read.entries()).singleElement().extracting(CanonicalEntry::id).isEqualTo("1");
    }

    @Test
    void moreEntriesThanAllowedAnswer413NamingTheLimit() throws IOException {
        String entries = String.join(",", ENTRY.formatted(1), ENTRY.formatted(2), ENTRY.formatted(3), ENTRY.formatted(4));
        TimeEntryBatchReader.Read read = read("{\"source\": \"w\", \"entries\": [" + entries + "]}");
        assertThat(read.status()).isEqualTo(413);
        assertThat(read.problems()).containsExactly("entries: more than 3 entries in one request, the limit "
                + "crahub.timesheet.limits.entries-per-request; send smaller batches");
    }

    @Test
    void aBodyPastTheSizeLimitStopsThereWhateverContentLengthSaid() throws IOException {
        String big = "{\"source\": \"w\", \"padding\": [" + "1,".repeat(100_000) + "1]}";
        TimeEntryBatchReader.Read read = reader.read(new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)), -1);
        assertThat(read.status()).isEqualTo(413);
        assertThat(read.problems()).singleElement().asString().startsWith("the request holds more than 65,536 bytes");
        assertThat(reader.read(InputStream.nullInputStream(), 10_000_000).status()).as("by Content-Length").isEqualTo(413);
    }

    @Test
    void aGiantStringOrDeepNestingIsRefusedAsItIsRead() throws IOException {
        assertThat(read("{\"source\": \"" + "s".repeat(5000) + "\"}").problems()).containsExactly(
                "a text holds more than 4,000 characters, the limit crahub.timesheet.limits.field-length");
        assertThat(read("{\"source\": \"w\", \"x\": " + "[".repeat(100) + "]".repeat(100) + "}").problems())
                .containsExactly("arrays and objects are nested more than 32 levels deep, the limit "
                        + "crahub.timesheet.limits.nesting-depth");
    }

    @Test
    void aBadEntryIsReportedAndTheOthersStillRead() throws IOException {
        TimeEntryBatchReader.Read read = read("{\"source\": \"w\", \"entries\": [{\"id\": \"1\", \"hours\": \"many\"}, "
                + ENTRY.formatted(2) + "]}");
        assertThat(read.status()).isEqualTo(400);
        assertThat(read.problems()).singleElement().asString().startsWith("entries[0]: ");
        assertThat(read.entries()).hasSize(2).last().extracting(CanonicalEntry::id).isEqualTo("2");
    }

    private TimeEntryBatchReader.Read read(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return reader.read(new ByteArrayInputStream(body), body.length);
    }
}
