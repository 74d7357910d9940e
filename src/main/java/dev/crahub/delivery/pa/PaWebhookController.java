package dev.crahub.delivery.pa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/webhooks/pa/{platform}}: a platform's push that a flow changed (AFNOR webhook callback,
 * {@code {"flowInfo": {...}}}). No user logs in here: the call is authenticated by an HMAC-SHA256 of the raw body
 * with the platform's {@code webhook-secret} (environment only), hex in the header the platform's
 * {@code webhook-signature-header} names ({@code X-Signature-SHA256}, an optional {@code sha256=} prefix). Unsigned,
 * wrongly signed, or for a platform without a secret: 401, nothing read nor stored. Then the lifecycle flow is read
 * from the platform itself (never trusted from the push) and taken like a polled one.
 */
@RestController
class PaWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(PaWebhookController.class);
    /** A callback is a small JSON document. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final PaClients clients;
    private final StatusIntake intake;
    private final ObjectMapper json;

    PaWebhookController(PaClients clients, StatusIntake intake, ObjectMapper json) {
        this.clients = clients;
        this.intake = intake;
        this.json = json;
    }

    @PostMapping("/api/webhooks/pa/{platform}")
    ResponseEntity<Map<String, Object>> push(@PathVariable String platform, HttpServletRequest request)
            throws IOException, InterruptedException {
        PlatformSettings.Platform settings = clients.platforms().get(platform);
        if (settings == null || settings.webhookSecret() == null || settings.webhookSecret().isBlank()) {
            throw unauthorized();
        }
        byte[] body = read(request);
        if (!signed(body, settings.webhookSecret(), request.getHeader(settings.webhookSignatureHeader()))) {
            LOG.warn("Webhook call for platform {} from {} refused: missing or wrong signature", platform,
                    request.getRemoteAddr());
            throw unauthorized();
        }
        JsonNode flow;
        try {
            JsonNode root = json.readTree(body);
            flow = root.has("flowInfo") ? root.get("flowInfo") : root;
        } catch (IOException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the body is not the JSON of a flow");
        }
        String flowId = flow.path("flowId").asText("");
        String type = flow.path("flowType").asText(PaClient.LIFECYCLE_FLOW_TYPE);
        if (!FlowIds.valid(flowId)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "flowInfo.flowId is required: 1 to 200 letters, digits and . _ : -");
        }
        if (!type.endsWith("LC")) {
            return ResponseEntity.ok(Map.of("flowId", flowId, "result", "NOT_A_LIFECYCLE_FLOW"));
        }
        PaClient client = clients.client(platform).orElseThrow(() -> unauthorized());
        byte[] cdar = client.original(flowId);
        StatusIntake.Result result = intake.take(platform, flowId, cdar, json.convertValue(flow, MAP), "WEBHOOK");
        return ResponseEntity.ok(Map.of("flowId", flowId, "result", result.name()));
    }

    /** Constant-time comparison of the HMAC-SHA256 of the body with the hex the header carries. */
    static boolean signed(byte[] body, String secret, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        String hex = header.strip();
        if (hex.regionMatches(true, 0, "sha256=", 0, 7)) {
            hex = hex.substring(7);
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body, secret), given);
    }

    static byte[] hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, "a webhook call holds at most "
                    + MAX_BODY_BYTES + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, "a webhook call holds at most "
                        + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static ResponseStatusException unauthorized() {
        return new ResponseStatusException(HttpStatus.UNAUTHORIZED, "unknown platform or wrong signature");
    }
}
