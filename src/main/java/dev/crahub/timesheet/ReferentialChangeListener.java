package dev.crahub.timesheet;

import dev.crahub.referential.ReferentialChanged;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** When the referential changes, entries that mapped to nothing are mapped again: a later rule picks them up. */
@Component
class ReferentialChangeListener {

    private final TimeEntryIngestor ingestor;

    ReferentialChangeListener(TimeEntryIngestor ingestor) {
        this.ingestor = ingestor;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onChange(ReferentialChanged event) {
        ingestor.remapUnmapped();
    }
}
