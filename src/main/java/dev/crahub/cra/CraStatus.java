package dev.crahub.cra;

/** Where a CRA version stands in its validation workflow. */
public enum CraStatus {
    DRAFT, SENT, APPROVED, REJECTED, SUPERSEDED
}
