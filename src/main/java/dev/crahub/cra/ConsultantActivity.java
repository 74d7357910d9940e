package dev.crahub.cra;

import java.math.BigDecimal;

/** One consultant's month on a contract: hours as tracked, days as billed (hours / hours per day, 2 decimals). */
public record ConsultantActivity(String code, String name, BigDecimal hours, BigDecimal days) {
}
