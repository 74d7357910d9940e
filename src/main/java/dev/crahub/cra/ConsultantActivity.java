package dev.crahub.cra;

import java.math.BigDecimal;

/** One consultant's month on a contract: hours as tracked, days as billed (exact, or rounded as the contract's billing terms say; ADR 0015). */
public record ConsultantActivity(String code, String name, BigDecimal hours, BigDecimal days) {
}
