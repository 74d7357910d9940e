package dev.crahub.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OAuth2 client-credentials token of one platform (an approved platform's, or PISTE's for Chorus Pro), asked once
 * and kept until shortly before it expires, so a month of deliveries does not ask one per invoice; a 401 from the
 * platform drops it ({@link #drop}) and the next call asks a new one. The secret comes from the environment only
 * and is never logged nor put in a message.
 */
public final class OAuthTokens {

    /** How long before its announced expiry a token is no longer used (clocks and transit differ). */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Duration timeout;
    private final Clock clock;
    private final ObjectMapper json;

    private String token;
    private Instant expires = Instant.MIN;

    public OAuthTokens(HttpClient http, URI tokenUrl, String clientId, String clientSecret, String scope,
                       Duration timeout, Clock clock, ObjectMapper json) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.timeout = timeout;
        this.clock = clock;
        this.json = json;
    }

    /**
     * The current token, asked anew when there is none or it is about to expire.
     *
     * @throws TokenRefusedException when the token endpoint refuses the hub's credentials (4xx: a setting to fix)
     * @throws IOException           when it cannot be reached or answers 5xx (try again later)
     */
    public synchronized String token() throws IOException, InterruptedException {
        if (token != null && clock.instant().isBefore(expires)) {
            return token;
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new TokenRefusedException("no client id or client secret configured for " + tokenUrl);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        if (scope != null && !scope.isBlank()) {
            form.put("scope", scope);
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 500 || answer.statusCode() == 429) {
            throw new IOException("token endpoint " + tokenUrl + " answered " + answer.statusCode());
        }
        if (answer.statusCode() != 200) {
            throw new TokenRefusedException("token endpoint " + tokenUrl + " refused the hub's client credentials ("
                    + answer.statusCode() + ")");
        }
        JsonNode node = json.readTree(answer.body());
        String accessToken = node.path("access_token").asText(null);
        if (accessToken == null || accessToken.isBlank()) {
            throw new IOException("token endpoint " + tokenUrl + " answered without an access_token");
        }
        long seconds = node.path("expires_in").asLong(300);
        token = accessToken;
        expires = clock.instant().plusSeconds(seconds).minus(MARGIN);
        return token;
    }

    /** Forgets the token (the platform answered 401 with it): the next {@link #token()} asks a new one. */
    public synchronized void drop(String refused) {
        if (refused != null && refused.equals(token)) {
            token = null;
            expires = Instant.MIN;
        }
    }

    /** The token endpoint refused the credentials: retrying will not help until the setting is fixed. */
    public static final class TokenRefusedException extends IOException {
        public TokenRefusedException(String message) {
            super(message);
        }
    }
}
