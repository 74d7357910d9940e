package dev.crahub.delivery;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRunBusyException;
import dev.crahub.system.MonthRuns;
import dev.crahub.system.XmlCharacters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Mass dispatch (ADR 0026): a month's documents (or a selection of them) sent through their clients' channels by a
 * run that the HTTP caller does not wait for. {@link #start} checks the selection, plans the dispatches, records the
 * run with its documents and hands it to route {@code delivery-dispatch-run}, holding the month's dispatch lock
 * ({@link MonthRuns}) until the route ends it ({@link #finish} or {@link #abort}), so one run of a month at a time,
 * across the asynchronous boundary and across hub instances. The route calls {@link #begin}, then for each document
 * {@code delivery-dispatch-one} (or {@link #render} in a dry run: {@link DryRunMails}) and {@link #done}. Gauges
 * {@code crahub.dispatch.run.*} sum the running runs ({@code documents} is their total: a Prometheus gauge cannot end
 * in {@code _total}).
 */
@Component("dispatchRuns")
public class DispatchRuns {

    /** A personal message at most this long (characters). */
    static final int MESSAGE_MAX = 2000;
    /** At most this many invoices in a selection. */
    static final int SELECTION_MAX = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DispatchRuns.class);
    private static final TypeReference<List<Long>> IDS = new TypeReference<>() {
    };

    private final DispatchRunStore runs;
    private final DispatchStore dispatches;
    private final ChannelDispatcher dispatcher;
    private final DryRunMails dryRuns;
    private final MonthRuns monthRuns;
    private final ObjectProvider<DispatchRunQueue> queue;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    /** The month lock of each run this hub carries out, released when the route ends the run. */
    private final Map<Long, MonthRuns.Run> locks = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    public DispatchRuns(DispatchRunStore runs, DispatchStore dispatches, ChannelDispatcher dispatcher,
                        DryRunMails dryRuns, MonthRuns monthRuns, ObjectProvider<DispatchRunQueue> queue,
                        ObjectMapper json, MeterRegistry meters, Clock clock) {
        this.runs = runs;
        this.dispatches = dispatches;
        this.dispatcher = dispatcher;
        this.dryRuns = dryRuns;
        this.monthRuns = monthRuns;
        this.queue = queue;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        gauge("crahub.dispatch.run.running", "dispatch runs running", List::size);
        gauge("crahub.dispatch.run.documents", "documents of the running dispatch runs (their total)", s -> sum(s, DispatchRunView::total));
        gauge("crahub.dispatch.run.sent", "documents sent (or rendered, in a dry run) by the running runs", s -> sum(s, DispatchRunView::sent));
        gauge("crahub.dispatch.run.failed", "documents the running runs could not send", s -> sum(s, DispatchRunView::failed));
        gauge("crahub.dispatch.run.pending", "documents of the running runs not sent yet", s -> sum(s, DispatchRunView::pending));
    }

    /** What a caller asks: the whole month (no invoices) or a selection, personal messages, a dry run. */
    public record Request(List<Long> invoices, String message, Map<Long, String> messages, boolean dryRun) {
    }

    /**
     * Starts a run and answers it (RUNNING) at once. 422 ({@link DispatchRunRefusedException}) for a selection naming
     * invoices not of the month, not issued or already sent (or being sent), or an unusable personal message; 409
     * ({@link dev.crahub.system.MonthRunBusyException}) while a run of the month is RUNNING.
     */
    public DispatchRunView start(YearMonth month, Request request, String user) {
        checkMessages(request);
        MonthRuns.Run lock = monthRuns.start(MonthOperation.DISPATCH, month, user);
        long id;
        try {
            OffsetDateTime now = OffsetDateTime.now(clock);
            int stale = runs.interrupted(month, now);
            if (stale > 0) {
                log.warn("{} dispatch run(s) of {} left RUNNING by a stopped hub marked FAILED", stale, month);
            }
            List<Long> planned = dispatcher.plan(month.toString());
            List<Long> chosen = select(month, request, planned);
            id = runs.create(month, request.invoices() == null ? null : write(request.invoices()), user, now,
                    request.dryRun(), chosen);
            personalMessages(request, chosen);
            locks.put(id, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            queue.getObject().enqueue(id);
        } catch (RuntimeException e) {
            abort(id, e);
            throw e;
        }
        log.info("Dispatch run {} of {} started by {}{}", id, month, user, request.dryRun() ? " (dry run)" : "");
        return view(id);
    }

    private static void checkMessages(Request request) {
        if (request.invoices() != null && request.invoices().isEmpty()) {
            throw new DispatchRunRefusedException(
                    "invoices: name at least one invoice, or leave the list out to dispatch the whole month", List.of());
        }
        if (request.invoices() != null && request.invoices().size() > SELECTION_MAX) {
            throw new DispatchRunRefusedException("invoices: at most " + SELECTION_MAX + " in one run", List.of());
        }
        if (request.invoices() != null && request.invoices().stream().anyMatch(java.util.Objects::isNull)) {
            throw new DispatchRunRefusedException("invoices: an id is missing (null) in the list", List.of());
        }
        checkMessage("message", request.message());
        if (request.messages() != null) {
            request.messages().forEach((invoice, text) -> checkMessage("messages." + invoice, text));
        }
    }

    private static void checkMessage(String field, String text) {
        if (text == null) {
            return;
        }
        if (text.length() > MESSAGE_MAX) {
            throw new DispatchRunRefusedException(field + ": at most " + MESSAGE_MAX + " characters", List.of());
        }
        int bad = XmlCharacters.firstRefused(text);
        if (bad >= 0) {
            throw new DispatchRunRefusedException(field + ": " + XmlCharacters.describe(text, bad), List.of());
        }
    }

    /** The dispatches the run takes: all those to run for the month, or those of the invoices asked for. */
    private List<Long> select(YearMonth month, Request request, List<Long> planned) {
        Set<Long> asked = new LinkedHashSet<>();
        if (request.invoices() != null) {
            asked.addAll(request.invoices());
        }
        if (request.messages() != null) {
            asked.addAll(request.messages().keySet());
        }
        if (asked.isEmpty()) {
            return planned;
        }
        Map<Long, Long> plannedByInvoice = new LinkedHashMap<>();
        for (long dispatchId : planned) {
            plannedByInvoice.put(dispatches.find(dispatchId).orElseThrow().invoiceId(), dispatchId);
        }
        Map<Long, DispatchRunStore.Candidate> found = new LinkedHashMap<>();
        runs.candidates(List.copyOf(asked)).forEach(c -> found.put(c.invoiceId(), c));
        Set<Long> selection = request.invoices() == null ? plannedByInvoice.keySet() : new LinkedHashSet<>(request.invoices());
        List<DispatchRunRefusedException.Refused> refused = new ArrayList<>();
        for (long invoiceId : asked) {
            DispatchRunStore.Candidate c = found.get(invoiceId);
            String reason;
            if (c == null) {
                reason = "no issued invoice or credit note with this id";
            } else if (!c.month().equals(month.toString())) {
                reason = "of " + c.month() + ", not of " + month;
            } else if (c.dispatchStatus() == DispatchStatus.SENT) {
                reason = "already sent";
            } else if (c.dispatchStatus() == DispatchStatus.SENDING) {
                reason = "being sent (or left SENDING by a crash: decide it first)";
            } else if (!plannedByInvoice.containsKey(invoiceId)) {
                reason = "nothing to send (" + c.dispatchStatus() + ")";
            } else if (!selection.contains(invoiceId)) {
                reason = "a personal message for an invoice not in the selection";
            } else {
                continue;
            }
            refused.add(new DispatchRunRefusedException.Refused(invoiceId, c == null ? null : c.number(), reason));
        }
        if (!refused.isEmpty()) {
            throw new DispatchRunRefusedException(refused.size() + " of the invoices asked for cannot be dispatched in "
                    + "this run of " + month + ": see refused", refused);
        }
        return request.invoices() == null ? planned
                : request.invoices().stream().distinct().map(plannedByInvoice::get).toList();
    }

    private void personalMessages(Request request, List<Long> chosen) {
        if (request.message() == null && (request.messages() == null || request.messages().isEmpty())) {
            return;
        }
        for (long dispatchId : chosen) {
            long invoiceId = dispatches.find(dispatchId).orElseThrow().invoiceId();
            String message = request.messages() == null ? null : request.messages().get(invoiceId);
            if (message == null) {
                message = request.message();
            }
            if (message != null) {
                dispatches.personalMessage(dispatchId, message.isBlank() ? null : message.strip());
            }
        }
    }

    /**
     * At start-up: a run left RUNNING whose month nobody holds (its hub stopped, its queued run was lost with it) is
     * marked FAILED, so its progress does not read RUNNING for ever; a month another hub is dispatching is left alone.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void closeInterrupted() {
        for (String month : runs.running().stream().map(DispatchRunStore.Run::month).distinct().toList()) {
            YearMonth m = YearMonth.parse(month);
            try (MonthRuns.Run lock = monthRuns.start(MonthOperation.DISPATCH, m, "hub start-up")) {
                int stale = runs.interrupted(m, OffsetDateTime.now(clock));
                log.warn("{} dispatch run(s) of {} left RUNNING by a stopped hub marked FAILED", stale, m);
            } catch (MonthRunBusyException busy) {
                log.info("Dispatch of {} is running on another hub: its run is left as it is", m);
            } catch (RuntimeException e) {
                log.warn("Could not check the dispatch runs of {} left RUNNING: {}", m, e.getMessage());
            }
        }
    }

    // ---- steps of route delivery-dispatch-run ----

    /** The run begins: its documents not done yet, in order (a run read again after a hand-over resumes). */
    public List<Long> begin(long runId) {
        runs.started(runId, OffsetDateTime.now(clock));
        return runs.remaining(runId);
    }

    public boolean dryRun(long runId) {
        return runs.find(runId).orElseThrow().dryRun();
    }

    /** The run is through with a document: its dispatch's state tells the outcome. */
    public void done(long runId, long dispatchId) {
        runs.done(runId, dispatchId, OffsetDateTime.now(clock), null, null, null);
    }

    /** A dry run's document: its mail rendered to a file ({@link DryRunMails#render}); nothing sent. */
    public void render(long runId, long dispatchId) {
        dryRuns.render(runId, dispatchId);
    }

    /** The run went through all its documents: DONE (a dry run also writes its summary); the month is free again. */
    public DispatchRunView finish(long runId) {
        try {
            if (dryRun(runId)) {
                dryRuns.summary(runId);
            }
            if (runs.finish(runId, "DONE", null, OffsetDateTime.now(clock))) {
                meters.counter("crahub.dispatch.runs", "outcome", "DONE").increment();
            }
        } finally {
            release(runId);
        }
        DispatchRunView view = view(runId);
        log.info("Dispatch run {} of {} done: {} sent, {} failed, {} pending of {}", runId, view.month(), view.sent(),
                view.failed(), view.pending(), view.total());
        return view;
    }

    /** The run stopped on an error outside any document (the database...): FAILED with the reason; month released. */
    public void abort(long runId, Exception error) {
        try {
            String reason = DryRunMails.describe(error);
            if (runs.finish(runId, "FAILED", reason, OffsetDateTime.now(clock))) {
                meters.counter("crahub.dispatch.runs", "outcome", "FAILED").increment();
                log.warn("Dispatch run {} failed: {}", runId, reason);
            }
        } finally {
            release(runId);
        }
    }

    private void release(long runId) {
        MonthRuns.Run lock = locks.remove(runId);
        if (lock != null) {
            lock.close();
        }
        snapshot = null;
    }

    // ---- what is read ----

    public java.util.Optional<DispatchRunView> find(long runId) {
        return runs.find(runId).map(this::view);
    }

    public DispatchRunView view(long runId) {
        return view(runs.find(runId).orElseThrow());
    }

    /** The runs (of a month, or all), without their lines. */
    public List<DispatchRunView> list(YearMonth month) {
        return runs.list(month).stream().map(r -> view(r, List.of())).toList();
    }

    /** The running runs, oldest first, without their lines (metrics and the JMX view). */
    public List<DispatchRunView> running() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s == null || now - s.at() > 1_000_000_000L) {
            s = new Snapshot(now, runs.running().stream().map(r -> view(r, List.of())).toList());
            snapshot = s;
        }
        return s.runs();
    }

    private record Snapshot(long at, List<DispatchRunView> runs) {
    }

    private DispatchRunView view(DispatchRunStore.Run r) {
        List<DispatchRunView.Line> lines = runs.items(r.id()).stream().map(i -> line(r, i)).toList();
        return view(r, lines);
    }

    private DispatchRunView view(DispatchRunStore.Run r, List<DispatchRunView.Line> lines) {
        int pending = r.total() - r.sent() - r.failed();
        return new DispatchRunView(r.id(), r.month(), r.status(), r.dryRun(), read(r.selection()), r.requestedBy(),
                r.requestedAt(), r.startedAt(), r.finishedAt(), r.total(), r.sent(), r.failed(), pending, r.blocked(),
                r.retrying(), r.error(), r.dryRun() ? dryRuns.path(r.id(), null) : null, lines);
    }

    private DispatchRunView.Line line(DispatchRunStore.Run r, DispatchRunStore.Item i) {
        String status;
        String last;
        String file = null;
        if (i.doneAt() == null) {
            status = i.dispatchStatus() == DispatchStatus.SENDING ? "SENDING" : "PENDING";
            last = null;
        } else if (r.dryRun()) {
            status = i.outcome();
            last = i.message();
            file = "RENDERED".equals(i.outcome()) ? dryRuns.path(r.id(), i.invoiceNumber()) : null;
        } else {
            status = i.dispatchStatus().name();
            last = i.lastAttempt() != null ? i.lastAttempt() : i.error();
        }
        return new DispatchRunView.Line(i.dispatchId(), i.invoiceId(), i.invoiceNumber(), i.channel(), i.recipients(),
                status, i.messageId(), i.attempts(), i.sentAt(), i.error(), i.remoteId(), i.nextAttemptAt(), i.position(),
                i.format(), last, file);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Long> read(String selection) {
        try {
            return selection == null ? null : json.readValue(selection, IDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void gauge(String name, String description, ToDoubleFunction<List<DispatchRunView>> value) {
        Gauge.builder(name, this, self -> {
            try {
                return value.applyAsDouble(self.running());
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).register(meters);
    }

    private static double sum(List<DispatchRunView> runs, ToDoubleFunction<DispatchRunView> count) {
        return runs.stream().mapToDouble(count).sum();
    }
}
