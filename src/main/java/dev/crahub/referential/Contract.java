package dev.crahub.referential;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A time-and-materials contract between one of our sellers and a client, with the terms of its CRA validation:
 * hold CRAs for review before sending ({@code craReview}), reminders in working days before the deadline, what the
 * deadline does, and who hears about rejections and escalations ({@code accountManager}, else the seller's e-mail).
 * Its commercial terms (rate, currency, VAT, payment terms, billing unit and rounding) may change over time: the
 * top-level fields are the initial terms and {@code terms} lists the changes with their effective dates. How it
 * re-bills expenses is {@code expenses} (none when absent: {@link ExpenseTerms}).
 * {@code templateSet} names the template set of its invoices (else the client's, else {@code default}; ADR 17).
 * {@code mail} says which mailbox its mails leave from and when unpaid invoices are reminded ({@link ContractMail}).
 */
public record Contract(
        String code,
        String seller,
        String client,
        String label,
        List<String> consultants,
        BigDecimal dailyRate,
        String currency,
        BigDecimal hoursPerDay,
        VatRegime vatRegime,
        BigDecimal vatRate,
        int paymentTermsDays,
        String poNumber,
        int validationDeadlineDays,
        LocalDate startDate,
        LocalDate endDate,
        List<TrackerMapping> trackers,
        boolean craReview,
        List<Integer> reminderDays,
        DeadlineAction deadlineAction,
        Contact accountManager,
        BillingTerms billing,
        List<ContractTerms> terms,
        List<ContractProduct> products,
        List<ContractDiscount> discounts,
        ExpenseTerms expenses,
        String templateSet,
        Invoicing invoicing,
        ContractMail mail) {

    /** Reminders sent when the referential names none: two and one working days before the deadline. */
    public static final List<Integer> DEFAULT_REMINDER_DAYS = List.of(2, 1);

    /** What happens when the validation deadline of a CRA passes without a decision. */
    public enum DeadlineAction {
        /** the CRA is approved tacitly (recorded as such, invoiceable) */
        TACIT_APPROVAL,
        /** the account manager is told; the CRA stays open */
        ESCALATE
    }

    public Contract {
        consultants = consultants == null ? List.of() : List.copyOf(consultants);
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
        reminderDays = reminderDays == null ? DEFAULT_REMINDER_DAYS
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(reminderDays));
        deadlineAction = deadlineAction == null ? DeadlineAction.ESCALATE : deadlineAction;
        billing = billing == null ? BillingTerms.DEFAULT : billing;
        invoicing = invoicing == null ? Invoicing.DEFAULT : invoicing;
        terms = terms == null ? List.of()
                : terms.stream().sorted(java.util.Comparator.comparing(ContractTerms::from,
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))).toList();
        products = products == null ? List.of() : List.copyOf(products);
        discounts = discounts == null ? List.of() : List.copyOf(discounts);
        expenses = expenses == null ? ExpenseTerms.NONE : expenses;
        mail = mail == null ? ContractMail.DEFAULT : mail;
    }

    /** A contract whose mails leave from the default mailbox with the default payment reminders (before ADR 0023). */
    public Contract(String code, String seller, String client, String label, List<String> consultants,
                    BigDecimal dailyRate, String currency, BigDecimal hoursPerDay, VatRegime vatRegime, BigDecimal vatRate,
                    int paymentTermsDays, String poNumber, int validationDeadlineDays, LocalDate startDate,
                    LocalDate endDate, List<TrackerMapping> trackers, boolean craReview, List<Integer> reminderDays,
                    DeadlineAction deadlineAction, Contact accountManager, BillingTerms billing,
                    List<ContractTerms> terms, List<ContractProduct> products, List<ContractDiscount> discounts,
                    ExpenseTerms expenses, String templateSet, Invoicing invoicing) {
        this(code, seller, client, label, consultants, dailyRate, currency, hoursPerDay, vatRegime, vatRate,
                paymentTermsDays, poNumber, validationDeadlineDays, startDate, endDate, trackers, craReview, reminderDays,
                deadlineAction, accountManager, billing, terms, products, discounts, expenses, templateSet, invoicing, null);
    }

    /** A contract whose expenses are not re-billed (the referential's terms before ADR 0016). */
    public Contract(String code, String seller, String client, String label, List<String> consultants,
                    BigDecimal dailyRate, String currency, BigDecimal hoursPerDay, VatRegime vatRegime, BigDecimal vatRate,
                    int paymentTermsDays, String poNumber, int validationDeadlineDays, LocalDate startDate,
                    LocalDate endDate, List<TrackerMapping> trackers, boolean craReview, List<Integer> reminderDays,
                    DeadlineAction deadlineAction, Contact accountManager, BillingTerms billing,
                    List<ContractTerms> terms, List<ContractProduct> products, List<ContractDiscount> discounts) {
        this(code, seller, client, label, consultants, dailyRate, currency, hoursPerDay, vatRegime, vatRate,
                paymentTermsDays, poNumber, validationDeadlineDays, startDate, endDate, trackers, craReview, reminderDays,
                deadlineAction, accountManager, billing, terms, products, discounts, null, null, null);
    }

    /** A contract billing only time (no products, fees, discounts nor expenses). */
    public Contract(String code, String seller, String client, String label, List<String> consultants,
                    BigDecimal dailyRate, String currency, BigDecimal hoursPerDay, VatRegime vatRegime, BigDecimal vatRate,
                    int paymentTermsDays, String poNumber, int validationDeadlineDays, LocalDate startDate,
                    LocalDate endDate, List<TrackerMapping> trackers, boolean craReview, List<Integer> reminderDays,
                    DeadlineAction deadlineAction, Contact accountManager, BillingTerms billing,
                    List<ContractTerms> terms) {
        this(code, seller, client, label, consultants, dailyRate, currency, hoursPerDay, vatRegime, vatRate,
                paymentTermsDays, poNumber, validationDeadlineDays, startDate, endDate, trackers, craReview, reminderDays,
                deadlineAction, accountManager, billing, terms, null, null, null, null, null);
    }

    /** A contract as it was before billing terms and effective-dated changes existed: exact days, one set of terms. */
    public Contract(String code, String seller, String client, String label, List<String> consultants,
                    BigDecimal dailyRate, String currency, BigDecimal hoursPerDay, VatRegime vatRegime, BigDecimal vatRate,
                    int paymentTermsDays, String poNumber, int validationDeadlineDays, LocalDate startDate,
                    LocalDate endDate, List<TrackerMapping> trackers, boolean craReview, List<Integer> reminderDays,
                    DeadlineAction deadlineAction, Contact accountManager) {
        this(code, seller, client, label, consultants, dailyRate, currency, hoursPerDay, vatRegime, vatRate,
                paymentTermsDays, poNumber, validationDeadlineDays, startDate, endDate, trackers, craReview, reminderDays,
                deadlineAction, accountManager, null, null, null, null, null, null, null);
    }

    /** The terms the contract starts with (its top-level fields). */
    public ContractTerms initialTerms() {
        return new ContractTerms(startDate, dailyRate, currency, vatRegime, vatRate, paymentTermsDays, billing);
    }

    /** The terms in force on a day: the initial terms overlaid by every change effective on or before it. */
    public ContractTerms termsOn(LocalDate day) {
        ContractTerms current = initialTerms();
        for (ContractTerms change : terms) {
            if (change.from() != null && !change.from().isAfter(day)) {
                current = change.over(current);
            }
        }
        return current;
    }

    /** Whether the contract runs during at least one day of [from, to]. */
    public boolean activeBetween(LocalDate from, LocalDate to) {
        return (startDate == null || !startDate.isAfter(to)) && (endDate == null || !endDate.isBefore(from));
    }
}
