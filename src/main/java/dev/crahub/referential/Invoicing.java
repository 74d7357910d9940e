package dev.crahub.referential;

/**
 * How a contract's invoices are issued ({@code invoicing: {issue: ON_APPROVAL | DRAFT}}): on the month run once
 * the CRA is approved (the default, as before), or held as a draft without a number for someone to review, then
 * issued by {@code POST /api/invoices/{id}/issue} (ADR 0018).
 */
public record Invoicing(Issue issue) {

    public static final Invoicing DEFAULT = new Invoicing(Issue.ON_APPROVAL);

    public Invoicing {
        issue = issue == null ? Issue.ON_APPROVAL : issue;
    }

    /** When an invoice gets its number. */
    public enum Issue {
        /** issued, numbered, on the month run that finds the CRA approved */
        ON_APPROVAL,
        /** drawn up as a draft (no number) on the month run; issued on demand */
        DRAFT
    }
}
