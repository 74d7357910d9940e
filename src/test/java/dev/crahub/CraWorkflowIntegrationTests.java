package dev.crahub;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.crahub.cra.CraDecisions;
import dev.crahub.cra.ValidationTokens;
import dev.crahub.system.WorkingCalendar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CRA workflow through the running hub (months 2025-01 to 2025-03, codes prefixed {@code workflow-}): CRAs sent
 * on build with a link per approver, held for review and sent (again) by a billing user, a decided CRA never sent
 * again, approvals recorded with a reason on behalf of a real approver only, a rejected version replaced by the
 * corrected one whose links replace the old ones, the status filter, the history, the gauges, and the timer route
 * acting on a moved clock: a tacit approval after the deadline and the scheduled build of the month's last working
 * day at 18:00. Queued mails are checked as rows (sending them is the mail routes' job).
 */
class CraWorkflowIntegrationTests extends HubTestSupport {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    CraDecisions decisions;
    @Autowired
    ValidationTokens tokens;

    static final String REFERENTIAL = """
            sellers:
              - code: workflow-seller
                name: Workflow Conseil SAS
                siren: "852917343"
                address: {lines: ["18 rue des Archives"], postcode: "75004", city: Paris, country: FR}
                email: facturation@workflow.example
                invoicePrefix: WFLOW
            clients:
              - code: workflow-client
                name: Workflow Client SA
                siren: "412369878"
                address: {lines: ["Tour Horizon"], postcode: "92800", city: Puteaux, country: FR}
                approvers:
                  - {name: Claire Martin, email: claire@workflow-client.example}
                  - {name: Hugo Lefèvre, email: hugo@workflow-client.example}
                billing: {email: factures@workflow-client.example}
            consultants:
              - {code: workflow-jdupont, name: Jean Dupont}
            contracts:
              - code: workflow-sent
                seller: workflow-seller
                client: workflow-client
                label: Sent on build
                consultants: [workflow-jdupont]
                dailyRate: 600
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20
                paymentTermsDays: 30
                validationDeadlineDays: 5
                trackers: [{source: generic, project: WORKFLOW-SENT}]
              - code: workflow-held
                seller: workflow-seller
                client: workflow-client
                label: Held for review
                consultants: [workflow-jdupont]
                dailyRate: 600
                currency: EUR
                hoursPerDay: 8
                vatRegime: STANDARD
                vatRate: 20
                paymentTermsDays: 30
                validationDeadlineDays: 2
                craReview: true
                deadlineAction: TACIT_APPROVAL
                trackers: [{source: generic, project: WORKFLOW-HELD}]
            """;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWorkflowSendsHoldsResendsRecordsAndTimesOut() throws Exception {
        drop("referential", "workflow.yaml", REFERENTIAL);
        awaitDone("referential", "workflow.yaml");
        drop("timesheets", "workflow-2025.csv", """
                consultant,date,hours,project,comment
                workflow-jdupont,2025-01-06,8,WORKFLOW-SENT,Cadrage
                workflow-jdupont,2025-01-07,8,WORKFLOW-HELD,Revue
                workflow-jdupont,2025-02-03,8,WORKFLOW-SENT,Analyse
                workflow-jdupont,2025-03-03,8,WORKFLOW-SENT,Recette
                """);
        awaitDone("timesheets", "workflow-2025.csv");

        // built: the plain contract's CRA is sent at once, the held one stays DRAFT
        List<Map<String, Object>> built = (List<Map<String, Object>>) billing()
                .postForObject("/api/months/2025-01/cras", null, Map.class).get("cras");
        Map<String, Object> sent = byContract(built, "workflow-sent");
        Map<String, Object> held = byContract(built, "workflow-held");
        LocalDate today = LocalDate.now(PARIS);
        assertThat(sent).containsEntry("status", "SENT")
                .containsEntry("validationDeadline", WorkingCalendar.plusWorkingDays(today, 5).toString());
        assertThat(held).containsEntry("status", "DRAFT").doesNotContainKey("validationDeadline");
        long sentId = id(sent);
        long heldId = id(held);
        assertThat(queued(sentId, "VALIDATION_REQUEST")).containsExactlyInAnyOrder("claire@workflow-client.example",
                "hugo@workflow-client.example");
        assertThat(queued(heldId, "VALIDATION_REQUEST")).isEmpty();

        // the status filter; a bad status is a 400 problem
        assertThat((List<Map<String, Object>>) billing().getForObject("/api/cras?month=2025-01&status=DRAFT", List.class))
                .extracting(c -> c.get("contract")).containsExactly("workflow-held");
        ResponseEntity<Map> bad = billing().getForEntity("/api/cras?status=LOST'--", Map.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(bad.getBody().get("detail").toString()).contains("is not one of");

        // neither ops nor an outsider may send or approve
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/cras/" + heldId + "/send", null, Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/cras/" + heldId + "/approve",
                json(Map.of("reason", "ops says so")), Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.postForEntity("/api/cras/" + heldId + "/send", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(queued(heldId, "VALIDATION_REQUEST")).isEmpty();

        // a billing user sends the held CRA, then sends it again (new links, the deadline does not move)
        Map<String, Object> heldSent = billing().postForObject("/api/cras/" + heldId + "/send", null, Map.class);
        assertThat(heldSent).containsEntry("status", "SENT")
                .containsEntry("validationDeadline", WorkingCalendar.plusWorkingDays(today, 2).toString());
        assertThat(billing().postForEntity("/api/cras/" + heldId + "/send", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(queued(heldId, "VALIDATION_REQUEST")).hasSize(4);
        List<Map<String, Object>> history = billing().getForObject("/api/cras/" + heldId + "/history", List.class);
        // the mails' own events (MAIL_SENT) interleave as the outbox delivers them: the workflow's are these
        assertThat(history).extracting(e -> e.get("kind")).filteredOn(kind -> !String.valueOf(kind).startsWith("MAIL_"))
                .containsExactly("CREATED", "SENT", "RESENT");
        assertThat(history.get(1)).containsEntry("actor", "billing").containsKey("at");

        // recorded approval: a reason is required, the approver must be one of the client's, the body is bounded
        assertThat(billing().postForEntity("/api/cras/" + sentId + "/approve", json(Map.of()), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(billing().postForEntity("/api/cras/" + sentId + "/approve", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<Map> stranger = billing().postForEntity("/api/cras/" + sentId + "/approve",
                json(Map.of("reason", "phone", "approver", "mallory@evil.example")), Map.class);
        assertThat(stranger.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(stranger.getBody().get("detail").toString()).contains("is not an approver of client 'workflow-client'");
        ResponseEntity<Map> huge = billing().postForEntity("/api/cras/" + sentId + "/approve",
                json(Map.of("reason", "x".repeat(10 * 1024 * 1024))), Map.class);
        assertThat(huge.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        ResponseEntity<Map> longReason = billing().postForEntity("/api/cras/" + sentId + "/approve",
                json(Map.of("reason", "y".repeat(5000))), Map.class);
        assertThat(longReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(jdbc.sql("SELECT status FROM cra WHERE id = :id").param("id", sentId).query(String.class).single())
                .isEqualTo("SENT");

        Map<String, Object> approved = billing().postForObject("/api/cras/" + sentId + "/approve",
                json(Map.of("reason", "signed CRA received by post", "approver", "hugo@workflow-client.example")), Map.class);
        assertThat(approved).containsEntry("status", "APPROVED").containsEntry("overdue", false).containsKey("sentAt");
        assertThat((Map<String, Object>) approved.get("decision")).containsEntry("kind", "RECORDED")
                .containsEntry("approverName", "Hugo Lefèvre").containsEntry("recordedBy", "billing")
                .containsEntry("reason", "signed CRA received by post");
        assertThat(queued(sentId, "DECIDED_NOTICE")).hasSize(2);
        // a decided CRA is neither sent again nor approved twice
        ResponseEntity<Map> resend = billing().postForEntity("/api/cras/" + sentId + "/send", null, Map.class);
        assertThat(resend.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(resend.getBody().get("detail").toString()).contains("is APPROVED");
        assertThat(billing().postForEntity("/api/cras/" + sentId + "/approve", json(Map.of("reason", "again")), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        // gauges, read from the database
        String metrics = rest.withBasicAuth("ops", OPS_PASSWORD).getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).contains("crahub_cras{status=\"APPROVED\"}", "crahub_cras{status=\"SENT\"}",
                "crahub_cras_overdue");

        // the timer route: once the held CRA's deadline day is over, its contract approves it tacitly
        LocalDate deadline = WorkingCalendar.plusWorkingDays(today, 2);
        clock.moveTo(deadline.plusDays(1).atTime(0, 5).atZone(PARIS));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                "APPROVED".equals(billing().getForObject("/api/cras/" + heldId, Map.class).get("status")));
        Map<String, Object> tacit = billing().getForObject("/api/cras/" + heldId, Map.class);
        assertThat((Map<String, Object>) tacit.get("decision")).containsEntry("kind", "TACIT")
                .containsEntry("approverEmail", "claire@workflow-client.example");
        clock.reset();

        // a rejected version stays as it is while its facts do not change, and corrected timesheets replace it
        List<Map<String, Object>> february = (List<Map<String, Object>>) billing()
                .postForObject("/api/months/2025-02/cras", null, Map.class).get("cras");
        long v1 = id(byContract(february, "workflow-sent"));
        String v1Token = tokens.token(jdbc.sql("SELECT id FROM cra_validation_token WHERE cra_id = :id LIMIT 1")
                .param("id", v1).query(java.util.UUID.class).single());
        tx.executeWithoutResult(s -> decisions.record(new CraDecisions.Decision(v1, CraDecisions.Outcome.REJECTED,
                CraDecisions.Kind.LINK, "Claire Martin", "claire@workflow-client.example", null, null, null,
                "3 February was a half day", List.of(new CraDecisions.DayVerdict(LocalDate.of(2025, 2, 3),
                CraDecisions.Outcome.REJECTED, "half day")), OffsetDateTime.now(), "192.0.2.7", "test")).orElseThrow());
        assertThat((List<Map<String, Object>>) billing().getForObject("/api/cras?month=2025-02&status=REJECTED", List.class))
                .extracting(c -> ((Number) c.get("id")).longValue()).containsExactly(v1);
        assertThat((List<Map<String, Object>>) billing().postForObject("/api/months/2025-02/cras", null, Map.class).get("cras"))
                .singleElement().satisfies(c -> assertThat(c).containsEntry("outcome", "UNCHANGED").containsEntry("status", "REJECTED"));
        drop("timesheets", "workflow-2025-02-fix.csv", """
                consultant,date,hours,project,comment
                workflow-jdupont,2025-02-03,4,WORKFLOW-SENT,Analyse
                """);
        awaitDone("timesheets", "workflow-2025-02-fix.csv");
        Map<String, Object> v2 = ((List<Map<String, Object>>) billing().postForObject("/api/months/2025-02/cras", null,
                Map.class).get("cras")).get(0);
        assertThat(v2).containsEntry("outcome", "CREATED").containsEntry("version", 2).containsEntry("status", "SENT");
        assertThat(queued(id(v2), "VALIDATION_REQUEST")).hasSize(2);
        assertThat(tokens.check(v1Token, OffsetDateTime.now()).verdict()).isEqualTo(ValidationTokens.Verdict.SUPERSEDED);
        assertThat((List<Map<String, Object>>) billing().getForObject("/api/cras/" + v1 + "/history", List.class))
                .extracting(e -> e.get("kind")).containsExactly("CREATED", "SENT", "REJECTED", "SUPERSEDED");

        // the scheduled build: Monday 31 March 2025 (the last working day) at 18:00 builds March, once
        clock.moveTo(LocalDateTime.of(2025, 3, 31, 18, 0, 2).atZone(PARIS));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                !((List<?>) billing().getForObject("/api/cras?month=2025-03", List.class)).isEmpty());
        List<Map<String, Object>> march = billing().getForObject("/api/cras?month=2025-03", List.class);
        assertThat(march).singleElement().satisfies(c -> assertThat(c).containsEntry("contract", "workflow-sent")
                .containsEntry("status", "SENT").containsEntry("validationDeadline", "2025-04-07"));
        assertThat(jdbc.sql("SELECT count(*) FROM cra_build_schedule_run WHERE seller_code = 'workflow-seller' AND month = '2025-03'")
                .query(Integer.class).single()).isEqualTo(1);
        Thread.sleep(2500); // two more ticks: the fire time is not built again
        assertThat(jdbc.sql("SELECT count(*) FROM cra WHERE contract_code = 'workflow-sent' AND month = '2025-03'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    private TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    private static Map<String, Object> byContract(List<Map<String, Object>> cras, String contract) {
        return cras.stream().filter(c -> contract.equals(c.get("contract"))).findFirst().orElseThrow();
    }

    private static long id(Map<String, Object> cra) {
        return ((Number) cra.get("id")).longValue();
    }

    private List<String> queued(long craId, String kind) {
        return jdbc.sql("SELECT recipient_email FROM cra_mail WHERE cra_id = :id AND kind = :kind ORDER BY id")
                .param("id", craId).param("kind", kind).query(String.class).list();
    }
}
