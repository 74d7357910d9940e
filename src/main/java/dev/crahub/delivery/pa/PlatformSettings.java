package dev.crahub.delivery.pa;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The approved platforms (AFNOR XP Z12-013) the hub may deliver to, by name ({@code crahub.platforms.<name>.*}); a
 * client's {@code pa} channel names one with its {@code platform} setting. {@code client-secret} and
 * {@code webhook-secret} come from the environment only ({@code CRAHUB_PLATFORMS_<NAME>_CLIENT_SECRET}, ...).
 */
@ConfigurationProperties("crahub")
public record PlatformSettings(Map<String, Platform> platforms) {

    public PlatformSettings {
        platforms = platforms == null ? Map.of() : Map.copyOf(platforms);
    }

    /**
     * One platform: its API ({@code base-url}, ending before {@code /v1}), its OAuth2 token endpoint and client, the
     * secret that signs its webhook calls, and how patiently it is called.
     */
    public record Platform(URI baseUrl, URI tokenUrl, String clientId, String clientSecret, String scope,
                           String webhookSecret, String webhookSignatureHeader, Integer attempts, Duration backoff,
                           Duration maxWait, Duration timeout, Duration connectTimeout) {

        public Platform {
            webhookSignatureHeader = webhookSignatureHeader == null || webhookSignatureHeader.isBlank()
                    ? "X-Signature-SHA256" : webhookSignatureHeader;
            attempts = attempts == null ? 4 : attempts;
            backoff = backoff == null ? Duration.ofSeconds(2) : backoff;
            maxWait = maxWait == null ? Duration.ofSeconds(60) : maxWait;
            timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        }
    }
}
