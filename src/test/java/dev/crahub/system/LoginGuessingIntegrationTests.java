package dev.crahub.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing against the running hub, each client on its own loopback address: 30 wrong passwords in a row
 * from one client are answered 429 with {@code Retry-After} after the first few, while the real user from another
 * client is served at once, on the API's HTTP Basic and on the console's form login alike. Shares its Spring
 * context (and so its throttle) only with {@link ProblemDetailsIntegrationTests}, whose clients use other addresses.
 */
@Import(ProblemDetailsIntegrationTests.Broken.class)
class LoginGuessingIntegrationTests extends HubTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    VerifiedCredentials verified;

    @Test
    void thirtyWrongPasswordsGet429AndTheRealUserElsewhereIsServed() throws Exception {
        LoopbackClient attacker = new LoopbackClient("127.0.0.66", port);
        int unauthorized = 0;
        int throttled = 0;
        for (int i = 0; i < 30; i++) {
            LoopbackClient.Answer answer = attacker.send("GET", "/api/invoices",
                    Map.of("Authorization", LoopbackClient.basic("billing", "guess-" + i)), null);
            if (answer.status() == 401) {
                assertThat(throttled).as("no 401 after the first 429").isZero();
                unauthorized++;
            } else {
                assertThat(answer.status()).isEqualTo(429);
                assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
                assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
                assertThat(new ObjectMapper().readTree(answer.body()).path("detail").asText())
                        .startsWith("Too many failed logins from your address");
                throttled++;
            }
        }
        assertThat(unauthorized).isEqualTo(5);
        assertThat(throttled).isEqualTo(25);
        // the attacker's client waits even with the right password (the wait protects the cache, too) ...
        assertThat(attacker.send("GET", "/api/invoices",
                Map.of("Authorization", LoopbackClient.basic("billing", BILLING_PASSWORD)), null).status()).isEqualTo(429);
        // ... the real user on another machine does not
        LoopbackClient.Answer real = new LoopbackClient("127.0.0.2", port).send("GET", "/api/invoices",
                Map.of("Authorization", LoopbackClient.basic("billing", BILLING_PASSWORD)), null);
        assertThat(real.status()).isEqualTo(200);
        assertThat(verified.find("billing", BILLING_PASSWORD)).as("verified once, then a lookup").isPresent();
    }

    @Test
    void theConsoleFormLoginIsThrottledToo() throws Exception {
        LoopbackClient attacker = new LoopbackClient("127.0.0.77", port);
        LoopbackClient.Answer form = attacker.send("GET", "/login", Map.of(), null);
        String xsrf = form.headers().get("set-cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .findFirst().orElseThrow().split(";")[0].substring("XSRF-TOKEN=".length());
        int throttled = 0;
        for (int i = 0; i < 30; i++) {
            Map<String, String> headers = new HashMap<>();
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            headers.put("Cookie", "XSRF-TOKEN=" + xsrf);
            LoopbackClient.Answer answer = attacker.send("POST", "/login", headers,
                    "username=ops&password=guess-" + i + "&_csrf=" + URLEncoder.encode(xsrf, StandardCharsets.UTF_8));
            assertThat(answer.status()).isIn(401, 429);
            if (answer.status() == 429) {
                assertThat(answer.header("Retry-After")).isNotBlank();
                throttled++;
            }
        }
        assertThat(throttled).isEqualTo(25);

        ConsoleSession realOps = new ConsoleSession(port);
        assertThat(realOps.login("ops", OPS_PASSWORD).headers().firstValue("Location")).get().asString()
                .doesNotContain("error");
        assertThat(realOps.hasSession()).isTrue();
    }
}
