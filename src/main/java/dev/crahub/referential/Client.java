package dev.crahub.referential;

/** A client company: who validates CRAs (approver) and who receives invoices (billing). */
public record Client(
        String code,
        String name,
        String siren,
        String vatNumber,
        Address address,
        String language,
        Contact approver,
        Contact billing) {
}
