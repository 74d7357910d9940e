package dev.crahub.cra;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.crahub.referential.Contact;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.system.WorkingCalendar;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What time does to a SENT CRA, in working days: reminders to the approvers on each of the contract's reminder days
 * before the deadline (not before {@code crahub.cra.reminder-time} in {@code crahub.zone}, once per day whatever the
 * ticks), and once the deadline day is over the contract's deadline action: a tacit approval (recorded as such, the
 * approvers told) or an escalation to the account manager (the CRA stays open, its links keep working). The timer
 * route {@code cra-workflow-tick} asks {@link #due()} and calls {@link #process(long)} for each CRA in a transaction
 * of its own.
 */
@Component
public class CraDeadlines {

    private final JdbcClient jdbc;
    private final ReferentialStore referential;
    private final CraMailQueue mails;
    private final CraDecisions decisions;
    private final CraStore store;
    private final CraWorkflow workflow;
    private final Clock clock;
    private final LocalTime reminderTime;

    public CraDeadlines(JdbcClient jdbc, ReferentialStore referential, CraMailQueue mails, CraDecisions decisions,
                        CraStore store, CraWorkflow workflow, Clock clock,
                        @Value("${crahub.cra.reminder-time:09:00}") LocalTime reminderTime) {
        this.jdbc = jdbc;
        this.referential = referential;
        this.mails = mails;
        this.decisions = decisions;
        this.store = store;
        this.workflow = workflow;
        this.clock = clock;
        this.reminderTime = reminderTime;
    }

    /** What is due for a SENT CRA on a given day and time. */
    public enum Step { NOTHING, REMIND, DEADLINE_PASSED }

    /**
     * The pure rule: after the deadline day, the deadline action; on a reminder day (working days before the
     * deadline, after the day it was sent) from the reminder time, a reminder; else nothing.
     */
    public static Step step(LocalDate sent, LocalDate deadline, List<Integer> reminderDays, ZonedDateTime now,
                            LocalTime reminderTime) {
        LocalDate today = now.toLocalDate();
        if (today.isAfter(deadline)) {
            return Step.DEADLINE_PASSED;
        }
        if (now.toLocalTime().isBefore(reminderTime)) {
            return Step.NOTHING;
        }
        for (int days : reminderDays) {
            LocalDate day = WorkingCalendar.plusWorkingDays(deadline, -days);
            if (day.equals(today) && day.isAfter(sent)) {
                return Step.REMIND;
            }
        }
        return Step.NOTHING;
    }

    /** SENT CRAs with something to do now (a reminder not queued yet today, a deadline passed and not acted upon). */
    public List<Long> due() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<Long> ids = new ArrayList<>();
        jdbc.sql("""
                SELECT c.id, c.sent_at, c.validation_deadline, k.reminder_days,
                       EXISTS (SELECT 1 FROM cra_mail m WHERE m.cra_id = c.id AND m.kind = 'REMINDER'
                                                          AND m.dedup_key LIKE :today) AS reminded
                FROM cra c JOIN contract k ON k.code = c.contract_code
                WHERE c.status = 'SENT' AND c.escalated_at IS NULL AND c.validation_deadline IS NOT NULL
                  AND c.workflow_failed_at IS NULL
                ORDER BY c.id
                """)
                .param("today", "REMINDER:" + now.toLocalDate() + ":%")
                .query(rs -> {
                    OffsetDateTime sentAt = rs.getObject("sent_at", OffsetDateTime.class);
                    if (sentAt == null) {
                        return; // SENT before the workflow existed: no deadline of its own to act on
                    }
                    LocalDate sent = sentAt.atZoneSameInstant(clock.getZone()).toLocalDate();
                    Step step = step(sent, rs.getObject("validation_deadline", LocalDate.class),
                            days(rs.getString("reminder_days")), now, reminderTime);
                    if (step == Step.DEADLINE_PASSED || step == Step.REMIND && !rs.getBoolean("reminded")) {
                        ids.add(rs.getLong("id"));
                    }
                });
        return ids;
    }

    /** Does what is due for one CRA, in its own transaction; a CRA no longer SENT is left alone. */
    @Transactional
    public String process(long craId) {
        var row = jdbc.sql("""
                SELECT c.status, c.contract_code, c.sent_at, c.validation_deadline, c.escalated_at
                FROM cra c WHERE c.id = :id FOR UPDATE
                """)
                .param("id", craId)
                .query((rs, n) -> new Sent(CraStatus.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class), rs.getObject(4, LocalDate.class),
                        rs.getObject(5, OffsetDateTime.class)))
                .optional().orElseThrow(() -> new java.util.NoSuchElementException("No CRA " + craId));
        // done (or replayed from the dead letters): the timer takes it again
        jdbc.sql("UPDATE cra SET workflow_failed_at = NULL WHERE id = :id AND workflow_failed_at IS NOT NULL")
                .param("id", craId).update();
        if (row.status() != CraStatus.SENT || row.deadline() == null || row.sentAt() == null || row.escalatedAt() != null) {
            return "CRA " + craId + ": nothing to do (" + row.status() + ")";
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        Contract contract = referential.contract(row.contract()).orElseThrow();
        List<Contact> approvers = referential.approvers(contract.client());
        Step step = step(row.sentAt().atZoneSameInstant(clock.getZone()).toLocalDate(), row.deadline(),
                contract.reminderDays(), now, reminderTime);
        return switch (step) {
            case NOTHING -> "CRA " + craId + ": nothing due";
            case REMIND -> remind(craId, approvers, now);
            case DEADLINE_PASSED -> contract.deadlineAction() == Contract.DeadlineAction.TACIT_APPROVAL
                    ? tacit(craId, approvers, now) : escalate(craId, contract, row.deadline(), now);
        };
    }

    private String remind(long craId, List<Contact> approvers, ZonedDateTime now) {
        List<String> to = new ArrayList<>();
        for (Contact a : approvers) {
            UUID token = jdbc.sql("""
                    SELECT id FROM cra_validation_token
                    WHERE cra_id = :cra AND lower(approver_email) = lower(:email) AND revoked_at IS NULL
                      AND used_at IS NULL AND expires_at > :now
                    ORDER BY issued_at DESC LIMIT 1
                    """)
                    .param("cra", craId).param("email", a.email()).param("now", now.toOffsetDateTime())
                    .query(UUID.class).optional().orElse(null);
            if (token != null && mails.queue(craId, CraMailQueue.Kind.REMINDER, a.name(), a.email(), token,
                    now.toLocalDate() + ":" + a.email().toLowerCase(Locale.ROOT))) {
                to.add(a.email());
            }
        }
        if (!to.isEmpty()) {
            store.event(craId, "REMINDED", "system", "reminder sent to " + String.join(", ", to), null, null);
        }
        return "CRA " + craId + ": reminded " + to;
    }

    private String tacit(long craId, List<Contact> approvers, ZonedDateTime now) {
        Contact first = approvers.isEmpty() ? new Contact(null, "unknown", List.of()) : approvers.get(0);
        var recorded = decisions.record(new CraDecisions.Decision(craId, CraDecisions.Outcome.APPROVED,
                CraDecisions.Kind.TACIT, first.name(), first.email(), null, null, null, null, List.of(),
                now.toOffsetDateTime(), null, null));
        if (recorded.isPresent()) {
            workflow.tellApprovers(craId, approvers);
            return "CRA " + craId + ": tacitly approved";
        }
        return "CRA " + craId + ": already decided";
    }

    private String escalate(long craId, Contract contract, LocalDate deadline, ZonedDateTime now) {
        Contact to = accountManager(contract);
        jdbc.sql("UPDATE cra SET escalated_at = :now WHERE id = :id").param("id", craId)
                .param("now", now.toOffsetDateTime()).update();
        if (to == null) {
            // nobody to mail: escalated all the same (once), not failed at every tick
            store.event(craId, "ESCALATED", "system", "no decision by " + deadline + ": contract '" + contract.code()
                    + "' has no accountManager and its seller no e-mail, nobody was told", null, null);
            return "CRA " + craId + ": escalated, nobody to tell";
        }
        mails.queue(craId, CraMailQueue.Kind.ESCALATION, to.name(), to.email(), null, "deadline:" + deadline);
        store.event(craId, "ESCALATED", "system", "no decision by " + deadline + ": escalated to " + to.email(),
                null, null);
        return "CRA " + craId + ": escalated to " + to.email();
    }

    /**
     * Marks a CRA whose step failed (its dead letter is recorded): the timer leaves it until the dead letter is
     * replayed, instead of failing again at every tick.
     */
    public void failed(long craId) {
        jdbc.sql("UPDATE cra SET workflow_failed_at = now() WHERE id = :id").param("id", craId).update();
    }

    /**
     * Who hears about rejections and escalations: the contract's account manager, else the seller's e-mail; null
     * when neither is known.
     */
    public Contact accountManager(Contract contract) {
        if (contract.accountManager() != null && contract.accountManager().email() != null) {
            return contract.accountManager();
        }
        return referential.seller(contract.seller()).filter(s -> s.email() != null)
                .map(s -> new Contact(s.name(), s.email(), List.of())).orElse(null);
    }

    static List<Integer> days(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(stored.split(",")).map(Integer::valueOf).toList();
    }

    private record Sent(CraStatus status, String contract, OffsetDateTime sentAt, LocalDate deadline,
                        OffsetDateTime escalatedAt) {
    }
}
