package dev.crahub.delivery;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.crahub.HubTestSupport;
import dev.crahub.cra.CraMailQueue;
import dev.crahub.cra.ValidationTokens;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With no SMTP server configured (the hub's default), a queued CRA mail is written once to
 * {@code data/outbox/mail/cra-<craId>-<kind>-<mailId>.eml}, like invoice mails. Month 2025-06, codes prefixed mail-.
 */
class CraMailOutboxIntegrationTests extends HubTestSupport {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CraMailQueue queue;
    @Autowired
    ValidationTokens tokens;
    @Autowired
    CraMailStore mails;

    @Test
    @SuppressWarnings("unchecked")
    void withoutSmtpTheMailIsWrittenToTheOutbox() throws Exception {
        drop("referential", "mail-outbox-referential.yaml", CraMailIntegrationTests.REFERENTIAL);
        awaitDone("referential", "mail-outbox-referential.yaml");
        drop("timesheets", "mail-outbox-2025-06.csv", """
                consultant,date,hours,project,comment
                mail-jdupont,2025-06-02,8,MAIL-GLOBEX,Juin
                mail-amoreau,2025-06-03,3.5,MAIL-GLOBEX,Juin
                """);
        awaitDone("timesheets", "mail-outbox-2025-06.csv");
        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2025-06/cras", null, Map.class).get("cras");
        long craId = cras.stream().filter(c -> "mail-globex-platform".equals(c.get("contract"))).findFirst()
                .map(c -> ((Number) c.get("id")).longValue()).orElseThrow();
        // the past deadline is marked escalated, so that the workflow's timer does not queue an escalation meanwhile
        jdbc.sql("UPDATE cra SET status = 'SENT', sent_at = now(), validation_deadline = DATE '2025-07-08', escalated_at = now() WHERE id = :id")
                .param("id", craId).update();
        ValidationTokens.Issued claire = tokens.issue(craId, "Claire Martin", "claire.martin@mail-globex.example", OffsetDateTime.now());
        queue.queue(craId, CraMailQueue.Kind.VALIDATION_REQUEST, "Claire Martin", "claire.martin@mail-globex.example",
                claire.id(), "outbox");
        CraMail row = mails.list(craId).stream().filter(m -> m.kind().equals("VALIDATION_REQUEST")
                && m.recipientEmail().equals("claire.martin@mail-globex.example")).reduce((a, b) -> b).orElseThrow();

        await().atMost(Duration.ofSeconds(30)).until(() -> mails.find(row.id()).orElseThrow().status() == DispatchStatus.SENT);
        Path eml = home.outbox("mail").resolve("cra-" + craId + "-validation-request-" + row.id() + ".eml");
        assertThat(eml).exists();
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(Files.readAllBytes(eml)));
        assertThat(m.getMessageID()).isEqualTo(row.messageId());
        assertThat(m.getSubject()).isEqualTo("CRA à valider – Refonte de la plateforme – juin 2025 (version 1)");
        assertThat(m.getHeader("X-Crahub-Mail-Kind")).containsExactly("VALIDATION_REQUEST");
        Multipart mixed = (Multipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("CRA-mail-globex-platform-2025-06-v1.pdf");
        String text = (String) ((Multipart) mixed.getBodyPart(0).getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("Bonjour Claire Martin,", "- Alice Moreau : 0,4375 jour, 3,5 heures", tokens.link(claire.id()));
        try (var files = Files.list(home.outbox("mail"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("cra-" + craId + "-"))).hasSize(1);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM cra_event WHERE cra_id = :id AND kind = 'MAIL_SENT'").param("id", craId)
                .query(Integer.class).single()).isEqualTo(1);
    }
}
