package dev.crahub.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The platform payloads of {@code src/test/resources/platforms/} (sources in its README), placeholders filled. */
public final class PlatformPayloads {

    private PlatformPayloads() {
    }

    public static String payload(String path, Map<String, String> values) {
        try (InputStream in = PlatformPayloads.class.getResourceAsStream("/platforms/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no payload " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> e : values.entrySet()) {
                text = text.replace("{{" + e.getKey() + "}}", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
