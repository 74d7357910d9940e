package dev.crahub.cra;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.crahub.MigratedDatabase;
import dev.crahub.referential.Referential;
import dev.crahub.referential.ReferentialParser;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.ReferentialValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CRA workflow's state machine on a real PostgreSQL, with a clock the test moves (no Spring, no timer): sending
 * (deadline in working days, one link and one mail per approver), holding for review, re-sending, a new version
 * revoking the old links, reminders on the right working days around holidays (11 November, Easter Monday), not
 * before the reminder time and once a day whatever the ticks, escalation (the CRA stays open, its links work) and
 * tacit approval, and the first decision winning.
 */
class CraWorkflowTests {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static MigratedDatabase db;
    static final MovableClock clock = new MovableClock();
    static CraStore store;
    static ValidationTokens tokens;
    static CraDecisions decisions;
    static CraWorkflow workflow;
    static CraDeadlines deadlines;

    static final String REFERENTIAL = """
            sellers:
              - code: wf-seller
                name: Workflow Conseil SAS
                siren: "852917343"
                address: {lines: ["18 rue des Archives"], postcode: "75004", city: Paris, country: FR}
                email: facturation@wf.example
                invoicePrefix: WF
                craBuildCron: "0 0 18 L * *"
            clients:
              - code: wf-client
                name: Globex France SA
                siren: "412369878"
                address: {lines: ["Tour Horizon"], postcode: "92800", city: Puteaux, country: FR}
                approvers:
                  - {name: Claire Martin, email: claire.martin@wf-client.example}
                  - {name: Hugo Lefèvre, email: hugo.lefevre@wf-client.example}
                billing: {email: factures@wf-client.example}
            consultants:
              - {code: wf-jdupont, name: Jean Dupont}
            contracts:
              - {code: wf-escalate, seller: wf-seller, client: wf-client, label: Escalating, consultants: [wf-jdupont],
                 dailyRate: 600, currency: EUR, hoursPerDay: 8, vatRegime: STANDARD, vatRate: 20, paymentTermsDays: 30,
                 validationDeadlineDays: 5, reminderDays: [2, 1], deadlineAction: ESCALATE,
                 accountManager: {name: Sophie Durand, email: sophie.durand@wf.example}}
              - {code: wf-tacit, seller: wf-seller, client: wf-client, label: Tacit, consultants: [wf-jdupont],
                 dailyRate: 600, currency: EUR, hoursPerDay: 8, vatRegime: STANDARD, vatRate: 20, paymentTermsDays: 30,
                 validationDeadlineDays: 3, reminderDays: [1], deadlineAction: TACIT_APPROVAL}
              - {code: wf-fallback, seller: wf-seller, client: wf-client, label: No manager, consultants: [wf-jdupont],
                 dailyRate: 600, currency: EUR, hoursPerDay: 8, vatRegime: STANDARD, vatRate: 20, paymentTermsDays: 30,
                 validationDeadlineDays: 1, reminderDays: []}
              - {code: wf-review, seller: wf-seller, client: wf-client, label: Held, consultants: [wf-jdupont],
                 dailyRate: 600, currency: EUR, hoursPerDay: 8, vatRegime: STANDARD, vatRate: 20, paymentTermsDays: 30,
                 validationDeadlineDays: 5, craReview: true}
            """;

    @BeforeAll
    static void start() {
        db = MigratedDatabase.start();
        ReferentialStore referential = new ReferentialStore(db.jdbc);
        Referential ref = new ReferentialParser().parse(REFERENTIAL.getBytes(StandardCharsets.UTF_8));
        assertThat(new ReferentialValidator().validate(ref, referential.knownCodes())).isEmpty();
        db.tx.executeWithoutResult(s -> referential.upsert(ref));
        store = new CraStore(db.jdbc);
        tokens = new ValidationTokens(db.jdbc, "k".repeat(40), Duration.ofDays(30), "https://hub.example");
        CraMailQueue mails = new CraMailQueue(db.jdbc, "factures@wf.example");
        decisions = new CraDecisions(db.jdbc, store);
        workflow = new CraWorkflow(db.jdbc, store, referential, tokens, mails, decisions, clock);
        deadlines = new CraDeadlines(db.jdbc, referential, mails, decisions, store, workflow, clock, LocalTime.of(9, 0));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @Test
    void theReferentialKeepsApproversAndWorkflowTerms() {
        ReferentialStore referential = new ReferentialStore(db.jdbc);
        assertThat(referential.client("wf-client").orElseThrow().approvers())
                .extracting(dev.crahub.referential.Contact::email)
                .containsExactly("claire.martin@wf-client.example", "hugo.lefevre@wf-client.example");
        assertThat(referential.client("wf-client").orElseThrow().approver().name()).isEqualTo("Claire Martin");
        var escalate = referential.contract("wf-escalate").orElseThrow();
        assertThat(escalate.reminderDays()).containsExactly(2, 1);
        assertThat(escalate.deadlineAction()).isEqualTo(dev.crahub.referential.Contract.DeadlineAction.ESCALATE);
        assertThat(escalate.accountManager().email()).isEqualTo("sophie.durand@wf.example");
        var review = referential.contract("wf-review").orElseThrow();
        assertThat(review.craReview()).isTrue();
        assertThat(review.reminderDays()).containsExactly(2, 1);
        assertThat(review.deadlineAction()).isEqualTo(dev.crahub.referential.Contract.DeadlineAction.ESCALATE);
        assertThat(referential.seller("wf-seller").orElseThrow().craBuildCron()).isEqualTo("0 0 18 L * *");
    }

    @Test
    void remindersFallOnWorkingDaysAroundArmisticeDayThenTheDeadlineEscalates() {
        // sent on Friday 7 November 2025: 5 working days, 11 November (Tuesday) is a holiday -> Monday 17
        clock.at(2025, 11, 7, 10, 0);
        long id = build("wf-escalate", "2025-10", null);
        Map<String, Object> sent = row(id);
        assertThat(sent).containsEntry("status", "SENT").containsEntry("validation_deadline", java.sql.Date.valueOf("2025-11-17"));
        assertThat(mails(id, "VALIDATION_REQUEST")).containsExactlyInAnyOrder("claire.martin@wf-client.example",
                "hugo.lefevre@wf-client.example");
        assertThat(tokenCount(id, true)).isEqualTo(2);

        // nothing on the days between, nor on the reminder day before the reminder time
        clock.at(2025, 11, 12, 15, 0);
        assertThat(deadlines.due()).doesNotContain(id);
        clock.at(2025, 11, 13, 8, 59);
        assertThat(deadlines.due()).doesNotContain(id);

        // 2 working days before Monday 17 = Thursday 13, from 09:00; once, however often the tick comes
        clock.at(2025, 11, 13, 9, 0);
        assertThat(deadlines.due()).contains(id);
        tick(id);
        tick(id);
        assertThat(deadlines.due()).doesNotContain(id);
        assertThat(mails(id, "REMINDER")).containsExactlyInAnyOrder("claire.martin@wf-client.example",
                "hugo.lefevre@wf-client.example");
        // 1 working day before = Friday 14
        clock.at(2025, 11, 14, 16, 30);
        tick(id);
        assertThat(mails(id, "REMINDER")).hasSize(4);
        assertThat(events(id)).containsExactly("CREATED", "SENT", "REMINDED", "REMINDED");

        // the deadline day itself is not over: nothing
        clock.at(2025, 11, 17, 23, 59);
        assertThat(deadlines.due()).doesNotContain(id);
        // the day after: escalation to the account manager, once; the CRA stays open and its links keep working
        clock.at(2025, 11, 18, 0, 5);
        assertThat(deadlines.due()).contains(id);
        // a step that failed waits in the dead letters: the timer leaves the CRA alone until it is replayed
        deadlines.failed(id);
        assertThat(deadlines.due()).doesNotContain(id);
        tick(id); // the replay
        assertThat(row(id).get("workflow_failed_at")).isNull();
        tick(id);
        assertThat(row(id)).containsEntry("status", "SENT");
        assertThat(row(id).get("escalated_at")).isNotNull();
        assertThat(mails(id, "ESCALATION")).containsExactly("sophie.durand@wf.example");
        assertThat(events(id)).endsWith("ESCALATED").filteredOn("ESCALATED"::equals).hasSize(1);
        assertThat(deadlines.due()).doesNotContain(id);
        {
            String token = tokens.token(latestToken(id));
            assertThat(tokens.check(token, OffsetDateTime.now(clock)).verdict()).isEqualTo(ValidationTokens.Verdict.VALID);
        }
        // an overdue one counts as such
        assertThat(store.counts(LocalDate.now(clock)).overdue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void afterEasterMondayTheDeadlineGivesATacitApprovalOnBehalfOfTheFirstApprover() {
        // sent Thursday 17 April 2025; Easter Monday 21 April is a holiday: 3 working days -> Wednesday 23
        clock.at(2025, 4, 17, 11, 0);
        long id = build("wf-tacit", "2025-03", null);
        assertThat(row(id)).containsEntry("validation_deadline", java.sql.Date.valueOf("2025-04-23"));
        // reminder 1 working day before: Tuesday 22 (not Monday 21, a holiday)
        clock.at(2025, 4, 21, 10, 0);
        assertThat(deadlines.due()).doesNotContain(id);
        clock.at(2025, 4, 22, 10, 0);
        tick(id);
        assertThat(mails(id, "REMINDER")).hasSize(2);

        clock.at(2025, 4, 24, 0, 1);
        tick(id);
        assertThat(row(id)).containsEntry("status", "APPROVED");
        CraDecisions.Recorded decision = decisions.find(id).orElseThrow();
        assertThat(decision.kind()).isEqualTo(CraDecisions.Kind.TACIT);
        assertThat(decision.approverEmail()).isEqualTo("claire.martin@wf-client.example");
        assertThat(mails(id, "DECIDED_NOTICE")).hasSize(2);
        assertThat(events(id)).endsWith("TACITLY_APPROVED");
        assertThat(deadlines.due()).doesNotContain(id);
        // decided: sending it (again) is refused
        assertThatThrownBy(() -> workflow.send(id, "billing")).isInstanceOf(CraConflictException.class)
                .hasMessageContaining("APPROVED");
    }

    @Test
    void aHeldCraIsSentOnRequestSentAgainWithNewLinksAndANewVersionRevokesTheOldLinks() {
        clock.at(2025, 2, 3, 9, 30);
        long id = build("wf-review", "2025-01", null);
        assertThat(row(id)).containsEntry("status", "DRAFT").containsEntry("validation_deadline", null);
        assertThat(mails(id, "VALIDATION_REQUEST")).isEmpty();

        workflow.send(id, "billing");
        assertThat(row(id)).containsEntry("status", "SENT").containsEntry("validation_deadline", java.sql.Date.valueOf("2025-02-10"));
        String first = tokens.token(latestToken(id));
        clock.at(2025, 2, 4, 9, 30);
        db.tx.executeWithoutResult(s -> workflow.send(id, "billing"));
        assertThat(tokenCount(id, true)).isEqualTo(4);
        assertThat(mails(id, "VALIDATION_REQUEST")).hasSize(4);
        assertThat(row(id)).containsEntry("validation_deadline", java.sql.Date.valueOf("2025-02-10"));
        assertThat(events(id)).containsExactly("CREATED", "SENT", "RESENT");
        assertThat(tokens.check(first, OffsetDateTime.now(clock)).verdict()).isEqualTo(ValidationTokens.Verdict.VALID);

        // corrected timesheets: version 2 supersedes version 1, whose links now say SUPERSEDED
        long v2 = build("wf-review", "2025-01", id);
        assertThat(row(id)).containsEntry("status", "SUPERSEDED");
        assertThat(tokens.check(first, OffsetDateTime.now(clock)).verdict()).isEqualTo(ValidationTokens.Verdict.SUPERSEDED);
        assertThat(tokenCount(id, true)).isZero();
        assertThatThrownBy(() -> workflow.send(id, "billing")).isInstanceOf(CraConflictException.class);
        assertThat(row(v2)).containsEntry("status", "DRAFT"); // held for review, like version 1
    }

    @Test
    void aNewVersionOfASentCraIsSentAtOnceAndTheFirstDecisionWins() {
        clock.at(2025, 3, 3, 9, 30);
        long v1 = build("wf-escalate", "2025-02", null);
        String v1Link = tokens.token(latestToken(v1));
        long v2 = build("wf-escalate", "2025-02", v1);
        assertThat(tokens.check(v1Link, OffsetDateTime.now(clock)).verdict()).isEqualTo(ValidationTokens.Verdict.SUPERSEDED);
        assertThat(row(v2)).containsEntry("status", "SENT");
        assertThat(mails(v2, "VALIDATION_REQUEST")).hasSize(2);

        // the second approver rejects through the link; the approval recorded afterwards finds it decided
        var rejected = db.tx.execute(s -> decisions.record(new CraDecisions.Decision(v2, CraDecisions.Outcome.REJECTED,
                CraDecisions.Kind.LINK, "Hugo Lefèvre", "hugo.lefevre@wf-client.example", latestToken(v2), null, null,
                "day 3 is wrong", List.of(), OffsetDateTime.now(clock), "192.0.2.1", "test")));
        assertThat(rejected).isPresent();
        assertThatThrownBy(() -> workflow.recordApproval(v2, "admin", "phone", null))
                .isInstanceOf(CraConflictException.class).hasMessageContaining("REJECTED");
        assertThat(decisions.find(v2).orElseThrow().outcome()).isEqualTo(CraDecisions.Outcome.REJECTED);
        assertThatThrownBy(() -> workflow.send(v2, "billing")).isInstanceOf(CraConflictException.class);
        assertThat(store.list(YearMonth.of(2025, 2), CraStatus.REJECTED)).extracting(CraSummary::id).contains(v2);
    }

    @Test
    void aRecordedApprovalNamesOneOfTheClientsApprovers() {
        clock.at(2025, 3, 4, 9, 30);
        long id = build("wf-tacit", "2025-01", null);
        assertThatThrownBy(() -> workflow.recordApproval(id, "admin", "phone", "mallory@evil.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an approver of client 'wf-client'");
        var recorded = workflow.recordApproval(id, "admin", "by phone", "HUGO.lefevre@wf-client.example");
        assertThat(recorded.kind()).isEqualTo(CraDecisions.Kind.RECORDED);
        assertThat(recorded.approverName()).isEqualTo("Hugo Lefèvre");
        assertThat(recorded.recordedBy()).isEqualTo("admin");
        assertThat(store.history(id)).last().satisfies(e -> assertThat(e.detail())
                .isEqualTo("recorded by admin on behalf of Hugo Lefèvre <hugo.lefevre@wf-client.example>: by phone"));
        assertThat(mails(id, "DECIDED_NOTICE")).hasSize(2);
    }

    @Test
    void withoutAnAccountManagerTheEscalationGoesToTheSellerOnTheFirstWorkingDayAfterTheDeadline() {
        // sent Friday 25 April 2025, 1 working day -> Monday 28; Saturday and Sunday are not "after the deadline"
        clock.at(2025, 4, 25, 17, 0);
        long id = build("wf-fallback", "2025-04", null);
        assertThat(row(id)).containsEntry("validation_deadline", java.sql.Date.valueOf("2025-04-28"));
        clock.at(2025, 4, 28, 12, 0);
        assertThat(deadlines.due()).doesNotContain(id);
        clock.at(2025, 4, 29, 8, 0);
        tick(id);
        assertThat(mails(id, "ESCALATION")).containsExactly("facturation@wf.example");
        assertThat(mails(id, "REMINDER")).isEmpty();
        assertThat(store.history(id)).last().satisfies(e -> assertThat(e.detail())
                .isEqualTo("no decision by 2025-04-28: escalated to facturation@wf.example"));
    }

    @Test
    void theStepRuleCountsWorkingDays() {
        LocalDate sent = LocalDate.of(2025, 11, 7);
        LocalDate deadline = LocalDate.of(2025, 11, 17);
        LocalTime nine = LocalTime.of(9, 0);
        assertThat(CraDeadlines.step(sent, deadline, List.of(2, 1), LocalDateTime.of(2025, 11, 13, 9, 0).atZone(PARIS), nine))
                .isEqualTo(CraDeadlines.Step.REMIND);
        // Monday 10 is 4 working days before (11 November does not count): no reminder asked for that
        assertThat(CraDeadlines.step(sent, deadline, List.of(2, 1), LocalDateTime.of(2025, 11, 10, 9, 0).atZone(PARIS), nine))
                .isEqualTo(CraDeadlines.Step.NOTHING);
        assertThat(CraDeadlines.step(sent, deadline, List.of(4), LocalDateTime.of(2025, 11, 10, 9, 0).atZone(PARIS), nine))
                .isEqualTo(CraDeadlines.Step.REMIND);
        // a reminder day on or before the sending day is skipped
        assertThat(CraDeadlines.step(sent, deadline, List.of(5), LocalDateTime.of(2025, 11, 7, 12, 0).atZone(PARIS), nine))
                .isEqualTo(CraDeadlines.Step.NOTHING);
        assertThat(CraDeadlines.step(sent, deadline, List.of(), LocalDateTime.of(2025, 11, 18, 0, 0).atZone(PARIS), nine))
                .isEqualTo(CraDeadlines.Step.DEADLINE_PASSED);
    }

    @Test
    void theScheduledBuildFiresOnTheLastWorkingDayAt18OrOnTheSellersCron() {
        // 31 May 2025 is a Saturday: the last working day is Friday 30
        assertThat(CraBuildSchedule.fireTimeToday(null, LocalDateTime.of(2025, 5, 30, 17, 59).atZone(PARIS))).isEmpty();
        assertThat(CraBuildSchedule.fireTimeToday(null, LocalDateTime.of(2025, 5, 30, 18, 0).atZone(PARIS)))
                .contains(LocalDateTime.of(2025, 5, 30, 18, 0).atZone(PARIS));
        // caught up later the same day, never the next day
        assertThat(CraBuildSchedule.fireTimeToday(null, LocalDateTime.of(2025, 5, 30, 23, 0).atZone(PARIS))).isPresent();
        assertThat(CraBuildSchedule.fireTimeToday(null, LocalDateTime.of(2025, 5, 31, 0, 30).atZone(PARIS))).isEmpty();
        // December 2025: 31st is a Wednesday, a working day
        assertThat(CraBuildSchedule.fireTimeToday(null, LocalDateTime.of(2025, 12, 31, 18, 30).atZone(PARIS))).isPresent();
        // a seller's cron: the 1st of the month at 07:00
        assertThat(CraBuildSchedule.fireTimeToday("0 0 7 1 * *", LocalDateTime.of(2025, 6, 1, 8, 0).atZone(PARIS)))
                .contains(LocalDateTime.of(2025, 6, 1, 7, 0).atZone(PARIS));
        assertThat(CraBuildSchedule.fireTimeToday("0 0 7 1 * *", LocalDateTime.of(2025, 6, 2, 8, 0).atZone(PARIS))).isEmpty();
    }

    // --- helpers

    /** A new version stored and handed to the workflow as the build route does, in one transaction. */
    private long build(String contract, String month, Long supersedes) {
        return db.tx.execute(s -> {
            long id = store.nextId();
            int version = supersedes == null ? 1 : ((Number) row(supersedes).get("version")).intValue() + 1;
            byte[] xml = ("<cra id='" + id + "'/>").getBytes(StandardCharsets.UTF_8);
            CraDraft draft = new CraDraft(id, contract, YearMonth.parse(month), version, xml, BigDecimal.TEN,
                    BigDecimal.ONE, null, "f".repeat(63) + version, supersedes, CraSummary.Outcome.CREATED, null);
            CraSummary saved = store.save(draft, ("%PDF-" + id).getBytes(StandardCharsets.US_ASCII));
            return workflow.built(draft, saved).id();
        });
    }

    private void tick(long id) {
        deadlines.process(id);
    }

    private Map<String, Object> row(long id) {
        return db.jdbc.sql("SELECT * FROM cra WHERE id = :id").param("id", id).query().singleRow();
    }

    private List<String> mails(long id, String kind) {
        return db.jdbc.sql("SELECT recipient_email FROM cra_mail WHERE cra_id = :id AND kind = :kind ORDER BY id")
                .param("id", id).param("kind", kind).query(String.class).list();
    }

    private List<String> events(long id) {
        return store.history(id).stream().map(CraStore.Event::kind).toList();
    }

    private int tokenCount(long id, boolean open) {
        return db.jdbc.sql("SELECT count(*) FROM cra_validation_token WHERE cra_id = :id AND (revoked_at IS NULL) = :open")
                .param("id", id).param("open", open).query(Integer.class).single();
    }

    private java.util.UUID latestToken(long id) {
        return db.jdbc.sql("SELECT id FROM cra_validation_token WHERE cra_id = :id ORDER BY issued_at DESC LIMIT 1")
                .param("id", id).query(java.util.UUID.class).single();
    }

    /** A clock set by the test, in Paris. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2025-01-06T09:00:00Z");

        void at(int year, int month, int day, int hour, int minute) {
            now = LocalDateTime.of(year, month, day, hour, minute).atZone(PARIS).toInstant();
        }

        @Override
        public ZoneId getZone() {
            return PARIS;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
