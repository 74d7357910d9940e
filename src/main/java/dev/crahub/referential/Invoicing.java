package dev.crahub.referential;

/**
 * How a contract's invoices are issued ({@code invoicing: {issue: ON_APPROVAL | DRAFT, serviceCode, engagementNumber}}):
 * on the month run once the CRA is approved (the default, as before), or held as a draft without a number for someone
 * to review, then issued by {@code POST /api/invoices/{id}/issue} (ADR 0018). A public buyer reached through Chorus
 * Pro names the service that receives the invoice ({@code serviceCode}, written as the buyer reference, EN 16931
 * BT-10) and often an engagement number ({@code engagementNumber}, the purchase order reference BT-13 when the
 * contract has no {@code poNumber}) (ADR 0022).
 */
public record Invoicing(Issue issue, String serviceCode, String engagementNumber) {

    public static final Invoicing DEFAULT = new Invoicing(Issue.ON_APPROVAL);

    public Invoicing {
        issue = issue == null ? Issue.ON_APPROVAL : issue;
        serviceCode = blankToNull(serviceCode);
        engagementNumber = blankToNull(engagementNumber);
    }

    /** Without Chorus Pro references (as before issue 9). */
    public Invoicing(Issue issue) {
        this(issue, null, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** When an invoice gets its number. */
    public enum Issue {
        /** issued, numbered, on the month run that finds the CRA approved */
        ON_APPROVAL,
        /** drawn up as a draft (no number) on the month run; issued on demand */
        DRAFT
    }
}
