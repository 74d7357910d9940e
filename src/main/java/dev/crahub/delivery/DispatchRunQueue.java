package dev.crahub.delivery;

/**
 * Hands a dispatch run to the background (a proxy on {@code seda:delivery-dispatch-run}, which the caller does not
 * wait for): the HTTP request that started the run is answered at once while route {@code delivery-dispatch-run}
 * works through its documents (ADR 0026).
 */
public interface DispatchRunQueue {

    /** Queues the run (its id); returns as soon as it is queued. */
    void enqueue(Long runId);
}
