package dev.crahub.referential;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A client company: who validates CRAs (one or more approvers, in order: the first decision on a CRA counts) and who
 * receives invoices (billing). The referential may still name a single {@code approver:}, read as a one-element list.
 * {@code templateSet} names the template set of its contracts' invoices (a contract may name its own; ADR 17).
 */
public record Client(
        String code,
        String name,
        String siren,
        String vatNumber,
        Address address,
        String language,
        List<Contact> approvers,
        Contact billing,
        String templateSet) {

    public Client {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /** A client naming no template set (its contracts' invoices use theirs, else {@code default}). */
    public Client(String code, String name, String siren, String vatNumber, Address address, String language,
                  List<Contact> approvers, Contact billing) {
        this(code, name, siren, vatNumber, address, language, approvers, billing, null);
    }

    /** Reads {@code approvers: [...]} or the older {@code approver: {...}} (not both). */
    @JsonCreator
    static Client read(@JsonProperty("code") String code, @JsonProperty("name") String name,
                       @JsonProperty("siren") String siren, @JsonProperty("vatNumber") String vatNumber,
                       @JsonProperty("address") Address address, @JsonProperty("language") String language,
                       @JsonProperty("approver") Contact approver, @JsonProperty("approvers") List<Contact> approvers,
                       @JsonProperty("billing") Contact billing, @JsonProperty("templateSet") String templateSet) {
        if (approver != null && approvers != null) {
            throw new IllegalArgumentException("client '" + code + "' names both 'approver' and 'approvers': keep 'approvers'");
        }
        List<Contact> all = new ArrayList<>();
        if (approver != null) {
            all.add(approver);
        }
        if (approvers != null) {
            all.addAll(approvers);
        }
        return new Client(code, name, siren, vatNumber, address, language, all, billing, templateSet);
    }

    /** The first approver (the one a decision recorded without naming one is made on behalf of), or null. */
    public Contact approver() {
        return approvers.isEmpty() ? null : approvers.get(0);
    }
}
