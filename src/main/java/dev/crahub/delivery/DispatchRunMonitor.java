package dev.crahub.delivery;

import java.util.List;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The dispatch runs' progress for Hawtio's JMX view (MBean {@code dev.crahub:type=DispatchRuns}): how many runs are
 * running and the latest one's id, month, total, sent, failed and pending. Read-only attributes, no operation: ops
 * watch a month-end dispatch there, they cannot start or change one (Jolokia's policy refuses writes and calls, and
 * this bean offers none).
 */
@Component
@ManagedResource(description = "Dispatch runs in progress (read-only)")
public class DispatchRunMonitor {

    private final DispatchRuns runs;

    public DispatchRunMonitor(DispatchRuns runs) {
        this.runs = runs;
    }

    @ManagedAttribute(description = "Dispatch runs running now")
    public int getRunning() {
        return runs.running().size();
    }

    @ManagedAttribute(description = "Id of the latest running run (-1: none)")
    public long getRunId() {
        DispatchRunView run = latest();
        return run == null ? -1 : run.id();
    }

    @ManagedAttribute(description = "Month of the latest running run (empty: none)")
    public String getMonth() {
        DispatchRunView run = latest();
        return run == null ? "" : run.month();
    }

    @ManagedAttribute(description = "Whether the latest running run is a dry run (mails rendered to files)")
    public boolean isDryRun() {
        DispatchRunView run = latest();
        return run != null && run.dryRun();
    }

    @ManagedAttribute(description = "Documents of the latest running run")
    public int getTotal() {
        DispatchRunView run = latest();
        return run == null ? 0 : run.total();
    }

    @ManagedAttribute(description = "Documents sent (or rendered, in a dry run) by the latest running run")
    public int getSent() {
        DispatchRunView run = latest();
        return run == null ? 0 : run.sent();
    }

    @ManagedAttribute(description = "Documents the latest running run could not send")
    public int getFailed() {
        DispatchRunView run = latest();
        return run == null ? 0 : run.failed();
    }

    @ManagedAttribute(description = "Documents of the latest running run not sent yet (blocked and retrying included)")
    public int getPending() {
        DispatchRunView run = latest();
        return run == null ? 0 : run.pending();
    }

    private DispatchRunView latest() {
        List<DispatchRunView> running = runs.running();
        return running.isEmpty() ? null : running.get(running.size() - 1);
    }
}
