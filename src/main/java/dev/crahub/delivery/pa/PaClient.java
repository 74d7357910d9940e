package dev.crahub.delivery.pa;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crahub.delivery.ChannelOutcome;
import dev.crahub.delivery.PlatformCall;
import dev.crahub.einvoice.EInvoiceDocument;

/**
 * The Flow Service of one approved platform, as AFNOR XP Z12-013 publishes it (ADR 0022 names the sources of every
 * route and field): {@code POST /v1/flows} (multipart: {@code flowInfo} JSON + {@code file}) to submit an e-invoice,
 * answered 202 with its {@code flowId}; {@code POST /v1/flows/search} for the flows updated since a time (the
 * lifecycle flows, CDAR, that carry the invoices' statuses); {@code GET /v1/flows/{flowId}?docType=Original} to read
 * one. One per platform, kept across calls (its HttpClient and its token).
 */
public class PaClient {

    /** The lifecycle flows of invoices the hub issued (AFNOR FlowType). */
    static final String LIFECYCLE_FLOW_TYPE = "CustomerInvoiceLC";

    private final String name;
    private final URI base;
    private final PlatformCall call;
    private final ObjectMapper json;

    public PaClient(String name, URI base, PlatformCall call, ObjectMapper json) {
        this.name = name;
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.call = call;
        this.json = json;
    }

    public String name() {
        return name;
    }

    /**
     * Submits one e-invoice. 202 = delivered, its {@code flowId} the remote id; 400 (and the other refusals: 403,
     * 404, 413, 422) = failed for good with the platform's messages; 429, 5xx and network errors are retried inside
     * the call, then answered as RETRY.
     */
    public ChannelOutcome submit(EInvoiceDocument document, String trackingId) throws InterruptedException {
        String boundary = "crahub-" + UUID.randomUUID();
        byte[] body = multipart(boundary, flowInfo(document, trackingId), document);
        PlatformCall.Answer answer = call.send("POST /v1/flows to " + name, token -> HttpRequest.newBuilder(base.resolve("v1/flows"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (!answer.answered()) {
            return answer.credentialsRefused() ? ChannelOutcome.failed(answer.gaveUp()) : ChannelOutcome.retry(answer.gaveUp());
        }
        int status = answer.status();
        if (status == 202 || status == 200 || status == 201) {
            String flowId = text(answer.body(), "flowId");
            if (flowId == null || !FlowIds.valid(flowId)) {
                return ChannelOutcome.retry(name + " accepted the flow (" + status + ") without a usable flowId: " + clip(answer.body()));
            }
            return ChannelOutcome.delivered(flowId, name + " accepted flow " + flowId);
        }
        return ChannelOutcome.failed(name + " refused the e-invoice (" + status + "): "
                + String.join("; ", messages(answer.body())));
    }

    /**
     * The lifecycle flows updated after {@code since}, as the platform lists them ({@code results}).
     *
     * @throws IOException when the platform cannot be read now (retried on the next poll)
     */
    public List<JsonNode> lifecycleFlowsSince(Instant since) throws IOException, InterruptedException {
        ObjectNode where = json.createObjectNode();
        where.put("updatedAfter", since.toString());
        where.putArray("flowType").add(LIFECYCLE_FLOW_TYPE);
        ObjectNode search = json.createObjectNode();
        search.put("limit", 100);
        search.set("where", where);
        byte[] body = json.writeValueAsBytes(search);
        PlatformCall.Answer answer = call.send("POST /v1/flows/search on " + name, token -> HttpRequest.newBuilder(
                        base.resolve("v1/flows/search")).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        JsonNode results = json.readTree(ok(answer)).path("results");
        List<JsonNode> flows = new ArrayList<>();
        results.forEach(flows::add);
        return flows;
    }

    /** The original document of a flow (for a lifecycle flow: its CDAR XML). */
    public byte[] original(String flowId) throws IOException, InterruptedException {
        if (!FlowIds.valid(flowId)) {
            throw new IOException("not a flow id: " + FlowIds.printable(flowId));
        }
        URI uri = base.resolve("v1/flows/" + java.net.URLEncoder.encode(flowId, StandardCharsets.UTF_8).replace("+", "%20")
                + "?docType=Original");
        PlatformCall.Answer answer = call.send("GET /v1/flows/" + flowId + " on " + name, token -> HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token).GET());
        return ok(answer).getBytes(StandardCharsets.UTF_8);
    }

    private String ok(PlatformCall.Answer answer) throws IOException {
        if (!answer.answered()) {
            throw new IOException(answer.gaveUp());
        }
        if (answer.status() != 200) {
            throw new IOException(name + " answered " + answer.status() + ": " + String.join("; ", messages(answer.body())));
        }
        return answer.body();
    }

    /** The flowInfo part (AFNOR FlowInfo: trackingId, name, flowSyntax, sha256). */
    private byte[] flowInfo(EInvoiceDocument document, String trackingId) {
        ObjectNode info = json.createObjectNode();
        info.put("trackingId", trackingId);
        info.put("name", document.format().fileName(document.invoiceNumber()));
        info.put("flowSyntax", switch (document.format()) {
            case FACTURX -> "Factur-X";
            case CII -> "CII";
            case UBL -> "UBL";
        });
        info.put("sha256", document.sha256());
        try {
            return json.writeValueAsBytes(info);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] multipart(String boundary, byte[] flowInfo, EInvoiceDocument document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String fileName = document.format().fileName(document.invoiceNumber()).replace("\"", "");
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"flowInfo\"\r\n"
                + "Content-Type: application/json\r\n\r\n");
        out.writeBytes(flowInfo);
        write(out, "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + document.format().mediaType() + "\r\n\r\n");
        out.writeBytes(document.content());
        write(out, "\r\n--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private String text(String body, String field) {
        try {
            JsonNode node = json.readTree(body).path(field);
            return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What a platform's error answer says: AFNOR Error ({@code message}, {@code details}), a list of them, or an
     * {@code errors} array; the raw body (clipped) when it is none of those.
     */
    List<String> messages(String body) {
        List<String> messages = new ArrayList<>();
        try {
            JsonNode node = json.readTree(body);
            collect(node, messages);
            if (node.has("errors")) {
                node.get("errors").forEach(e -> collect(e, messages));
            }
            if (node.isArray()) {
                node.forEach(e -> collect(e, messages));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the body itself
        }
        if (messages.isEmpty()) {
            messages.add(body == null || body.isBlank() ? "(no message)" : clip(body));
        }
        return messages;
    }

    private static void collect(JsonNode node, List<String> messages) {
        if (node == null || !node.isObject()) {
            return;
        }
        String message = node.path("message").asText("");
        String details = node.path("details").asText("");
        String text = (message + (message.isEmpty() || details.isEmpty() ? "" : ": ") + details).strip();
        if (!text.isEmpty()) {
            messages.add(clip(text));
        }
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "…" : oneLine;
    }
}
