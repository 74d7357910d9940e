package dev.crahub.referential;

import java.util.List;

/** A referential document: what a YAML file in {@code data/inbox/referential/} carries. */
public record Referential(List<Seller> sellers, List<Client> clients, List<Consultant> consultants, List<Contract> contracts) {

    public Referential {
        sellers = sellers == null ? List.of() : List.copyOf(sellers);
        clients = clients == null ? List.of() : List.copyOf(clients);
        consultants = consultants == null ? List.of() : List.copyOf(consultants);
        contracts = contracts == null ? List.of() : List.copyOf(contracts);
    }

    public int size() {
        return sellers.size() + clients.size() + consultants.size() + contracts.size();
    }
}
