package dev.crahub.referential;

import java.math.BigDecimal;

/** One of our legal entities, issuing invoices from its own numbering series. */
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
        boolean vatOnDebits) {
}
