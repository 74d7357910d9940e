package dev.crahub.system;

/** The hub's roles: billing runs month end, ops watches routes (Hawtio, Jolokia, metrics), admin does both and more. */
public final class Roles {
    public static final String ADMIN = "ADMIN";
    public static final String BILLING = "BILLING";
    public static final String OPS = "OPS";

    private Roles() {
    }
}
