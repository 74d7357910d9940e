package dev.crahub.referential;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Checks a referential document before anything is stored: every problem is reported with its path
 * ({@code contracts[1].dailyRate}), not just the first one.
 */
@Component
public class ReferentialValidator {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TEMPLATE_SET = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern PREFIX = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,19}");
    private static final Set<String> LANGUAGES = Set.of("fr", "en");
    /** Code de commerce L441-10: at most 60 days from the issue date. */
    private static final int MAX_PAYMENT_TERMS_DAYS = 60;
    private static final int MAX_APPROVERS = 20;
    private static final int MAX_REMINDER_DAYS = 30;
    private static final int MAX_PAYMENT_REMINDER_DAYS = 365;
    /** A mailbox's name, as in {@code crahub.mail.accounts.<name>}. */
    private static final java.util.regex.Pattern MAIL_ACCOUNT = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** Why the home's template set of that name cannot be used, or empty when it can (ADR 17). */
    @FunctionalInterface
    public interface TemplateSetCheck {
        java.util.Optional<String> problem(String name);
    }

    /** Where no home is at hand: every named template set is refused as unknown. */
    static final TemplateSetCheck NO_TEMPLATE_SETS =
            name -> java.util.Optional.of("no template set '" + name + "' in templates/");

    /**
     * @param known codes already stored, which contracts may reference in addition to those of the document
     * @return the problems found, empty when the document can be stored
     */
    public List<String> validate(Referential ref, KnownCodes known) {
        return validate(ref, known, NO_TEMPLATE_SETS);
    }

    /**
     * @param known        codes already stored, which contracts may reference in addition to those of the document
     * @param templateSets whether a {@code templateSet} a client or contract names can be used
     * @return the problems found, empty when the document can be stored
     */
    public List<String> validate(Referential ref, KnownCodes known, TemplateSetCheck templateSets) {
        return validate(ref, known, templateSets, MailAccountCheck.ANY);
    }

    /**
     * @param mailAccounts whether a mailbox a seller or contract names is configured (ADR 0023)
     * @return the problems found, empty when the document can be stored
     */
    public List<String> validate(Referential ref, KnownCodes known, TemplateSetCheck templateSets,
                                 MailAccountCheck mailAccounts) {
        List<String> problems = new ArrayList<>();
        Set<String> sellers = new HashSet<>(known.sellers());
        Set<String> clients = new HashSet<>(known.clients());
        Set<String> consultants = new HashSet<>(known.consultants());

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ref.sellers().size(); i++) {
            Seller s = ref.sellers().get(i);
            String at = "sellers[" + i + "]";
            code(problems, at, s.code(), seen, "seller");
            required(problems, at + ".name", s.name());
            check(problems, at + ".siren", s.siren(), Identifiers::isSiren, "is not a valid SIREN (9 digits, Luhn key)");
            if (s.vatNumber() != null) {
                check(problems, at + ".vatNumber", s.vatNumber(), Identifiers::isVatNumber, "is not a valid VAT number");
            }
            address(problems, at + ".address", s.address());
            check(problems, at + ".invoicePrefix", s.invoicePrefix(), v -> PREFIX.matcher(v).matches(),
                    "must be 1-20 upper-case letters, digits or dashes");
            if (s.iban() != null) {
                check(problems, at + ".iban", s.iban(), Identifiers::isIban, "is not a valid IBAN (no spaces, checksum)");
            }
            if (s.bic() != null) {
                check(problems, at + ".bic", s.bic(), Identifiers::isBic, "is not a valid BIC");
            }
            if (s.email() != null) {
                check(problems, at + ".email", s.email(), Identifiers::isEmail, "is not an e-mail address");
            }
            if (s.craBuildCron() != null && !CronExpression.isValidExpression(s.craBuildCron().strip())) {
                problems.add(at + ".craBuildCron: '" + s.craBuildCron() + "' is not a cron expression (six fields: "
                        + "second minute hour day-of-month month day-of-week, e.g. '0 0 18 L * *')");
            }
            mailAccount(problems, at + ".mailAccount", s.mailAccount(), mailAccounts);
            if (s.shareCapital() != null && s.shareCapital().signum() < 0) {
                problems.add(at + ".shareCapital: must not be negative");
            }
            problems.addAll(VatRules.problems(at, s));
            sellers.add(s.code());
        }

        seen.clear();
        for (int i = 0; i < ref.clients().size(); i++) {
            Client c = ref.clients().get(i);
            String at = "clients[" + i + "]";
            code(problems, at, c.code(), seen, "client");
            required(problems, at + ".name", c.name());
            if (c.siren() != null) {
                check(problems, at + ".siren", c.siren(), Identifiers::isSiren, "is not a valid SIREN (9 digits, Luhn key)");
            } else if (c.address() != null && "FR".equals(c.address().country())) {
                problems.add(at + ".siren: is required for a French client (mandatory invoice mention)");
            }
            if (c.vatNumber() != null) {
                check(problems, at + ".vatNumber", c.vatNumber(), Identifiers::isVatNumber, "is not a valid VAT number");
            }
            address(problems, at + ".address", c.address());
            if (c.language() != null && !LANGUAGES.contains(c.language())) {
                problems.add(at + ".language: '" + c.language() + "' is not one of " + LANGUAGES);
            }
            templateSet(problems, at + ".templateSet", c.templateSet(), templateSets);
            ChannelRules.problems(at + ".channels", c.channels(), problems);
            if (c.billing() == null) {
                problems.add(at + ".billing: a billing contact with an e-mail is required");
            } else {
                check(problems, at + ".billing.email", c.billing().email(), Identifiers::isEmail, "is not an e-mail address");
                for (int j = 0; j < c.billing().cc().size(); j++) {
                    check(problems, at + ".billing.cc[" + j + "]", c.billing().cc().get(j), Identifiers::isEmail,
                            "is not an e-mail address");
                }
            }
            if (c.approvers().isEmpty()) {
                problems.add(at + ".approvers: at least one approver with an e-mail is required (CRA validation)");
            } else if (c.approvers().size() > MAX_APPROVERS) {
                problems.add(at + ".approvers: at most " + MAX_APPROVERS + " approvers");
            } else {
                Set<String> emails = new HashSet<>();
                for (int j = 0; j < c.approvers().size(); j++) {
                    Contact a = c.approvers().get(j);
                    String aat = at + ".approvers[" + j + "]";
                    if (a == null) {
                        problems.add(aat + ": an approver with an e-mail is required");
                        continue;
                    }
                    check(problems, aat + ".email", a.email(), Identifiers::isEmail, "is not an e-mail address");
                    if (a.email() != null && !emails.add(a.email().toLowerCase(java.util.Locale.ROOT))) {
                        problems.add(aat + ".email: '" + a.email() + "' is already an approver of this client");
                    }
                    if (!a.cc().isEmpty()) {
                        problems.add(aat + ".cc: an approver has no copies (each approver gets a link of their own)");
                    }
                }
            }
            clients.add(c.code());
        }

        seen.clear();
        Set<String> identities = new HashSet<>();
        for (int i = 0; i < ref.consultants().size(); i++) {
            Consultant c = ref.consultants().get(i);
            String at = "consultants[" + i + "]";
            code(problems, at, c.code(), seen, "consultant");
            required(problems, at + ".name", c.name());
            if (c.email() != null) {
                check(problems, at + ".email", c.email(), Identifiers::isEmail, "is not an e-mail address");
            }
            for (int j = 0; j < c.trackers().size(); j++) {
                TrackerIdentity t = c.trackers().get(j);
                required(problems, at + ".trackers[" + j + "].source", t.source());
                required(problems, at + ".trackers[" + j + "].user", t.user());
                if (t.source() != null && t.user() != null
                        && !identities.add(t.source() + "\u0000" + t.user().toLowerCase(java.util.Locale.ROOT))) {
                    problems.add(at + ".trackers[" + j + "]: user '" + t.user() + "' of source '" + t.source()
                            + "' already names another consultant");
                }
            }
            consultants.add(c.code());
        }

        java.util.Map<String, Seller> sellersHere = new java.util.HashMap<>();
        ref.sellers().forEach(s -> sellersHere.putIfAbsent(s.code(), s));
        java.util.Map<String, Client> clientsHere = new java.util.HashMap<>();
        ref.clients().forEach(c -> clientsHere.putIfAbsent(c.code(), c));
        seen.clear();
        Set<String> mappings = new HashSet<>();
        for (int i = 0; i < ref.contracts().size(); i++) {
            Contract c = ref.contracts().get(i);
            String at = "contracts[" + i + "]";
            code(problems, at, c.code(), seen, "contract");
            required(problems, at + ".label", c.label());
            reference(problems, at + ".seller", c.seller(), sellers, "seller");
            reference(problems, at + ".client", c.client(), clients, "client");
            if (c.consultants().isEmpty()) {
                problems.add(at + ".consultants: at least one consultant is required");
            }
            for (int j = 0; j < c.consultants().size(); j++) {
                reference(problems, at + ".consultants[" + j + "]", c.consultants().get(j), consultants, "consultant");
            }
            positive(problems, at + ".dailyRate", c.dailyRate(), true);
            positive(problems, at + ".hoursPerDay", c.hoursPerDay(), false);
            if (c.hoursPerDay() != null && c.hoursPerDay().compareTo(BigDecimal.valueOf(24)) > 0) {
                problems.add(at + ".hoursPerDay: must be at most 24");
            }
            check(problems, at + ".currency", c.currency(), ReferentialValidator::isCurrency, "is not an ISO 4217 currency code");
            vat(problems, at, c.vatRegime(), c.vatRate());
            if (c.paymentTermsDays() < 0 || c.paymentTermsDays() > MAX_PAYMENT_TERMS_DAYS) {
                problems.add(at + ".paymentTermsDays: must be between 0 and " + MAX_PAYMENT_TERMS_DAYS + " (L441-10)");
            }
            if (c.validationDeadlineDays() < 0 || c.validationDeadlineDays() > 60) {
                problems.add(at + ".validationDeadlineDays: must be between 0 and 60");
            }
            Set<Integer> reminders = new HashSet<>();
            for (int j = 0; j < c.reminderDays().size(); j++) {
                Integer day = c.reminderDays().get(j);
                if (day == null || day < 1 || day > MAX_REMINDER_DAYS) {
                    problems.add(at + ".reminderDays[" + j + "]: must be a number of working days before the deadline, 1 to "
                            + MAX_REMINDER_DAYS);
                } else if (!reminders.add(day)) {
                    problems.add(at + ".reminderDays[" + j + "]: " + day + " appears twice");
                }
            }
            if (c.accountManager() != null) {
                check(problems, at + ".accountManager.email", c.accountManager().email(), Identifiers::isEmail,
                        "is not an e-mail address");
            }
            expenseTerms(problems, at + ".expenses", c.expenses());
            templateSet(problems, at + ".templateSet", c.templateSet(), templateSets);
            mailAccount(problems, at + ".mail.account", c.mail().account(), mailAccounts);
            Set<Integer> paymentReminders = new HashSet<>();
            for (int j = 0; j < c.mail().paymentReminders().size(); j++) {
                Integer day = c.mail().paymentReminders().get(j);
                if (day == null || day < -MAX_PAYMENT_REMINDER_DAYS || day > MAX_PAYMENT_REMINDER_DAYS) {
                    problems.add(at + ".mail.paymentReminders[" + j + "]: must be a number of days from the due date, -"
                            + MAX_PAYMENT_REMINDER_DAYS + " (before) to " + MAX_PAYMENT_REMINDER_DAYS + " (after)");
                } else if (!paymentReminders.add(day)) {
                    problems.add(at + ".mail.paymentReminders[" + j + "]: " + day + " appears twice");
                }
            }
            if (c.invoicing() != null && c.invoicing().serviceCode() != null && !reference(c.invoicing().serviceCode())) {
                problems.add(at + ".invoicing.serviceCode: must be at most 100 printable characters (the Chorus Pro service code)");
            }
            if (c.invoicing() != null && c.invoicing().engagementNumber() != null
                    && !reference(c.invoicing().engagementNumber())) {
                problems.add(at + ".invoicing.engagementNumber: must be at most 100 printable characters");
            }
            if (c.startDate() != null && c.endDate() != null && c.endDate().isBefore(c.startDate())) {
                problems.add(at + ".endDate: is before startDate");
            }
            for (int j = 0; j < c.trackers().size(); j++) {
                TrackerMapping m = c.trackers().get(j);
                String mat = at + ".trackers[" + j + "]";
                required(problems, mat + ".source", m.source());
                if (m.project() == null && m.client() == null && m.task() == null) {
                    problems.add(mat + ": a project, client or task is required");
                } else if (m.source() != null && !mappings.add(m.source() + "\u0000" + m.project() + "\u0000" + m.client()
                        + "\u0000" + m.task())) {
                    problems.add(mat + ": the same rule already maps source '" + m.source() + "' to another contract");
                }
            }
            terms(problems, at, c);
            Seller seller = sellersHere.get(c.seller());
            Client client = clientsHere.get(c.client());
            if (c.vatRegime() != null) {
                problems.addAll(VatRules.problems(at, c.vatRegime(), seller, client));
            }
            for (int j = 0; j < c.terms().size(); j++) {
                ContractTerms t = c.terms().get(j);
                if (t.vatRegime() != null) {
                    problems.addAll(VatRules.problems(at + ".terms[" + j + "]", t.vatRegime(), seller, client));
                }
            }
            products(problems, at, c);
            discounts(problems, at, c);
        }
        return problems;
    }

    /** Products and fixed fees: a code, a description, a price, a French VAT rate (or 0), a period (ADR 0019). */
    private static void products(List<String> problems, String at, Contract c) {
        Set<String> codes = new HashSet<>();
        for (int j = 0; j < c.products().size(); j++) {
            ContractProduct p = c.products().get(j);
            String pat = at + ".products[" + j + "]";
            if (p == null) {
                problems.add(pat + ": is empty");
                continue;
            }
            if (p.code() == null || !CODE.matcher(p.code()).matches()) {
                problems.add(pat + ".code: '" + p.code() + "' must be lower-case letters, digits, '.', '_' or '-' (max 64)");
            } else if (!codes.add(p.code())) {
                problems.add(pat + ".code: product '" + p.code() + "' appears twice in the contract");
            }
            required(problems, pat + ".description", p.description());
            if (p.description() != null && p.description().length() > 500) {
                problems.add(pat + ".description: at most 500 characters");
            }
            line(problems, pat, p.unitPrice(), p.unitCode(), p.vatRate(), p.quantity(), p.discount());
            if (p.every() == ContractProduct.Every.ONCE && p.from() == null) {
                problems.add(pat + ".from: a product billed ONCE is billed in the month of its 'from' date: required");
            }
            if (p.from() != null && p.to() != null && p.to().isBefore(p.from())) {
                problems.add(pat + ".to: is before from");
            }
        }
    }

    private static void discounts(List<String> problems, String at, Contract c) {
        for (int j = 0; j < c.discounts().size(); j++) {
            ContractDiscount d = c.discounts().get(j);
            String dat = at + ".discounts[" + j + "]";
            if (d == null) {
                problems.add(dat + ": is empty");
                continue;
            }
            required(problems, dat + ".reason", d.reason());
            discountValue(problems, dat, d.percent(), d.amount());
            if (d.from() != null && d.to() != null && d.to().isBefore(d.from())) {
                problems.add(dat + ".to: is before from");
            }
        }
    }

    /** The checks a product, a fee or a month line share (also used by the month-lines API). */
    public static void line(List<String> problems, String at, BigDecimal unitPrice, String unitCode, BigDecimal vatRate,
                            BigDecimal quantity, ContractProduct.Discount discount) {
        positive(problems, at + ".unitPrice", unitPrice, true);
        if (unitCode == null || !unitCode.matches("[A-Z0-9]{2,3}")) {
            problems.add(at + ".unitCode: '" + unitCode + "' is not a UN/ECE Rec. 20 unit code (C62, MON, HUR, DAY...)");
        }
        if (vatRate != null && !VatRules.isFrenchRate(vatRate, true)) {
            problems.add(at + ".vatRate: " + vatRate.toPlainString() + " is not a French VAT rate (20, 10, 5.5, 2.1, or 0 for a"
                    + " zero-rated line)");
        }
        if (quantity == null || quantity.signum() <= 0) {
            problems.add(at + ".quantity: must be positive");
        } else if (quantity.stripTrailingZeros().scale() > 6) {
            problems.add(at + ".quantity: at most 6 decimals");
        }
        if (discount != null) {
            discountValue(problems, at + ".discount", discount.percent(), discount.amount());
        }
    }

    private static void discountValue(List<String> problems, String at, BigDecimal percent, BigDecimal amount) {
        if ((percent == null) == (amount == null)) {
            problems.add(at + ": give either a percent or an amount");
        } else if (percent != null && (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0
                || percent.stripTrailingZeros().scale() > 4)) {
            problems.add(at + ".percent: must be above 0 and at most 100, with at most 4 decimals");
        } else if (amount != null && (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2)) {
            problems.add(at + ".amount: must be positive, with at most 2 decimals");
        }
    }

    /** A markup only with MARKUP, and then a percentage above 0, at most 100, with 2 decimals at most. */
    private static void expenseTerms(List<String> problems, String at, ExpenseTerms terms) {
        BigDecimal markup = terms.markupPercent();
        if (terms.rebill() == ExpenseTerms.Rebill.MARKUP) {
            if (markup == null) {
                problems.add(at + ".markupPercent: is required with rebill MARKUP (e.g. 10 for 10 %)");
            } else if (markup.signum() <= 0 || markup.compareTo(BigDecimal.valueOf(100)) > 0) {
                problems.add(at + ".markupPercent: must be more than 0 and at most 100");
            } else if (markup.stripTrailingZeros().scale() > 2) {
                problems.add(at + ".markupPercent: at most 2 decimals");
            }
        } else if (markup != null) {
            problems.add(at + ".markupPercent: only with rebill MARKUP (rebill is " + terms.rebill() + ")");
        }
    }

    /** A named template set must exist in the home and be usable: a typo or a broken set is caught at load. */
    private static void mailAccount(List<String> problems, String at, String name, MailAccountCheck mailAccounts) {
        if (name == null) {
            return;
        }
        if (!MAIL_ACCOUNT.matcher(name).matches()) {
            problems.add(at + ": '" + (name.length() > 80 ? name.substring(0, 80) + "..." : name) + "' is not a mailbox name (lower-case letters, digits and '-', "
                    + "as in crahub.mail.accounts.<name>)");
            return;
        }
        mailAccounts.problem(name).ifPresent(p -> problems.add(at + ": " + p));
    }

    private static void templateSet(List<String> problems, String at, String name, TemplateSetCheck templateSets) {
        if (name == null) {
            return;
        }
        if (!TEMPLATE_SET.matcher(name).matches()) {
            problems.add(at + ": '" + name + "' is not a template set name (lower-case letters, digits, '-' and '_',"
                    + " at most 64: the folder templates/<name>/)");
            return;
        }
        templateSets.problem(name).ifPresent(problem -> problems.add(at + ": template set '" + name
                + "' cannot be used: " + problem));
    }

    /** Effective-dated changes: dated, in order, inside the contract, each resolved set of terms valid (ADR 0015). */
    private static void terms(List<String> problems, String at, Contract c) {
        Set<java.time.LocalDate> dates = new HashSet<>();
        for (int j = 0; j < c.terms().size(); j++) {
            ContractTerms t = c.terms().get(j);
            String tat = at + ".terms[" + j + "]";
            if (t.from() == null) {
                problems.add(tat + ".from: the date the change takes effect is required");
                continue;
            }
            if (!dates.add(t.from())) {
                problems.add(tat + ".from: another change takes effect on " + t.from());
            }
            if (c.startDate() != null && !t.from().isAfter(c.startDate())) {
                problems.add(tat + ".from: must be after the contract's startDate (" + c.startDate()
                        + "); change the contract's own terms instead");
            }
            if (c.endDate() != null && t.from().isAfter(c.endDate())) {
                problems.add(tat + ".from: is after the contract's endDate (" + c.endDate() + ")");
            }
            if (t.dailyRate() != null) {
                positive(problems, tat + ".dailyRate", t.dailyRate(), true);
            }
            if (t.currency() != null) {
                check(problems, tat + ".currency", t.currency(), ReferentialValidator::isCurrency,
                        "is not an ISO 4217 currency code");
                if (t.from().getDayOfMonth() != 1) {
                    problems.add(tat + ".currency: a currency change takes effect on the first day of a month (an invoice"
                            + " has one currency)");
                }
            }
            if (t.paymentTermsDays() != null && (t.paymentTermsDays() < 0 || t.paymentTermsDays() > MAX_PAYMENT_TERMS_DAYS)) {
                problems.add(tat + ".paymentTermsDays: must be between 0 and " + MAX_PAYMENT_TERMS_DAYS + " (L441-10)");
            }
            if (t.vatRegime() != null || t.vatRate() != null) {
                ContractTerms resolved = c.termsOn(t.from());
                vat(problems, tat, resolved.vatRegime(), resolved.vatRate());
            }
        }
    }

    private static void vat(List<String> problems, String at, VatRegime regime, BigDecimal rate) {
        if (regime == null) {
            problems.add(at + ".vatRegime: is required (STANDARD, REVERSE_CHARGE, EXPORT or FRANCHISE)");
        } else if (rate == null) {
            problems.add(at + ".vatRate: is required");
        } else if (regime == VatRegime.STANDARD && rate.signum() <= 0) {
            problems.add(at + ".vatRate: must be positive under the STANDARD regime");
        } else if (regime != VatRegime.STANDARD && rate.signum() != 0) {
            problems.add(at + ".vatRate: must be 0 under the " + regime + " regime");
        } else if (rate.compareTo(BigDecimal.valueOf(100)) >= 0 || rate.scale() > 2) {
            problems.add(at + ".vatRate: must be a percentage below 100 with at most 2 decimals");
        } else if (regime == VatRegime.STANDARD && !VatRules.isFrenchRate(rate, false)) {
            problems.add(at + ".vatRate: " + rate.toPlainString() + " is not a French VAT rate (20, 10, 5.5 or 2.1)");
        }
    }

    private static boolean isCurrency(String code) {
        try {
            return code.length() == 3 && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void code(List<String> problems, String at, String code, Set<String> seen, String what) {
        if (code == null || !CODE.matcher(code).matches()) {
            problems.add(at + ".code: '" + code + "' must be lower-case letters, digits, '.', '_' or '-' (max 64)");
        } else if (!seen.add(code)) {
            problems.add(at + ".code: " + what + " '" + code + "' appears twice in the file");
        }
    }

    private static void address(List<String> problems, String at, Address a) {
        if (a == null) {
            problems.add(at + ": is required");
            return;
        }
        if (a.lines().isEmpty() || a.lines().size() > 3) {
            problems.add(at + ".lines: one to three lines are required");
        }
        required(problems, at + ".postcode", a.postcode());
        required(problems, at + ".city", a.city());
        check(problems, at + ".country", a.country(), v -> v.matches("[A-Z]{2}"), "must be an ISO 3166-1 alpha-2 code");
    }

    private static void reference(List<String> problems, String at, String code, Set<String> known, String what) {
        if (code == null || code.isBlank()) {
            problems.add(at + ": is required");
        } else if (!known.contains(code)) {
            problems.add(at + ": unknown " + what + " '" + code + "'");
        }
    }

    private static void positive(List<String> problems, String at, BigDecimal value, boolean zeroAllowed) {
        if (value == null) {
            problems.add(at + ": is required");
        } else if (zeroAllowed ? value.signum() < 0 : value.signum() <= 0) {
            problems.add(at + ": must be " + (zeroAllowed ? "zero or more" : "positive"));
        } else if (value.stripTrailingZeros().scale() > 2) {
            problems.add(at + ": at most 2 decimals");
        }
    }

    private static void required(List<String> problems, String at, String value) {
        if (value == null || value.isBlank()) {
            problems.add(at + ": is required");
        }
    }

    /** A reference printed on an invoice and read by a platform: short, printable. */
    private static boolean reference(String value) {
        return value.length() <= 100 && value.chars().noneMatch(Character::isISOControl);
    }

    private static void check(List<String> problems, String at, String value, Predicate<String> test, String message) {
        if (value == null || value.isBlank()) {
            problems.add(at + ": is required");
        } else if (!test.test(value)) {
            problems.add(at + ": '" + value + "' " + message);
        }
    }

    /** Codes already in the database, so a file may add contracts for sellers loaded earlier. */
    public record KnownCodes(Set<String> sellers, Set<String> clients, Set<String> consultants) {
    }
}
