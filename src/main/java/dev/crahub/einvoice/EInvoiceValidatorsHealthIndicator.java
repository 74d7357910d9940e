package dev.crahub.einvoice;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code eInvoiceValidators}: whether the phive rule sets, compiled in the background since start
 * (ADR 0034), are ready. While they are, it says UNKNOWN (the hub is up and serves; an e-invoice built meanwhile waits
 * for them at the gate, it is never let through unchecked); UP once ready; DOWN if they could not be compiled, since
 * then no e-invoice can pass the gate.
 */
@Component("eInvoiceValidators")
public class EInvoiceValidatorsHealthIndicator implements HealthIndicator {

    private final PhiveValidation phive;

    public EInvoiceValidatorsHealthIndicator(PhiveValidation phive) {
        this.phive = phive;
    }

    @Override
    public Health health() {
        if (phive.ready()) {
            return Health.up().withDetail("phive", "ready").build();
        }
        if (phive.failed()) {
            return Health.down().withDetail("phive", "rule sets could not be compiled; see the log").build();
        }
        return Health.unknown().withDetail("phive", "compiling (e-invoices built now wait for it)").build();
    }
}
