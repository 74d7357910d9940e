package dev.crahub.delivery.pa;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.delivery.OAuthTokens;
import dev.crahub.delivery.PlatformCall;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One {@link PaClient} per configured platform, made on first use and kept (its HttpClient, its connection pool and
 * its OAuth token live as long as the hub).
 */
@Component
public class PaClients {

    private final PlatformSettings settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final PlatformCall.Sleeper sleeper;
    private final Map<String, PaClient> clients = new ConcurrentHashMap<>();

    @Autowired
    public PaClients(PlatformSettings settings, Clock clock, ObjectMapper json) {
        this(settings, clock, json, PlatformCall.Sleeper.REAL);
    }

    PaClients(PlatformSettings settings, Clock clock, ObjectMapper json, PlatformCall.Sleeper sleeper) {
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.sleeper = sleeper;
    }

    /** The platforms configured, by name. */
    public Map<String, PlatformSettings.Platform> platforms() {
        return settings.platforms();
    }

    /**
     * The platform a {@code pa} channel names ({@code platform} setting), or the only one configured when it names
     * none.
     */
    public Optional<PaClient> client(String platform) {
        String name = platform;
        if (name == null || name.isBlank()) {
            if (settings.platforms().size() != 1) {
                return Optional.empty();
            }
            name = settings.platforms().keySet().iterator().next();
        }
        PlatformSettings.Platform p = settings.platforms().get(name);
        if (p == null || p.baseUrl() == null || p.tokenUrl() == null) {
            return Optional.empty();
        }
        String key = name;
        return Optional.of(clients.computeIfAbsent(key, k -> create(k, p)));
    }

    private PaClient create(String name, PlatformSettings.Platform p) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(p.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        OAuthTokens tokens = new OAuthTokens(http, p.tokenUrl(), p.clientId(), p.clientSecret(), p.scope(), p.timeout(),
                clock, json);
        PlatformCall call = new PlatformCall(http, tokens,
                new PlatformCall.Policy(p.attempts(), p.backoff(), p.maxWait(), p.timeout()), sleeper);
        return new PaClient(name, p.baseUrl(), call, json);
    }
}
