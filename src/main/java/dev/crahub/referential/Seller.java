package dev.crahub.referential;

import java.math.BigDecimal;

/**
 * One of our legal entities, issuing invoices from its own numbering series. {@code craBuildCron} (a Spring cron
 * expression in {@code crahub.zone}) replaces the default schedule of its CRA build, the last working day of the
 * month at 18:00.
 */
public record Seller(
        String code,
        String name,
        String legalForm,
        BigDecimal shareCapital,
        String registration,
        String siren,
        String vatNumber,
        Address address,
        String email,
        String iban,
        String bic,
        String invoicePrefix,
        boolean vatOnDebits,
        String craBuildCron) {
}
