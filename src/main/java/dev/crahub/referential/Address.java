package dev.crahub.referential;

import java.util.List;

/** A postal address: up to three lines, postcode, city and ISO 3166-1 alpha-2 country. */
public record Address(List<String> lines, String postcode, String city, String country) {

    public Address {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
