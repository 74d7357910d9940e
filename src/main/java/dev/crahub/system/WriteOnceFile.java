package dev.crahub.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes an archive file the way the invoice archive does: aside, synced, then hard-linked under its name, so the name
 * shows a whole file or none and an existing file is never replaced.
 */
public final class WriteOnceFile {

    private WriteOnceFile() {
    }

    /** @return false when the file already existed with other bytes (left as it is) */
    public static boolean write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return Arrays.equals(Files.readAllBytes(file), bytes);
            } catch (UnsupportedOperationException e) {
                Files.copy(temp, file); // no hard links here: still never replaces
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
