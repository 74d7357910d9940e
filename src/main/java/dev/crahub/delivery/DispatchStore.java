package dev.crahub.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dispatch rows (one per invoice: its delivery through the client's channels, in fallback order) and their attempts
 * (insert-only). Every change of state is committed on its own: SENDING before a channel is tried, the attempt row
 * and the next state together right after (ADR 0021).
 */
@Repository
public class DispatchStore {

    private static final String SUMMARY = """
            SELECT d.id, d.invoice_id, i.number, d.channel, d.recipients, d.status, d.message_id, d.attempts, d.sent_at,
                   d.last_error, d.position, d.format, d.remote_id, d.next_attempt_at
            FROM dispatch d JOIN invoice i ON i.id = d.invoice_id
            """;
    private static final TypeReference<List<PlannedChannel>> PLAN = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public DispatchStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One channel of a dispatch's plan: the referential's type, the format it sends, its own settings. */
    public record PlannedChannel(String type, String format, Map<String, String> settings) {
        public PlannedChannel {
            settings = settings == null ? Map.of() : Map.copyOf(settings);
        }
    }

    /** A dispatch as the orchestrator reads it: its invoice, its plan and where it stands in it. */
    public record Dispatch(long id, long invoiceId, String invoiceNumber, String sellerCode, String clientCode,
                           DispatchStatus status, List<PlannedChannel> plan, int position, int channelAttempts,
                           int attempts) {

        public PlannedChannel current() {
            return plan.get(position - 1);
        }

        public boolean hasNext() {
            return position < plan.size();
        }
    }

    /** Issued invoices of the month with no dispatch yet: id, client and the billing recipients. */
    public List<NewDispatch> missing(YearMonth month) {
        return jdbc.sql("""
                SELECT i.id, i.number, i.client_code, c.billing_email, c.billing_cc FROM invoice i
                JOIN client c ON c.code = i.client_code
                WHERE i.month = :month AND NOT EXISTS (SELECT 1 FROM dispatch d WHERE d.invoice_id = i.id)
                ORDER BY i.id
                """)
                .param("month", month.toString())
                .query((rs, n) -> new NewDispatch(rs.getLong(1), rs.getString(2), rs.getString(3),
                        recipients(rs.getString(4), rs.getString(5))))
                .list();
    }

    /** An invoice still to be given its dispatch row. */
    public record NewDispatch(long invoiceId, String number, String clientCode, String recipients) {
    }

    /** Creates the PENDING dispatch of an invoice with its plan (nothing if it has one already). */
    @Transactional
    public void create(NewDispatch d, List<PlannedChannel> plan, String messageId) {
        PlannedChannel first = plan.get(0);
        jdbc.sql("""
                INSERT INTO dispatch (invoice_id, channel, format, position, plan, recipients, status, message_id)
                VALUES (:invoice, :channel, :format, 1, CAST(:plan AS jsonb), :recipients, 'PENDING', :messageId)
                ON CONFLICT (invoice_id) DO NOTHING
                """)
                .param("invoice", d.invoiceId()).param("channel", first.type()).param("format", first.format())
                .param("plan", write(plan)).param("recipients", d.recipients()).param("messageId", messageId)
                .update();
    }

    /**
     * The month's dispatches to run now: new ones, those waiting for a retry (an operator's dispatch does not wait for
     * the back-off), those that failed on every channel or were blocked by the gate (a new round). SENT ones, and
     * SENDING ones (fate unknown after a crash), are left alone.
     */
    public List<Long> toRun(YearMonth month) {
        return jdbc.sql("""
                SELECT d.id FROM dispatch d JOIN invoice i ON i.id = d.invoice_id
                WHERE i.month = :month AND d.status IN ('PENDING', 'RETRY', 'FAILED', 'BLOCKED') ORDER BY d.id
                """)
                .param("month", month.toString()).query(Long.class).list();
    }

    /** RETRY dispatches whose back-off is over. */
    public List<Long> dueRetries(OffsetDateTime now) {
        return jdbc.sql("SELECT id FROM dispatch WHERE status = 'RETRY' AND next_attempt_at <= :now ORDER BY next_attempt_at, id")
                .param("now", now).query(Long.class).list();
    }

    public Optional<Dispatch> dispatch(long id) {
        return jdbc.sql("""
                SELECT d.id, d.invoice_id, i.number, i.seller_code, i.client_code, d.status, d.plan, d.position,
                       d.channel_attempts, d.attempts
                FROM dispatch d JOIN invoice i ON i.id = d.invoice_id WHERE d.id = :id
                """)
                .param("id", id)
                .query((rs, n) -> new Dispatch(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), DispatchStatus.valueOf(rs.getString(6)), read(rs.getString(7)), rs.getInt(8),
                        rs.getInt(9), rs.getInt(10)))
                .optional();
    }

    /**
     * Starts a new round (PENDING, FAILED or BLOCKED to SENDING, committed) on the first channel of a fresh plan;
     * false if another sender took it meanwhile or it is not in one of those states.
     */
    @Transactional
    public boolean claimRound(long id, List<PlannedChannel> plan) {
        PlannedChannel first = plan.get(0);
        return jdbc.sql("""
                UPDATE dispatch SET status = 'SENDING', plan = CAST(:plan AS jsonb), position = 1, channel = :channel,
                       format = :format, channel_attempts = 0, next_attempt_at = NULL, updated_at = now()
                WHERE id = :id AND status IN ('PENDING', 'FAILED', 'BLOCKED')
                """)
                .param("id", id).param("plan", write(plan)).param("channel", first.type())
                .param("format", first.format()).update() == 1;
    }

    /** Takes a RETRY dispatch again on the same channel (SENDING, committed); false if another sender took it. */
    @Transactional
    public boolean claimRetry(long id) {
        return jdbc.sql("UPDATE dispatch SET status = 'SENDING', updated_at = now() WHERE id = :id AND status = 'RETRY'")
                .param("id", id).update() == 1;
    }

    /** The channel delivered: attempt row and SENT in one transaction. */
    @Transactional
    public void delivered(Dispatch d, String remoteId, String message, OffsetDateTime at) {
        attempt(d, DispatchAttempt.Outcome.DELIVERED, remoteId, message, at);
        sendingOnly(d, jdbc.sql("""
                UPDATE dispatch SET status = 'SENT', sent_at = :at, remote_id = :remote, last_error = NULL,
                       attempts = attempts + 1, channel_attempts = channel_attempts + 1, next_attempt_at = NULL,
                       updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """).param("id", d.id()).param("at", at).param("remote", clip(remoteId, 500)).update());
    }

    /** The channel asked to be tried again: attempt row and RETRY (due at {@code next}) in one transaction. */
    @Transactional
    public void retry(Dispatch d, String message, OffsetDateTime at, OffsetDateTime next) {
        attempt(d, DispatchAttempt.Outcome.RETRY, null, message, at);
        sendingOnly(d, jdbc.sql("""
                UPDATE dispatch SET status = 'RETRY', next_attempt_at = :next, last_error = :error,
                       attempts = attempts + 1, channel_attempts = channel_attempts + 1, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """).param("id", d.id()).param("next", next).param("error", message).update());
    }

    /**
     * The channel failed for good: attempt row, then the next channel of the plan (still SENDING) or, after the last
     * one, FAILED; one transaction. Answers whether a next channel is to be tried.
     */
    @Transactional
    public boolean failed(Dispatch d, String message, OffsetDateTime at) {
        attempt(d, DispatchAttempt.Outcome.FAILED, null, message, at);
        if (d.hasNext()) {
            PlannedChannel next = d.plan().get(d.position());
            sendingOnly(d, jdbc.sql("""
                    UPDATE dispatch SET position = position + 1, channel = :channel, format = :format,
                           channel_attempts = 0, attempts = attempts + 1, last_error = :error, updated_at = now()
                    WHERE id = :id AND status = 'SENDING'
                    """).param("id", d.id()).param("channel", next.type()).param("format", next.format())
                    .param("error", message).update());
            return true;
        }
        sendingOnly(d, jdbc.sql("""
                UPDATE dispatch SET status = 'FAILED', attempts = attempts + 1, channel_attempts = channel_attempts + 1,
                       last_error = :error, next_attempt_at = NULL, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """).param("id", d.id()).param("error", "every channel failed; last: " + message).update());
        return false;
    }

    /** What a bounce did to a dispatch ({@link #bounced}). */
    public enum Bounced {
        /** The dispatch waits (RETRY, due now) on the client's next channel. */
        NEXT_CHANNEL,
        /** E-mail was the last channel: FAILED. */
        FAILED,
        /** The dispatch is no longer the delivery by that mail (it moved on, or was sent again): untouched. */
        NOT_CURRENT
    }

    /**
     * The mail that delivered a dispatch bounced (ADR 0027): a FAILED attempt on its e-mail channel, then the client's
     * next channel (RETRY, due now: {@code delivery-dispatch-one} or the retry timer takes it) or, after the last one,
     * FAILED. The dispatch gets a new Message-ID, so that a later round by mail (a replay once the address is fixed) is
     * a new transmission rather than the bounced one "already sent". Runs in the caller's transaction; the dispatch
     * row is locked while it is read.
     */
    @Transactional
    public Bounced bounced(long id, String bouncedMessageId, String message, OffsetDateTime at) {
        Optional<String> current = jdbc.sql("""
                SELECT message_id FROM dispatch
                WHERE id = :id AND status = 'SENT' AND channel = 'email' AND remote_id = :messageId FOR UPDATE
                """).param("id", id).param("messageId", bouncedMessageId).query(String.class).optional();
        if (current.isEmpty()) {
            return Bounced.NOT_CURRENT;
        }
        Dispatch d = dispatch(id).orElseThrow();
        attempt(d, DispatchAttempt.Outcome.FAILED, bouncedMessageId, message, at);
        String messageId = resentId(current.get(), d.attempts() + 1);
        if (d.hasNext()) {
            PlannedChannel next = d.plan().get(d.position());
            jdbc.sql("""
                    UPDATE dispatch SET status = 'RETRY', position = position + 1, channel = :channel, format = :format,
                           channel_attempts = 0, attempts = attempts + 1, last_error = :error, next_attempt_at = :at,
                           remote_id = NULL, message_id = :messageId, updated_at = now()
                    WHERE id = :id AND status = 'SENT'
                    """).param("id", id).param("channel", next.type()).param("format", next.format())
                    .param("error", message).param("at", at).param("messageId", messageId).update();
            return Bounced.NEXT_CHANNEL;
        }
        jdbc.sql("""
                UPDATE dispatch SET status = 'FAILED', attempts = attempts + 1, last_error = :error, remote_id = NULL,
                       next_attempt_at = NULL, message_id = :messageId, updated_at = now()
                WHERE id = :id AND status = 'SENT'
                """).param("id", id).param("error", "every channel failed; last: " + message)
                .param("messageId", messageId).update();
        return Bounced.FAILED;
    }

    /** {@code <invoice.N@d>} -> {@code <invoice.N.r3@d>}: the dispatch's Message-ID for its next mail. */
    static String resentId(String messageId, int attempt) {
        String base = messageId.replaceFirst("\\.r\\d+@", "@");
        int at = base.lastIndexOf('@');
        return at < 0 ? base + ".r" + attempt : base.substring(0, at) + ".r" + attempt + base.substring(at);
    }

    /** The validation gate refused the e-invoice: a BLOCKED attempt, nothing sent, status BLOCKED. */
    @Transactional
    public void blocked(Dispatch d, String reason, OffsetDateTime at) {
        attempt(d, DispatchAttempt.Outcome.BLOCKED, null, reason, at);
        sendingOnly(d, jdbc.sql("""
                UPDATE dispatch SET status = 'BLOCKED', last_error = :error, next_attempt_at = NULL, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """).param("id", d.id()).param("error", reason).update());
    }

    /**
     * Notes an error that stopped a dispatch's unit outside any channel (the database, a bug). A PENDING dispatch
     * stays PENDING and a SENDING one stays SENDING: its channel may have delivered, so it is never resent blindly.
     */
    @Transactional
    public DispatchSummary noted(long id, String error) {
        jdbc.sql("UPDATE dispatch SET last_error = :error, updated_at = now() WHERE id = :id")
                .param("id", id).param("error", error).update();
        return find(id).orElseThrow();
    }

    /**
     * Whether a dispatch has been SENDING, untouched, for longer than {@code quiet} (database time): long past any
     * channel's time-outs, so it is no send in progress but one a crash interrupted.
     */
    public boolean sendingUntouchedFor(long id, java.time.Duration quiet) {
        return jdbc.sql("SELECT count(*) FROM dispatch WHERE id = :id AND status = 'SENDING' "
                        + "AND updated_at < now() - make_interval(secs => :secs)")
                .param("id", id).param("secs", (double) quiet.toSeconds()).query(Long.class).single() > 0;
    }

    /**
     * Dispatches SENDING on the e-mail channel, untouched for longer than {@code quiet}, whose mail has no registry row
     * still SENDING or UNCERTAIN (ADR 0024): a crash before the mail was handed to {@code delivery-mail-send}, or
     * after its outcome was recorded there but before the dispatch's. Answers {@code id -> message_id}.
     */
    public Map<Long, String> staleMailSending(java.time.Duration quiet) {
        Map<Long, String> found = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                SELECT d.id, d.message_id FROM dispatch d
                WHERE d.status = 'SENDING' AND d.channel = 'email' AND d.updated_at < now() - make_interval(secs => :secs)
                  AND NOT EXISTS (SELECT 1 FROM mail_message m WHERE m.message_id = d.message_id
                                  AND m.status IN ('SENDING', 'UNCERTAIN'))
                ORDER BY d.id
                """)
                .param("secs", (double) quiet.toMillis() / 1000.0)
                .query(rs -> {
                    found.put(rs.getLong(1), rs.getString(2));
                });
        return found;
    }

    /** The dispatch whose mail has this Message-ID (the e-mail channel's), if any. */
    public Optional<Long> byMessageId(String messageId) {
        return jdbc.sql("SELECT id FROM dispatch WHERE message_id = :m").param("m", messageId).query(Long.class).optional();
    }

    /** A change of a SENDING dispatch that found it no longer SENDING undoes the whole transaction (attempt row too). */
    private static void sendingOnly(Dispatch d, int updated) {
        if (updated != 1) {
            throw new IllegalStateException("dispatch " + d.id() + " is no longer SENDING");
        }
    }

    private void attempt(Dispatch d, DispatchAttempt.Outcome outcome, String remoteId, String message, OffsetDateTime at) {
        PlannedChannel c = d.current();
        jdbc.sql("""
                INSERT INTO dispatch_attempt (dispatch_id, invoice_id, channel, position, format, attempted_at, outcome,
                                              remote_id, message)
                VALUES (:dispatch, :invoice, :channel, :position, :format, :at, :outcome, :remote, :message)
                """)
                .param("dispatch", d.id()).param("invoice", d.invoiceId()).param("channel", c.type())
                .param("position", d.position()).param("format", c.format()).param("at", at)
                .param("outcome", outcome.name()).param("remote", clip(remoteId, 500)).param("message", message)
                .update();
    }

    public Optional<DispatchSummary> find(long id) {
        return jdbc.sql(SUMMARY + " WHERE d.id = :id").param("id", id).query(DispatchStore::summary).optional();
    }

    public List<DispatchSummary> list(YearMonth month) {
        return jdbc.sql(SUMMARY + " WHERE (CAST(:month AS VARCHAR) IS NULL OR i.month = :month) ORDER BY d.id")
                .param("month", month == null ? null : month.toString()).query(DispatchStore::summary).list();
    }

    /** The dispatches of one invoice (one today; a list so that the API stays the same if that changes). */
    public List<DispatchSummary> dispatches(long invoiceId) {
        return jdbc.sql(SUMMARY + " WHERE d.invoice_id = :id ORDER BY d.id").param("id", invoiceId)
                .query(DispatchStore::summary).list();
    }

    /** Every attempt made to deliver an invoice, oldest first: what {@code GET /api/invoices/{id}} may embed. */
    public List<DispatchAttempt> attempts(long invoiceId) {
        return jdbc.sql("""
                SELECT id, dispatch_id, invoice_id, channel, position, format, attempted_at, outcome, remote_id, message
                FROM dispatch_attempt WHERE invoice_id = :id ORDER BY id
                """)
                .param("id", invoiceId)
                .query((rs, n) -> new DispatchAttempt(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
                        DispatchAttempt.Outcome.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10)))
                .list();
    }

    public boolean invoiceExists(long invoiceId) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE id = :id").param("id", invoiceId).query(Long.class).single() > 0;
    }

    private static DispatchSummary summary(ResultSet rs, int row) throws SQLException {
        return new DispatchSummary(rs.getLong("id"), rs.getLong("invoice_id"), rs.getString("number"),
                rs.getString("channel"), rs.getString("recipients"), DispatchStatus.valueOf(rs.getString("status")),
                rs.getString("message_id"), rs.getInt("attempts"), rs.getObject("sent_at", OffsetDateTime.class),
                rs.getString("last_error"), rs.getInt("position"), rs.getString("format"), rs.getString("remote_id"),
                rs.getObject("next_attempt_at", OffsetDateTime.class));
    }

    private static String recipients(String to, String cc) {
        return cc == null || cc.isBlank() ? to : to + "," + cc;
    }

    /** The personal message the billing team wrote for this dispatch's mail, if any (ADR 0023). */
    public java.util.Optional<String> personalMessage(long dispatchId) {
        return jdbc.sql("SELECT personal_message FROM dispatch WHERE id = :id").param("id", dispatchId)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getString(1))).optional()
                .flatMap(m -> m);
    }

    /** Sets (or clears, with null) the personal message of a dispatch's mail, before it is sent. */
    @Transactional
    public void personalMessage(long dispatchId, String message) {
        jdbc.sql("UPDATE dispatch SET personal_message = :message WHERE id = :id AND status <> 'SENT'")
                .param("message", message).param("id", dispatchId).update();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private String write(List<PlannedChannel> plan) {
        try {
            return json.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<PlannedChannel> read(String text) {
        try {
            return json.readValue(text, PLAN);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable dispatch plan: " + e.getMessage(), e);
        }
    }
}
