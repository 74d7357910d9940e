package dev.crahub.einvoice;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code crahub.einvoice.invoices{status}}: how many issued invoices' e-invoices are pending, valid or refused by the
 * gate (a refused one is sent nowhere until rebuilt), read from the database at each scrape.
 */
@Component
class EInvoiceGauges implements MeterBinder {

    private final EInvoiceStore store;

    EInvoiceGauges(EInvoiceStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EInvoiceStatus status : EInvoiceStatus.values()) {
            Gauge.builder("crahub.einvoice.invoices", store, s -> s.counts().get(status))
                    .tag("status", status.name().toLowerCase(java.util.Locale.ROOT))
                    .description("E-invoices per state at the validation gate")
                    .register(registry);
        }
    }
}
