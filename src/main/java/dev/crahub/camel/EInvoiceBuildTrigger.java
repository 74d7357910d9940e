package dev.crahub.camel;

import dev.crahub.invoice.InvoiceIssued;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Queues the e-invoice build of an issued invoice once its issuing transaction committed, never before (ADR 0020):
 * the build reads the committed invoice, and a rolled-back issue builds nothing. The queue lives in memory; what a
 * crash loses, route {@code einvoice-build-schedule} finds in the database at the next start.
 */
@Component
public class EInvoiceBuildTrigger {

    static final String QUEUE = "seda:einvoice-build-queue";
    private static final Logger log = LoggerFactory.getLogger(EInvoiceBuildTrigger.class);

    private final ProducerTemplate producer;

    public EInvoiceBuildTrigger(ProducerTemplate producer) {
        this.producer = producer;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void issued(InvoiceIssued event) {
        try {
            producer.sendBody(QUEUE, event.invoiceId());
        } catch (RuntimeException e) {
            // the invoice is issued; its build waits for the schedule
            log.warn("E-invoice build of invoice {} not queued ({}): the pending-build schedule will do it", event.number(),
                    e.getMessage());
        }
    }
}
