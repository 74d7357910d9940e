package dev.crahub.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.crahub.camel.FolderWriterChild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The folder channel never leaves a partial file under the final name when the hub dies mid-write (issue 9): a child
 * JVM writes through the channel's own Camel endpoint ({@link FileChannel#folderEndpoint(Path)}) and is killed
 * ({@code destroyForcibly}, SIGKILL) while the file is being written; the folder then holds the partial temporary
 * file only, never the final name. Writing again (what a new attempt does) replaces the leftover and the file appears
 * whole.
 */
class FolderChannelCrashTests {

    private static final String FILE = "data/outbox/einvoices/ch-acme/CHAN-2022-000042-ubl.xml";

    @TempDir
    Path home;

    @Test
    void aWriterKilledMidWriteLeavesNoFileUnderTheFinalName() throws Exception {
        Path target = home.resolve(FILE);
        Path temp = target.resolveSibling(FileChannel.TEMP_PREFIX + target.getFileName());

        Process child = child("slow");
        try {
            // the temporary file is being written (a few MB in): kill the JVM there
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(temp) && Files.size(temp) > 4 * 1024 * 1024);
            assertThat(target).as("nothing under the final name while writing").doesNotExist();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed, not ended").isNotZero();
        assertThat(target).as("no file under the final name after the kill").doesNotExist();
        assertThat(temp).as("the partial write is only the temporary file").exists();

        // the next attempt writes it again: whole, under its name, the leftover gone
        long size = 3 * 1024 * 1024 + 17;
        Process again = child(String.valueOf(size));
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as(output(again)).isZero();
        assertThat(target).hasSize(size);
        byte[] bytes = Files.readAllBytes(target);
        for (int i = 0; i < bytes.length; i += 4099) {
            assertThat(bytes[i]).as("byte " + i).isEqualTo((byte) (i % 251));
        }
        assertThat(temp).doesNotExist();
    }

    private Process child(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                FolderWriterChild.class.getName(), home.toString(), FILE, mode)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("child-" + mode + ".log").toFile())
                .start();
    }

    private String output(Process p) throws IOException {
        try (var files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().startsWith("child-")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    return e.toString();
                }
            }).reduce("", String::concat);
        }
    }
}
