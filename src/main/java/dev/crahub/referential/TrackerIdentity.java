package dev.crahub.referential;

/** How a tracker names a consultant: the user's id, e-mail or name in that source ({@code *} = every source). */
public record TrackerIdentity(String source, String user) {
}
