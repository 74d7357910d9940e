package dev.crahub.referential;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a contract's mails leave ({@code mail: {account, paymentReminders}}, ADR 0023): {@code account} names the
 * mailbox ({@code crahub.mail.accounts.<name>}) its invoices, CRAs and reminders are sent from, before the account
 * manager's own mailbox and the seller's {@code mailAccount}; {@code paymentReminders} are the days, relative to the
 * invoice's due date, on which an unpaid invoice is reminded (negative: before it). Absent: D-3, D+7, D+15, D+30; an
 * empty list: no reminder.
 */
public record ContractMail(String account, List<Integer> paymentReminders) {

    /** Three days before the due date, then a week, a fortnight and a month after it. */
    public static final List<Integer> DEFAULT_PAYMENT_REMINDERS = List.of(-3, 7, 15, 30);

    public static final ContractMail DEFAULT = new ContractMail(null, null);

    public ContractMail {
        account = account == null || account.isBlank() ? null : account.strip();
        paymentReminders = paymentReminders == null ? DEFAULT_PAYMENT_REMINDERS
                : Collections.unmodifiableList(new ArrayList<>(paymentReminders));
    }
}
