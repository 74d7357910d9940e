package dev.crahub.referential;

/** A tracker's project that belongs to a contract: source {@code generic}, project {@code GLOBEX-PLATFORM}. */
public record TrackerMapping(String source, String project) {
}
