package dev.crahub.delivery.chorus;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Chorus Pro through the State's API gateway PISTE ({@code crahub.chorus-pro.*}): the API ({@code base-url}, e.g.
 * {@code https://api.piste.gouv.fr}), PISTE's OAuth2 token endpoint and the application's client, and the Chorus Pro
 * technical account ({@code login}, {@code password}) sent in the {@code cpro-account} header. The client secret and
 * the password come from the environment only ({@code CRAHUB_CHORUS_PRO_CLIENT_SECRET}, {@code _PASSWORD}).
 */
@ConfigurationProperties("crahub.chorus-pro")
public record ChorusProSettings(URI baseUrl, URI tokenUrl, String clientId, String clientSecret, String scope,
                                String login, String password, Long technicalUserId, Integer attempts,
                                Duration backoff, Duration maxWait, Duration timeout, Duration connectTimeout) {

    public ChorusProSettings {
        scope = scope == null || scope.isBlank() ? "openid" : scope;
        attempts = attempts == null ? 4 : attempts;
        backoff = backoff == null ? Duration.ofSeconds(2) : backoff;
        maxWait = maxWait == null ? Duration.ofSeconds(60) : maxWait;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    public boolean configured() {
        return baseUrl != null && tokenUrl != null;
    }
}
