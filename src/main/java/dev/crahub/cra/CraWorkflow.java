package dev.crahub.cra;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.crahub.referential.Contact;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.system.WorkingCalendar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends CRA versions to the client's approvers and records approvals received another way. Sending is one
 * transaction with the build (or the {@code send} call): status SENT, the deadline in working days from the day it
 * leaves, one signed link per approver and one queued mail per link; the mails go out after the commit (the
 * {@code cra_mail} outbox). A new version supersedes the old one and kills its links. A contract with
 * {@code craReview} keeps its CRAs as DRAFT until a hub user sends them.
 */
@Component
public class CraWorkflow {

    private final JdbcClient jdbc;
    private final CraStore store;
    private final ReferentialStore referential;
    private final ValidationTokens tokens;
    private final CraMailQueue mails;
    private final CraDecisions decisions;
    private final Clock clock;

    public CraWorkflow(JdbcClient jdbc, CraStore store, ReferentialStore referential, ValidationTokens tokens,
                       CraMailQueue mails, CraDecisions decisions, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.referential = referential;
        this.tokens = tokens;
        this.mails = mails;
        this.decisions = decisions;
        this.clock = clock;
    }

    /**
     * After a new version is stored, in the build's transaction: the version it supersedes loses its links, and it
     * is sent at once unless its contract holds CRAs for review.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CraSummary built(CraDraft draft, CraSummary saved) {
        if (!draft.isNew()) {
            return saved;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (draft.supersedes() != null) {
            tokens.revokeAll(draft.supersedes(), "SUPERSEDED", now);
        }
        Contract contract = referential.contract(draft.contract()).orElseThrow();
        if (contract.craReview()) {
            return saved;
        }
        deliver(saved.id(), contract, now, "system", false);
        return store.find(saved.id()).orElseThrow().withOutcome(saved.outcome());
    }

    /**
     * Sends a DRAFT version, or sends a SENT one again (new links, the old ones stay valid until they expire; the
     * deadline does not move). A decided or superseded version cannot be sent: {@link CraConflictException}.
     */
    @Transactional
    public CraSummary send(long craId, String actor) {
        Lock cra = lock(craId).orElseThrow(() -> new java.util.NoSuchElementException("No CRA " + craId));
        if (cra.status() != CraStatus.DRAFT && cra.status() != CraStatus.SENT) {
            throw new CraConflictException("CRA " + craId + " is " + cra.status()
                    + ": only a DRAFT CRA can be sent, or a SENT one sent again");
        }
        Contract contract = referential.contract(cra.contract()).orElseThrow();
        deliver(craId, contract, OffsetDateTime.now(clock), actor, cra.status() == CraStatus.SENT);
        return store.find(craId).orElseThrow();
    }

    private void deliver(long craId, Contract contract, OffsetDateTime now, String actor, boolean again) {
        List<Contact> approvers = referential.approvers(contract.client());
        if (approvers.isEmpty()) {
            throw new IllegalStateException("client '" + contract.client() + "' has no approver: the CRA cannot be sent");
        }
        LocalDate deadline = deadline(now, contract.validationDeadlineDays(), clock);
        if (!again) {
            jdbc.sql("""
                    UPDATE cra SET status = 'SENT', sent_at = :now, validation_deadline = :deadline
                    WHERE id = :id AND status = 'DRAFT'
                    """)
                    .param("id", craId).param("now", now).param("deadline", deadline).update();
        }
        StringBuilder to = new StringBuilder();
        for (Contact approver : approvers) {
            ValidationTokens.Issued issued = tokens.issue(craId, approver.name(), approver.email(), now);
            mails.queue(craId, CraMailQueue.Kind.VALIDATION_REQUEST, approver.name(), approver.email(), issued.id(),
                    issued.id().toString());
            to.append(to.isEmpty() ? "" : ", ").append(approver.email());
        }
        if (again) {
            store.event(craId, "RESENT", actor, "sent again to " + to + " (new links)", null, null);
        } else {
            store.event(craId, "SENT", actor, "sent to " + to + ", to be approved by " + deadline, null, null);
        }
    }

    /** The validation deadline of a CRA sent at {@code sentAt}: that many working days after the day it left. */
    static LocalDate deadline(OffsetDateTime sentAt, int workingDays, Clock clock) {
        LocalDate sent = sentAt.atZoneSameInstant(clock.getZone()).toLocalDate();
        return WorkingCalendar.plusWorkingDays(sent, workingDays);
    }

    /**
     * Records an approval a hub user received another way (a signed paper, an e-mail), on behalf of one of the
     * client's approvers (the first when none is named); the approvers are told.
     */
    @Transactional
    public CraDecisions.Recorded recordApproval(long craId, String user, String reason, String approverEmail) {
        Lock cra = lock(craId).orElseThrow(() -> new java.util.NoSuchElementException("No CRA " + craId));
        List<Contact> approvers = referential.approvers(cra.client());
        Contact approver;
        if (approverEmail == null || approverEmail.isBlank()) {
            approver = approvers.isEmpty() ? null : approvers.get(0);
        } else {
            approver = approvers.stream()
                    .filter(a -> a.email().equalsIgnoreCase(approverEmail.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + shorten(approverEmail)
                            + "' is not an approver of client '" + cra.client() + "' (approvers: "
                            + String.join(", ", approvers.stream().map(Contact::email).toList()) + ")"));
        }
        if (approver == null) {
            throw new IllegalArgumentException("client '" + cra.client() + "' has no approver");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        CraDecisions.Recorded recorded = decisions.record(new CraDecisions.Decision(craId, CraDecisions.Outcome.APPROVED,
                        CraDecisions.Kind.RECORDED, approver.name(), approver.email(), null, user, reason, null, List.of(),
                        now, null, null))
                .orElseThrow(() -> new CraConflictException("CRA " + craId + " is " + cra.status()
                        + ": only a DRAFT or SENT CRA can be approved"));
        tellApprovers(craId, approvers);
        return recorded;
    }

    /** Queues the notice of a decision to every approver of the CRA's client (once per approver and decision). */
    public void tellApprovers(long craId, List<Contact> approvers) {
        for (Contact a : approvers) {
            mails.queue(craId, CraMailQueue.Kind.DECIDED_NOTICE, a.name(), a.email(), null,
                    "decided:" + a.email().toLowerCase(Locale.ROOT));
        }
    }

    private Optional<Lock> lock(long craId) {
        return jdbc.sql("""
                SELECT c.status, c.contract_code, k.client_code FROM cra c JOIN contract k ON k.code = c.contract_code
                WHERE c.id = :id FOR UPDATE OF c
                """)
                .param("id", craId)
                .query((rs, n) -> new Lock(CraStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)))
                .optional();
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private record Lock(CraStatus status, String contract, String client) {
    }
}
