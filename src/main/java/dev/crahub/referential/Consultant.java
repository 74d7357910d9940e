package dev.crahub.referential;

/** A person whose time is billed. */
public record Consultant(String code, String name, String email) {
}
