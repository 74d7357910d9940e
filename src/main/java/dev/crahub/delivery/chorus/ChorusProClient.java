package dev.crahub.delivery.chorus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crahub.delivery.ChannelOutcome;
import dev.crahub.delivery.OAuthTokens;
import dev.crahub.delivery.PlatformCall;
import dev.crahub.einvoice.EInvoiceDocument;

/**
 * Chorus Pro's flow deposit ("Factures" API on PISTE; sources in ADR 0022): {@code POST /cpro/factures/v1/deposer/flux}
 * with a PISTE bearer token and the {@code cpro-account} header (base64 of {@code login:password}), the Factur-X in
 * base64 ({@code fichierFlux}), its name ({@code nomFichier}) and {@code syntaxeFlux = IN_DP_E2_CII_FACTURX}; the
 * answer's {@code numeroFluxDepot} is the attempt's remote id, {@code codeRetour} other than 0 a refusal. Retries as
 * {@link PlatformCall} does. Made once, kept across calls.
 */
public class ChorusProClient {

    static final String SYNTAX = "IN_DP_E2_CII_FACTURX";

    private final URI deposit;
    private final String account;
    private final Long technicalUserId;
    private final PlatformCall call;
    private final ObjectMapper json;

    public ChorusProClient(ChorusProSettings settings, Clock clock, ObjectMapper json, PlatformCall.Sleeper sleeper) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        OAuthTokens tokens = new OAuthTokens(http, settings.tokenUrl(), settings.clientId(), settings.clientSecret(),
                settings.scope(), settings.timeout(), clock, json);
        this.call = new PlatformCall(http, tokens, new PlatformCall.Policy(settings.attempts(), settings.backoff(),
                settings.maxWait(), settings.timeout()), sleeper);
        String base = settings.baseUrl().toString();
        this.deposit = URI.create((base.endsWith("/") ? base : base + "/") + "cpro/factures/v1/deposer/flux");
        this.account = settings.login() == null || settings.password() == null ? null
                : Base64.getEncoder().encodeToString((settings.login() + ":" + settings.password())
                .getBytes(StandardCharsets.UTF_8));
        this.technicalUserId = settings.technicalUserId();
        this.json = json;
    }

    /** Deposits one Factur-X. */
    public ChannelOutcome deposit(EInvoiceDocument facturx) throws InterruptedException {
        if (account == null) {
            return ChannelOutcome.failed("Chorus Pro technical account not configured (CRAHUB_CHORUS_PRO_LOGIN, "
                    + "CRAHUB_CHORUS_PRO_PASSWORD)");
        }
        ObjectNode body = json.createObjectNode();
        if (technicalUserId != null) {
            body.put("idUtilisateurCourant", technicalUserId);
        }
        body.put("fichierFlux", Base64.getEncoder().encodeToString(facturx.content()));
        body.put("nomFichier", facturx.format().fileName(facturx.invoiceNumber()));
        body.put("syntaxeFlux", SYNTAX);
        body.put("avecSignature", false);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        PlatformCall.Answer answer = call.send("Chorus Pro deposit", token -> HttpRequest.newBuilder(deposit)
                .header("Authorization", "Bearer " + token).header("cpro-account", account)
                .header("Content-Type", "application/json;charset=utf-8").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        if (!answer.answered()) {
            return answer.credentialsRefused() ? ChannelOutcome.failed(answer.gaveUp()) : ChannelOutcome.retry(answer.gaveUp());
        }
        JsonNode node = parse(answer.body());
        if (answer.status() == 200 || answer.status() == 201) {
            String number = node.path("numeroFluxDepot").asText("");
            if (node.path("codeRetour").asInt(0) != 0 || number.isBlank()) {
                return ChannelOutcome.failed("Chorus Pro refused the deposit: " + String.join("; ", messages(node, answer.body())));
            }
            return ChannelOutcome.delivered(number, "Chorus Pro took flow " + number
                    + (node.hasNonNull("dateDepot") ? " on " + node.get("dateDepot").asText() : ""));
        }
        return ChannelOutcome.failed("Chorus Pro refused the deposit (" + answer.status() + "): "
                + String.join("; ", messages(node, answer.body())));
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            return json.createObjectNode();
        }
    }

    private static List<String> messages(JsonNode node, String body) {
        List<String> messages = new ArrayList<>();
        for (String field : List.of("libelle", "message", "error_description", "error")) {
            if (node != null && node.path(field).isTextual() && !node.path(field).asText().isBlank()) {
                messages.add(node.path(field).asText().strip());
            }
        }
        if (node != null && node.path("codeRetour").isNumber() && node.path("codeRetour").asInt() != 0) {
            messages.add("codeRetour " + node.path("codeRetour").asInt());
        }
        if (messages.isEmpty()) {
            String text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
            messages.add(text.isEmpty() ? "(no message)" : text.length() > 500 ? text.substring(0, 500) + "…" : text);
        }
        return messages;
    }
}
