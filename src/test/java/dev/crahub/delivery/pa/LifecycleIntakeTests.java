package dev.crahub.delivery.pa;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.crahub.delivery.PlatformPayloads.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pieces of the status intake that need no database: the CDAR fields read (invoice, code, date in the business
 * zone, reason, amount), a CDAR with a DOCTYPE refused, and the webhook's HMAC-SHA256 signature check.
 */
class LifecycleIntakeTests {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void aCdarSaysWhichInvoiceWhatStatusAndWhen() {
        byte[] cdar = payload("afnor/cdar.xml", Map.of("number", "PF-2022-000001", "code", "212", "at", "20220512093000",
                "reason", "Virement reçu", "amount", "1080.00")).getBytes(StandardCharsets.UTF_8);

        CdarReader.Notice notice = CdarReader.read(cdar, PARIS).orElseThrow();

        assertThat(notice.invoiceNumber()).isEqualTo("PF-2022-000001");
        assertThat(notice.code()).isEqualTo("212");
        // 09:30 in Paris in May = 07:30 UTC
        assertThat(notice.occurredAt()).isEqualTo(OffsetDateTime.parse("2022-05-12T09:30:00+02:00"));
        assertThat(notice.reason()).isEqualTo("Virement reçu");
        assertThat(notice.amount()).isEqualByComparingTo(new BigDecimal("1080.00"));
    }

    @Test
    void aCdarWithoutInvoiceOrCodeIsNotANotice() {
        byte[] cdar = payload("afnor/cdar.xml", Map.of("number", "", "code", "200", "at", "20220512093000",
                "reason", "", "amount", "")).getBytes(StandardCharsets.UTF_8);
        assertThat(CdarReader.read(cdar, PARIS)).isEmpty();
    }

    @Test
    void aCdarWithADoctypeIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<x><ReferenceReferencedDocument><IssuerAssignedID>&e;</IssuerAssignedID>"
                + "<ProcessConditionCode>200</ProcessConditionCode></ReferenceReferencedDocument></x>";
        assertThatThrownBy(() -> CdarReader.read(xxe.getBytes(StandardCharsets.UTF_8), PARIS))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void theWebhookSignatureIsTheHmacOfTheBodyWithTheSecret() {
        byte[] body = "{\"flowInfo\":{\"flowId\":\"lc-1\"}}".getBytes(StandardCharsets.UTF_8);
        String hex = HexFormat.of().formatHex(PaWebhookController.hmac(body, "whsec"));

        assertThat(PaWebhookController.signed(body, "whsec", hex)).isTrue();
        assertThat(PaWebhookController.signed(body, "whsec", "sha256=" + hex.toUpperCase())).isTrue();
        assertThat(PaWebhookController.signed(body, "other", hex)).isFalse();
        assertThat(PaWebhookController.signed("{}".getBytes(StandardCharsets.UTF_8), "whsec", hex)).isFalse();
        assertThat(PaWebhookController.signed(body, "whsec", hex.substring(2))).isFalse();
        assertThat(PaWebhookController.signed(body, "whsec", "not-hex")).isFalse();
        assertThat(PaWebhookController.signed(body, "whsec", null)).isFalse();
        assertThat(PaWebhookController.signed(body, "whsec", "")).isFalse();
    }

    @Test
    void aFlowIdIsCheckedBeforeItGoesIntoAUrlARowOrALog() {
        assertThat(FlowIds.valid("flow-0001")).isTrue();
        assertThat(FlowIds.valid("3f2a9c1e-7d4b-4e1a-9b2c-0a1b2c3d4e5f")).isTrue();
        assertThat(FlowIds.valid("..")).isFalse();
        assertThat(FlowIds.valid("../admin")).isFalse();
        assertThat(FlowIds.valid("a/b")).isFalse();
        assertThat(FlowIds.valid("a\nFORGED LOG LINE")).isFalse();
        assertThat(FlowIds.valid("x".repeat(201))).isFalse();
        assertThat(FlowIds.valid("")).isFalse();
        assertThat(FlowIds.valid(null)).isFalse();
        assertThat(FlowIds.printable("a\nb")).isEqualTo("a?b");
    }
}
