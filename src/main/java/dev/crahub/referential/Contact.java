package dev.crahub.referential;

import java.util.List;

/** A person at the client: the CRA approver or the billing contact (with optional copies). */
public record Contact(String name, String email, List<String> cc) {

    public Contact {
        cc = cc == null ? List.of() : List.copyOf(cc);
    }
}
