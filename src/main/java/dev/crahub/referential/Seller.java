package dev.crahub.referential;

import java.math.BigDecimal;

/**
 * One of our legal entities, issuing invoices from its own numbering series. {@code craBuildCron} (a Spring cron
 * expression in {@code crahub.zone}) replaces the default schedule of its CRA build, the last working day of the
 * month at 18:00. {@code vatOnDebits}: the seller opted to pay VAT on debits (the mention is printed when, and only
 * when, it did). {@code vatFranchise}: the seller is under the franchise en base (art. 293 B CGI), a status of the
 * seller, so every contract of it bills under the FRANCHISE regime and it cannot opt for debits (ADR 0019).
 * {@code mailAccount}: the mailbox ({@code crahub.mail.accounts.<name>}) its mails leave from when neither the contract
 * nor its account manager picks one (ADR 0023).
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
        String craBuildCron,
        boolean vatFranchise,
        String mailAccount) {

    public Seller {
        mailAccount = mailAccount == null || mailAccount.isBlank() ? null : mailAccount.strip();
    }

    /** A seller whose mails leave from the default mailbox (before ADR 0023). */
    public Seller(String code, String name, String legalForm, BigDecimal shareCapital, String registration, String siren,
                  String vatNumber, Address address, String email, String iban, String bic, String invoicePrefix,
                  boolean vatOnDebits, String craBuildCron, boolean vatFranchise) {
        this(code, name, legalForm, shareCapital, registration, siren, vatNumber, address, email, iban, bic,
                invoicePrefix, vatOnDebits, craBuildCron, vatFranchise, null);
    }

    /** A seller liable for VAT (not under the franchise en base). */
    public Seller(String code, String name, String legalForm, BigDecimal shareCapital, String registration, String siren,
                  String vatNumber, Address address, String email, String iban, String bic, String invoicePrefix,
                  boolean vatOnDebits, String craBuildCron) {
        this(code, name, legalForm, shareCapital, registration, siren, vatNumber, address, email, iban, bic,
                invoicePrefix, vatOnDebits, craBuildCron, false);
    }
}
