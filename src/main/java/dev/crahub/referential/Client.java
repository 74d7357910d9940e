package dev.crahub.referential;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A client company: who validates CRAs (one or more approvers, in order: the first decision on a CRA counts) and who
 * receives invoices (billing). The referential may still name a single {@code approver:}, read as a one-element list.
 * {@code templateSet} names the template set of its contracts' invoices (a contract may name its own; ADR 17).
 * {@code channels} are the ways it receives its invoices, in fallback order (ADR 0021); none declared = the mail to
 * the billing contact ({@link ClientChannel#DEFAULT}), as before channels existed.
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
        String templateSet,
        List<ClientChannel> channels) {

    public Client {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        channels = channels == null ? ClientChannel.DEFAULT : java.util.Collections.unmodifiableList(new ArrayList<>(channels));
    }

    /** A client declaring no channels: the invoice mail to its billing contact. */
    public Client(String code, String name, String siren, String vatNumber, Address address, String language,
                  List<Contact> approvers, Contact billing, String templateSet) {
        this(code, name, siren, vatNumber, address, language, approvers, billing, templateSet, null);
    }

    /** A client naming no template set (its contracts' invoices use theirs, else {@code default}). */
    public Client(String code, String name, String siren, String vatNumber, Address address, String language,
                  List<Contact> approvers, Contact billing) {
        this(code, name, siren, vatNumber, address, language, approvers, billing, null, null);
    }

    /** Reads {@code approvers: [...]} or the older {@code approver: {...}} (not both). */
    @JsonCreator
    static Client read(@JsonProperty("code") String code, @JsonProperty("name") String name,
                       @JsonProperty("siren") String siren, @JsonProperty("vatNumber") String vatNumber,
                       @JsonProperty("address") Address address, @JsonProperty("language") String language,
                       @JsonProperty("approver") Contact approver, @JsonProperty("approvers") List<Contact> approvers,
                       @JsonProperty("billing") Contact billing, @JsonProperty("templateSet") String templateSet,
                       @JsonProperty("channels") List<ClientChannel> channels) {
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
        return new Client(code, name, siren, vatNumber, address, language, all, billing, templateSet,
                channels);
    }

    /** The first approver (the one a decision recorded without naming one is made on behalf of), or null. */
    public Contact approver() {
        return approvers.isEmpty() ? null : approvers.get(0);
    }
}
