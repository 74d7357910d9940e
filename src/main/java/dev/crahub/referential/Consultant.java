package dev.crahub.referential;

import java.util.List;

/**
 * A person whose time is billed. Trackers find them by their e-mail in every source, by their code in files, and
 * by the identities listed in {@code trackers}.
 */
public record Consultant(String code, String name, String email, List<TrackerIdentity> trackers) {

    public Consultant {
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
    }

    public Consultant(String code, String name, String email) {
        this(code, name, email, List.of());
    }
}
