package dev.crahub.camel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

import dev.crahub.delivery.FileChannel;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A child JVM for {@code FolderChannelCrashTests}: writes one file through the folder channel's own Camel endpoint
 * ({@link FileChannel#folderEndpoint(Path)}: temporary name, then rename). Arguments: the home, the file's path under
 * it, {@code slow} (an endless stream written 64 KiB at a time, to be killed mid-write) or a size in bytes (written
 * at once, each byte {@code i % 251}).
 */
public final class FolderWriterChild {

    private FolderWriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        InputStream body = "slow".equals(args[2]) ? new SlowStream() : new SizedStream(Long.parseLong(args[2]));
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            camel.createProducerTemplate().sendBodyAndHeader(FileChannel.folderEndpoint(home), body,
                    Exchange.FILE_NAME, args[1]);
        }
        System.out.println("written");
    }

    /** Bytes {@code i % 251}, {@code size} of them. */
    static final class SizedStream extends InputStream {
        private final long size;
        private long position;

        SizedStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ % 251) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (position++ % 251);
            }
            return n;
        }
    }

    /** Never ends: 64 KiB every 5 ms, so the parent can kill the JVM while the file is being written. */
    static final class SlowStream extends InputStream {
        private boolean announced;

        @Override
        public int read() {
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            int n = Math.min(len, 64 * 1024);
            Arrays.fill(b, off, off + n, (byte) 'x');
            if (!announced) {
                announced = true;
                System.out.println("writing");
                System.out.flush();
            }
            return n;
        }
    }
}
