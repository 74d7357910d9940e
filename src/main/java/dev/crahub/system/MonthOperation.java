package dev.crahub.system;

/**
 * The month-end operations that must not run twice at once for the same month: two concurrent invoicings of a
 * month would race for the same approved CRAs and numbers, two dispatches for the same mails. Each is named as the
 * user reads it in the answer of a second caller.
 */
public enum MonthOperation {

    CRAS("building the CRAs"),
    INVOICING("invoicing"),
    DISPATCH("dispatch");

    private final String label;

    MonthOperation(String label) {
        this.label = label;
    }

    /** How the operation is named to users ("invoicing of 2026-11 is running ..."). */
    public String label() {
        return label;
    }
}
