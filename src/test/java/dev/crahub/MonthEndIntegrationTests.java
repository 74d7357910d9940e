package dev.crahub;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.crahub.delivery.mail.MailRegistry;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thinnest real month end, end to end: referential and timesheet files into the inboxes, CRAs built and one
 * approved, the invoice issued, and its mail received over SMTP by GreenMail with the PDF attached.
 */
class MonthEndIntegrationTests extends HubTestSupport {

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("crahub.mail.from", () -> "factures@acme.example");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    @SuppressWarnings("unchecked")
    void aMonthEndTurnsATimesheetIntoAMailedInvoice() throws Exception {
        dropFixtureMonth();

        // the unmapped entry is kept and listed, not dropped
        List<Map<String, Object>> unmapped = admin().exchange("/api/time-entries/unmapped", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(unmapped).extracting(e -> e.get("project")).containsExactly("INTERNAL-TRAINING");

        // CRAs
        ResponseEntity<Map> cras = admin().postForEntity("/api/months/2026-10/cras", null, Map.class);
        assertThat(cras.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> built = (List<Map<String, Object>>) cras.getBody().get("cras");
        assertThat(built).hasSize(1);
        Map<String, Object> cra = built.get(0);
        // sent on build (the contract does not hold CRAs for review): the deadline counts working days from today
        assertThat(cra).containsEntry("contract", "globex-platform").containsEntry("outcome", "CREATED")
                .containsEntry("status", "SENT").containsEntry("version", 1)
                .containsEntry("validationDeadline", dev.crahub.system.WorkingCalendar.plusWorkingDays(
                        java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")), 5).toString());
        assertThat(new BigDecimal(cra.get("totalHours").toString())).isEqualByComparingTo("31.00");
        // 31 h of 8 h days: 3.875 days exactly, never rounded before pricing (ADR 0015)
        assertThat(new BigDecimal(cra.get("totalDays").toString())).isEqualByComparingTo("3.875");
        long craId = ((Number) cra.get("id")).longValue();

        // the approver's validation request leaves after the build's commit, with the CRA attached
        await().atMost(Duration.ofSeconds(30)).until(() -> craMails("VALIDATION_REQUEST").size() == 1);
        MimeMessage request = craMails("VALIDATION_REQUEST").get(0);
        assertThat(request.getRecipients(Message.RecipientType.TO)[0].toString())
                .isEqualTo("Claire Martin <claire.martin@globex.example>");
        assertThat(MailParts.attachment(request).getFileName()).isEqualTo("CRA-globex-platform-2026-10-v1.pdf");
        // no crahub.public-base-url here: the link points to this machine, on the port the hub really listens on
        assertThat(MailParts.text(request, "text/plain")).contains("http://localhost:" + port + "/validation/");

        byte[] craPdf = admin().getForObject("/api/cras/" + craId + "/pdf", byte[].class);
        assertThat(text(craPdf)).contains("Jean Dupont", "Alice Moreau", "Développement du connecteur");

        // building again changes nothing
        List<Map<String, Object>> again = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2026-10/cras", null, Map.class).getBody().get("cras");
        assertThat(again).singleElement().satisfies(c -> assertThat(c).containsEntry("outcome", "UNCHANGED"));

        // nothing to invoice before approval
        List<Map<String, Object>> none = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2026-10/invoices", null, Map.class).getBody().get("invoices");
        assertThat(none).isEmpty();

        Map<String, Object> approved = approve(craId, "signed paper CRA received");
        assertThat(approved).containsEntry("status", "APPROVED");
        assertThat((Map<String, Object>) approved.get("decision")).containsEntry("kind", "RECORDED")
                .containsEntry("recordedBy", "admin").containsEntry("approverEmail", "claire.martin@globex.example");
        List<Map<String, Object>> history = admin().getForObject("/api/cras/" + craId + "/history", List.class);
        // the workflow's events (each mail that left adds a MAIL_SENT, asynchronously)
        List<Map<String, Object>> workflow = history.stream().filter(e -> !"MAIL_SENT".equals(e.get("kind"))).toList();
        assertThat(workflow).extracting(e -> e.get("kind")).containsExactly("CREATED", "SENT", "APPROVED");
        assertThat(history).extracting(e -> e.get("kind")).contains("MAIL_SENT");
        assertThat(workflow.get(2).get("detail"))
                .isEqualTo("recorded by admin on behalf of Claire Martin <claire.martin@globex.example>: signed paper CRA received");

        // invoice
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2026-10/invoices", null, Map.class).getBody().get("invoices");
        assertThat(invoices).hasSize(1);
        Map<String, Object> invoice = invoices.get(0);
        String number = (String) invoice.get("number");
        assertThat(number).matches("ACME-\\d{4}-000001");
        // by hand: Jean 3.5 + 4 + 8 = 15.5 h, Alice 7.5 + 8 = 15.5 h; each 15.5 / 8 = 1.9375 days x 650.00 =
        // 1 259.375 -> 1 259.38 (one line each, rounded once); net 2 518.76; VAT 20 % = 503.752 -> 503.75; 3 022.51
        assertThat(new BigDecimal(invoice.get("totalNet").toString())).isEqualByComparingTo("2518.76");
        assertThat(new BigDecimal(invoice.get("totalVat").toString())).isEqualByComparingTo("503.75");
        assertThat(new BigDecimal(invoice.get("totalGross").toString())).isEqualByComparingTo("3022.51");
        long invoiceId = ((Number) invoice.get("id")).longValue();
        assertThat(admin().getForObject("/api/invoices?month=2026-10", List.class)).hasSize(1);

        // an approved CRA is invoiced once
        List<Map<String, Object>> second = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2026-10/invoices", null, Map.class).getBody().get("invoices");
        assertThat(second).isEmpty();

        // an issued invoice cannot be changed, even directly in the database
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        jdbc.sql("UPDATE invoice SET total_net = 0 WHERE id = :id").param("id", invoiceId).update())
                .hasMessageContaining("immutable");

        // the archive holds a write-once copy
        Path archived = home.archive("invoices").resolve("acme");
        try (var files = Files.walk(archived)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains(number + ".pdf", number + ".xml");
        }

        // dispatch (the e-invoice put in place VALID by the test fixture: the gate lets only VALID ones leave)
        awaitValidEInvoices("2026-10");
        Map<String, Object> dispatch = dispatchMonth("2026-10");
        List<Map<String, Object>> dispatches = (List<Map<String, Object>>) dispatch.get("dispatches");
        assertThat(dispatches).singleElement().satisfies(d -> assertThat(d).containsEntry("status", "SENT")
                .containsEntry("invoiceNumber", number));

        MimeMessage[] received = invoiceMails();
        // one message, delivered to the billing contact and the copy
        assertThat(received).hasSize(2);
        MimeMessage mail = received[0];
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Address::toString))
                .containsExactly("factures@globex.example");
        // the greeting neutral for a department (ADR 0025)
        assertThat(MailParts.text(mail, "text/plain")).startsWith("Bonjour,").doesNotContain("Bonjour Comptabilité");
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.CC)).map(Address::toString))
                .containsExactly("achats@globex.example");
        assertThat(mail.getSubject()).contains(number, "ACME Conseil SAS");
        assertThat(mail.getMessageID()).isEqualTo("<invoice." + number + "@acme.example>");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("ACME Conseil SAS <factures@acme.example>");
        // the mailbox's side of it (ADR 0023): one transmission, SENT, from the default mailbox, with the server's answer
        assertThat(registry.find("<invoice." + number + "@acme.example>")).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo("SENT");
            assertThat(r.kind()).isEqualTo("INVOICE");
            assertThat(r.account()).isEqualTo("default");
            assertThat(r.transport()).isEqualTo("SMTP");
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.recipients()).isEqualTo("factures@globex.example, achats@globex.example");
            assertThat(r.serverReply()).startsWith("accepted by 127.0.0.1");
            assertThat(r.sizeBytes()).isGreaterThan(10_000);
        });

        Part pdfPart = MailParts.attachment(mail);
        assertThat(pdfPart.getContentType()).startsWith("application/pdf");
        assertThat(pdfPart.getFileName()).isEqualTo(number + ".pdf");
        String pdfText = text(pdfPart.getInputStream().readAllBytes()).replace('\u00a0', ' ').replace('\u202f', ' ');
        assertThat(pdfText).contains(number, "3 022,51", "1,9375", "1 259,38", "Recette \"bout en bout\"");

        // a second dispatch sends nothing more
        Map<String, Object> redispatch = dispatchMonth("2026-10");
        assertThat((List<Object>) redispatch.get("dispatches")).isEmpty();
        assertThat(invoiceMails()).hasSize(2);
    }

    @Autowired
    MailRegistry registry;

    /** Invoice mails GreenMail received (one per recipient), apart from the CRA workflow's. */
    private static MimeMessage[] invoiceMails() throws Exception {
        List<MimeMessage> invoices = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getHeader("X-Crahub-Invoice") != null) {
                invoices.add(m);
            }
        }
        return invoices.toArray(MimeMessage[]::new);
    }

    /** CRA workflow mails of a kind GreenMail received. */
    private static List<MimeMessage> craMails(String kind) throws Exception {
        List<MimeMessage> mails = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String[] header = m.getHeader("X-Crahub-Mail-Kind");
            if (header != null && header[0].equals(kind)) {
                mails.add(m);
            }
        }
        return mails;
    }

    static String text(byte[] pdf) throws Exception {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

}
