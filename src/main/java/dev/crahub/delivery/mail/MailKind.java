package dev.crahub.delivery.mail;

import java.util.Locale;

/** What a mail is (ADR 0023): each kind has its templates ({@link #template()}) in each template set. */
public enum MailKind {
    INVOICE,
    CREDIT_NOTE,
    CRA_VALIDATION_REQUEST,
    CRA_REMINDER,
    CRA_DECIDED_NOTICE,
    CRA_REJECTION_NOTICE,
    CRA_ESCALATION,
    PAYMENT_REMINDER;

    /** The templates' base name: {@code invoice}, {@code credit-note}, {@code cra-validation-request}... */
    public String template() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
