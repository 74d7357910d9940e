package dev.crahub.referential;

/** Published after a referential document was stored: mapping rules may have changed. */
public record ReferentialChanged(String name) {
}
