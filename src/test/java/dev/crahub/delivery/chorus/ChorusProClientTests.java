package dev.crahub.delivery.chorus;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.crahub.delivery.ChannelOutcome;
import dev.crahub.einvoice.EInvoiceDocument;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.system.Hashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.crahub.delivery.PlatformPayloads.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Chorus Pro deposit against WireMock replaying the "Factures" API's payloads
 * ({@code src/test/resources/platforms/chorus}): the PISTE token, the {@code cpro-account} header, the Factur-X in
 * base64 with {@code IN_DP_E2_CII_FACTURX}; {@code numeroFluxDepot} kept; a refusal (400, or 200 with a codeRetour)
 * failed with Chorus Pro's libelle; 401 then a new token; 503 forever a RETRY.
 */
class ChorusProClientTests {

    @RegisterExtension
    static WireMockExtension piste = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final byte[] FACTURX = "%PDF-1.7 fixture standing for a Factur-X".getBytes(StandardCharsets.UTF_8);
    static final EInvoiceDocument DOCUMENT = new EInvoiceDocument(9, "PF-2022-000009", "pf-acme", "pf-etat",
            EInvoiceFormat.FACTURX, FACTURX, Hashing.sha256(FACTURX));
    static final String DEPOSIT = "/cpro/factures/v1/deposer/flux";

    final List<Duration> waits = new ArrayList<>();
    ChorusProClient client;

    @BeforeEach
    void client() {
        ChorusProSettings settings = new ChorusProSettings(URI.create(piste.baseUrl()),
                URI.create(piste.baseUrl() + "/api/oauth/token"), "piste-app", "piste-secret", null,
                "TECH_1_pf@cpro.fr", "tech-password", 4242L, 3, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(2));
        client = new ChorusProClient(settings, Clock.fixed(Instant.parse("2022-05-02T08:00:00Z"), ZoneOffset.UTC),
                new ObjectMapper(), waits::add);
        piste.stubFor(post(urlEqualTo("/api/oauth/token")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(payload("afnor/token.json", Map.of("token", "piste-1")))));
    }

    @Test
    void aDepositKeepsItsNumeroFluxDepot() throws Exception {
        piste.stubFor(post(urlEqualTo(DEPOSIT)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(payload("chorus/deposer-flux-200.json", Map.of("numero", "CPP-FLUX-000123")))));

        ChannelOutcome outcome = client.deposit(DOCUMENT);

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.DELIVERED);
        assertThat(outcome.remoteId()).isEqualTo("CPP-FLUX-000123");
        String account = Base64.getEncoder().encodeToString("TECH_1_pf@cpro.fr:tech-password".getBytes(StandardCharsets.UTF_8));
        piste.verify(postRequestedFor(urlEqualTo("/api/oauth/token"))
                .withRequestBody(containing("grant_type=client_credentials")).withRequestBody(containing("scope=openid")));
        piste.verify(postRequestedFor(urlEqualTo(DEPOSIT))
                .withHeader("Authorization", equalTo("Bearer piste-1"))
                .withHeader("cpro-account", equalTo(account))
                .withRequestBody(matchingJsonPath("$.syntaxeFlux", equalTo("IN_DP_E2_CII_FACTURX")))
                .withRequestBody(matchingJsonPath("$.fichierFlux", equalTo(Base64.getEncoder().encodeToString(FACTURX))))
                .withRequestBody(matchingJsonPath("$.nomFichier", equalTo(EInvoiceFormat.FACTURX.fileName("PF-2022-000009"))))
                .withRequestBody(matchingJsonPath("$.idUtilisateurCourant", equalTo("4242"))));
    }

    @Test
    void aRefusalFailsWithChorusProsLibelle() throws Exception {
        piste.stubFor(post(urlEqualTo(DEPOSIT)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(payload("chorus/deposer-flux-400.json", Map.of()))));

        ChannelOutcome outcome = client.deposit(DOCUMENT);

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(outcome.message()).contains("(400)", "GCU_MSG_05_001", "codeRetour 20001");
    }

    @Test
    void a200WithAnErrorCodeIsARefusalToo() throws Exception {
        piste.stubFor(post(urlEqualTo(DEPOSIT)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(payload("chorus/deposer-flux-400.json", Map.of()))));

        ChannelOutcome outcome = client.deposit(DOCUMENT);

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.FAILED);
        assertThat(outcome.message()).contains("GCU_MSG_05_001");
    }

    @Test
    void a401TakesANewPisteToken() throws Exception {
        piste.stubFor(post(urlEqualTo("/api/oauth/token")).inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(payload("afnor/token.json", Map.of("token", "piste-old")))).willSetStateTo("new"));
        piste.stubFor(post(urlEqualTo("/api/oauth/token")).inScenario("t").whenScenarioStateIs("new")
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(payload("afnor/token.json", Map.of("token", "piste-new")))));
        piste.stubFor(post(urlEqualTo(DEPOSIT)).withHeader("Authorization", equalTo("Bearer piste-old"))
                .willReturn(aResponse().withStatus(401)));
        piste.stubFor(post(urlEqualTo(DEPOSIT)).withHeader("Authorization", equalTo("Bearer piste-new"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(payload("chorus/deposer-flux-200.json", Map.of("numero", "CPP-FLUX-000124")))));

        assertThat(client.deposit(DOCUMENT).remoteId()).isEqualTo("CPP-FLUX-000124");
        piste.verify(2, postRequestedFor(urlEqualTo("/api/oauth/token")));
    }

    @Test
    void unavailableForeverIsARetry() throws Exception {
        piste.stubFor(post(urlEqualTo(DEPOSIT)).willReturn(aResponse().withStatus(503)));

        ChannelOutcome outcome = client.deposit(DOCUMENT);

        assertThat(outcome.result()).isEqualTo(ChannelOutcome.Result.RETRY);
        piste.verify(3, postRequestedFor(urlEqualTo(DEPOSIT)));
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
