package dev.crahub.referential;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Sellers, clients, consultants and contracts in PostgreSQL. Upserts by code; bound parameters only. */
@Repository
public class ReferentialStore {

    private static final String LINE_SEPARATOR = "\n";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, String>> SETTINGS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };
    private final JdbcClient jdbc;

    public ReferentialStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a whole validated document in one transaction: all of it or nothing. */
    @Transactional
    public void upsert(Referential ref) {
        ref.sellers().forEach(this::upsert);
        ref.clients().forEach(this::upsert);
        ref.consultants().forEach(this::upsert);
        ref.contracts().forEach(this::upsert);
    }

    public ReferentialValidator.KnownCodes knownCodes() {
        return new ReferentialValidator.KnownCodes(
                new HashSet<>(jdbc.sql("SELECT code FROM seller").query(String.class).list()),
                new HashSet<>(jdbc.sql("SELECT code FROM client").query(String.class).list()),
                new HashSet<>(jdbc.sql("SELECT code FROM consultant").query(String.class).list()));
    }

    void upsert(Seller s) {
        jdbc.sql("""
                INSERT INTO seller (code, name, legal_form, share_capital, registration, siren, vat_number, address_lines,
                                    postcode, city, country, email, iban, bic, invoice_prefix, vat_on_debits, cra_build_cron, vat_franchise)
                VALUES (:code, :name, :legalForm, :shareCapital, :registration, :siren, :vatNumber, :lines,
                        :postcode, :city, :country, :email, :iban, :bic, :prefix, :vatOnDebits, :cron, :franchise)
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, legal_form = EXCLUDED.legal_form,
                    share_capital = EXCLUDED.share_capital, registration = EXCLUDED.registration, siren = EXCLUDED.siren,
                    vat_number = EXCLUDED.vat_number, address_lines = EXCLUDED.address_lines, postcode = EXCLUDED.postcode,
                    city = EXCLUDED.city, country = EXCLUDED.country, email = EXCLUDED.email, iban = EXCLUDED.iban,
                    bic = EXCLUDED.bic, invoice_prefix = EXCLUDED.invoice_prefix, vat_on_debits = EXCLUDED.vat_on_debits,
                    cra_build_cron = EXCLUDED.cra_build_cron, vat_franchise = EXCLUDED.vat_franchise, updated_at = now()
                """)
                .param("code", s.code()).param("name", s.name()).param("legalForm", s.legalForm())
                .param("shareCapital", s.shareCapital()).param("registration", s.registration())
                .param("siren", s.siren()).param("vatNumber", s.vatNumber())
                .param("lines", String.join(LINE_SEPARATOR, s.address().lines()))
                .param("postcode", s.address().postcode()).param("city", s.address().city())
                .param("country", s.address().country()).param("email", s.email()).param("iban", s.iban())
                .param("bic", s.bic()).param("prefix", s.invoicePrefix()).param("vatOnDebits", s.vatOnDebits())
                .param("cron", s.craBuildCron() == null || s.craBuildCron().isBlank() ? null : s.craBuildCron().strip())
                .param("franchise", s.vatFranchise())
                .update();
        jdbc.sql("UPDATE seller SET mail_account = :account WHERE code = :code")
                .param("account", s.mailAccount()).param("code", s.code()).update();
    }

    void upsert(Client c) {
        Contact approver = c.approver() == null ? new Contact(null, null, null) : c.approver();
        jdbc.sql("""
                INSERT INTO client (code, name, siren, vat_number, address_lines, postcode, city, country, language,
                                    approver_name, approver_email, billing_name, billing_email, billing_cc, template_set)
                VALUES (:code, :name, :siren, :vatNumber, :lines, :postcode, :city, :country, :language,
                        :approverName, :approverEmail, :billingName, :billingEmail, :billingCc, :templateSet)
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, siren = EXCLUDED.siren,
                    vat_number = EXCLUDED.vat_number, address_lines = EXCLUDED.address_lines,
                    postcode = EXCLUDED.postcode, city = EXCLUDED.city, country = EXCLUDED.country,
                    language = EXCLUDED.language, approver_name = EXCLUDED.approver_name,
                    approver_email = EXCLUDED.approver_email, billing_name = EXCLUDED.billing_name,
                    billing_email = EXCLUDED.billing_email, billing_cc = EXCLUDED.billing_cc,
                    template_set = EXCLUDED.template_set, updated_at = now()
                """)
                .param("code", c.code()).param("name", c.name()).param("siren", c.siren())
                .param("vatNumber", c.vatNumber()).param("lines", String.join(LINE_SEPARATOR, c.address().lines()))
                .param("postcode", c.address().postcode()).param("city", c.address().city())
                .param("country", c.address().country()).param("language", c.language() == null ? "fr" : c.language())
                .param("approverName", approver.name()).param("approverEmail", approver.email())
                .param("billingName", c.billing().name()).param("billingEmail", c.billing().email())
                .param("billingCc", String.join(",", c.billing().cc())).param("templateSet", c.templateSet())
                .update();
        jdbc.sql("DELETE FROM client_approver WHERE client_code = :code").param("code", c.code()).update();
        for (int i = 0; i < c.approvers().size(); i++) {
            Contact a = c.approvers().get(i);
            jdbc.sql("INSERT INTO client_approver (client_code, position, name, email) VALUES (:code, :position, :name, :email)")
                    .param("code", c.code()).param("position", i + 1).param("name", a.name()).param("email", a.email())
                    .update();
        }
        channels(c);
    }

    /** The client's channels in fallback order, replaced as a whole (ADR 0021). */
    private void channels(Client c) {
        jdbc.sql("DELETE FROM client_channel WHERE client_code = :code").param("code", c.code()).update();
        for (int i = 0; i < c.channels().size(); i++) {
            ClientChannel ch = c.channels().get(i);
            jdbc.sql("INSERT INTO client_channel (client_code, position, type, format, settings) "
                            + "VALUES (:code, :position, :type, :format, CAST(:settings AS jsonb))")
                    .param("code", c.code()).param("position", i + 1).param("type", ch.type())
                    .param("format", ch.formatName()).param("settings", json(ch.settings())).update();
        }
    }

    /** A client's channels in fallback order ({@code [email]} when it declared none). */
    public List<ClientChannel> channels(String client) {
        List<ClientChannel> channels = jdbc.sql(
                        "SELECT type, format, settings FROM client_channel WHERE client_code = :code ORDER BY position")
                .param("code", client)
                .query((rs, n) -> ClientChannel.of(rs.getString(1), rs.getString(2), settings(rs.getString(3))))
                .list();
        return channels.isEmpty() ? ClientChannel.DEFAULT : channels;
    }

    private static String json(java.util.Map<String, String> settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.Map<String, String> settings(String json) {
        try {
            return JSON.readValue(json, SETTINGS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable channel settings: " + e.getMessage(), e);
        }
    }

    void upsert(Consultant c) {
        jdbc.sql("""
                INSERT INTO consultant (code, name, email) VALUES (:code, :name, :email)
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, updated_at = now()
                """)
                .param("code", c.code()).param("name", c.name()).param("email", c.email())
                .update();
        jdbc.sql("DELETE FROM consultant_tracker_identity WHERE consultant_code = :code").param("code", c.code()).update();
        for (TrackerIdentity t : c.trackers()) {
            jdbc.sql("""
                    INSERT INTO consultant_tracker_identity (consultant_code, source, tracker_user) VALUES (:code, :source, :user)
                    ON CONFLICT (source, tracker_user) DO UPDATE SET consultant_code = EXCLUDED.consultant_code
                    """)
                    .param("code", c.code()).param("source", t.source()).param("user", t.user()).update();
        }
    }

    void upsert(Contract c) {
        jdbc.sql("""
                INSERT INTO contract (code, seller_code, client_code, label, daily_rate, currency, hours_per_day,
                                      vat_regime, vat_rate, payment_terms_days, po_number, validation_deadline_days,
                                      start_date, end_date, cra_review, reminder_days, deadline_action,
                                      account_manager_name, account_manager_email, billing_unit, billing_rounding,
                                      billing_lines, template_set, invoice_issue)
                VALUES (:code, :seller, :client, :label, :dailyRate, :currency, :hoursPerDay, :vatRegime, :vatRate,
                        :paymentTerms, :po, :deadline, :start, :end, :craReview, :reminderDays, :deadlineAction,
                        :managerName, :managerEmail, :billingUnit, :billingRounding, :billingLines, :templateSet,
                        :invoiceIssue)
                ON CONFLICT (code) DO UPDATE SET seller_code = EXCLUDED.seller_code, client_code = EXCLUDED.client_code,
                    label = EXCLUDED.label, daily_rate = EXCLUDED.daily_rate, currency = EXCLUDED.currency,
                    hours_per_day = EXCLUDED.hours_per_day, vat_regime = EXCLUDED.vat_regime,
                    vat_rate = EXCLUDED.vat_rate, payment_terms_days = EXCLUDED.payment_terms_days,
                    po_number = EXCLUDED.po_number, validation_deadline_days = EXCLUDED.validation_deadline_days,
                    start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
                    cra_review = EXCLUDED.cra_review, reminder_days = EXCLUDED.reminder_days,
                    deadline_action = EXCLUDED.deadline_action, account_manager_name = EXCLUDED.account_manager_name,
                    account_manager_email = EXCLUDED.account_manager_email, billing_unit = EXCLUDED.billing_unit,
                    billing_rounding = EXCLUDED.billing_rounding, billing_lines = EXCLUDED.billing_lines,
                    template_set = EXCLUDED.template_set, invoice_issue = EXCLUDED.invoice_issue, updated_at = now()
                """)
                .param("code", c.code()).param("seller", c.seller()).param("client", c.client())
                .param("label", c.label()).param("dailyRate", c.dailyRate()).param("currency", c.currency())
                .param("hoursPerDay", c.hoursPerDay()).param("vatRegime", c.vatRegime().name())
                .param("vatRate", c.vatRate()).param("paymentTerms", c.paymentTermsDays()).param("po", c.poNumber())
                .param("deadline", c.validationDeadlineDays()).param("start", c.startDate()).param("end", c.endDate())
                .param("craReview", c.craReview())
                .param("reminderDays", String.join(",", c.reminderDays().stream().map(String::valueOf).toList()))
                .param("deadlineAction", c.deadlineAction().name())
                .param("managerName", c.accountManager() == null ? null : c.accountManager().name())
                .param("managerEmail", c.accountManager() == null ? null : c.accountManager().email())
                .param("billingUnit", c.billing().unit().name()).param("billingRounding", c.billing().rounding().name())
                .param("billingLines", c.billing().lines().name())
                .param("templateSet", c.templateSet())
                .param("invoiceIssue", c.invoicing().issue().name())
                .update();
        jdbc.sql("""
                UPDATE contract SET service_code = :service, engagement_number = :engagement, mail_account = :account,
                                    payment_reminder_days = :paymentReminders
                WHERE code = :code
                """)
                .param("service", c.invoicing().serviceCode()).param("engagement", c.invoicing().engagementNumber())
                .param("account", c.mail().account())
                .param("paymentReminders", String.join(",", c.mail().paymentReminders().stream().map(String::valueOf).toList()))
                .param("code", c.code()).update();
        expenseTerms(c);
        jdbc.sql("DELETE FROM contract_terms WHERE contract_code = :code").param("code", c.code()).update();
        for (ContractTerms t : c.terms()) {
            jdbc.sql("""
                    INSERT INTO contract_terms (contract_code, effective_from, daily_rate, currency, vat_regime, vat_rate,
                                                payment_terms_days, billing_unit, billing_rounding, billing_lines)
                    VALUES (:code, :from, :dailyRate, :currency, :vatRegime, :vatRate, :paymentTerms, :unit, :rounding,
                            :lines)
                    """)
                    .param("code", c.code()).param("from", t.from()).param("dailyRate", t.dailyRate())
                    .param("currency", t.currency()).param("vatRegime", t.vatRegime() == null ? null : t.vatRegime().name())
                    .param("vatRate", t.vatRate()).param("paymentTerms", t.paymentTermsDays())
                    .param("unit", t.billing() == null ? null : t.billing().unit().name())
                    .param("rounding", t.billing() == null ? null : t.billing().rounding().name())
                    .param("lines", t.billing() == null ? null : t.billing().lines().name())
                    .update();
        }
        products(c);
        jdbc.sql("DELETE FROM contract_consultant WHERE contract_code = :code").param("code", c.code()).update();
        for (String consultant : c.consultants()) {
            jdbc.sql("INSERT INTO contract_consultant (contract_code, consultant_code) VALUES (:code, :consultant)")
                    .param("code", c.code()).param("consultant", consultant).update();
        }
        jdbc.sql("DELETE FROM contract_tracker_rule WHERE contract_code = :code").param("code", c.code()).update();
        for (TrackerMapping m : c.trackers()) {
            jdbc.sql("""
                    INSERT INTO contract_tracker_rule (contract_code, source, project, client, task)
                    VALUES (:code, :source, :project, :client, :task)
                    """)
                    .param("code", c.code()).param("source", m.source()).param("project", m.project())
                    .param("client", m.client()).param("task", m.task()).update();
        }
    }

    /** A contract's products, fees and discounts, replaced like its terms on each load (ADR 0019). */
    private void products(Contract c) {
        jdbc.sql("DELETE FROM contract_product WHERE contract_code = :code").param("code", c.code()).update();
        for (int i = 0; i < c.products().size(); i++) {
            ContractProduct p = c.products().get(i);
            ContractProduct.Discount d = p.discount();
            jdbc.sql("""
                    INSERT INTO contract_product (contract_code, position, code, kind, description, unit_price, unit_code,
                                                  vat_rate, quantity, every, from_date, to_date, discount_percent,
                                                  discount_amount, discount_reason)
                    VALUES (:contract, :position, :code, :kind, :description, :price, :unit, :rate, :quantity, :every,
                            :from, :to, :percent, :amount, :reason)
                    """)
                    .param("contract", c.code()).param("position", i + 1).param("code", p.code())
                    .param("kind", p.kind().name()).param("description", p.description()).param("price", p.unitPrice())
                    .param("unit", p.unitCode()).param("rate", p.vatRate()).param("quantity", p.quantity())
                    .param("every", p.every().name()).param("from", p.from()).param("to", p.to())
                    .param("percent", d == null ? null : d.percent()).param("amount", d == null ? null : d.amount())
                    .param("reason", d == null ? null : d.reason())
                    .update();
        }
        jdbc.sql("DELETE FROM contract_discount WHERE contract_code = :code").param("code", c.code()).update();
        for (int i = 0; i < c.discounts().size(); i++) {
            ContractDiscount d = c.discounts().get(i);
            jdbc.sql("""
                    INSERT INTO contract_discount (contract_code, position, reason, percent, amount, from_date, to_date)
                    VALUES (:contract, :position, :reason, :percent, :amount, :from, :to)
                    """)
                    .param("contract", c.code()).param("position", i + 1).param("reason", d.reason())
                    .param("percent", d.percent()).param("amount", d.amount()).param("from", d.from()).param("to", d.to())
                    .update();
        }
    }

    private List<ContractProduct> products(String contract) {
        return jdbc.sql("SELECT * FROM contract_product WHERE contract_code = :code ORDER BY position")
                .param("code", contract)
                .query((rs, n) -> new ContractProduct(rs.getString("code"),
                        ContractProduct.Kind.valueOf(rs.getString("kind")), rs.getString("description"),
                        rs.getBigDecimal("unit_price"), rs.getString("unit_code"), rs.getBigDecimal("vat_rate"),
                        rs.getBigDecimal("quantity"), ContractProduct.Every.valueOf(rs.getString("every")),
                        rs.getObject("from_date", java.time.LocalDate.class),
                        rs.getObject("to_date", java.time.LocalDate.class),
                        rs.getBigDecimal("discount_percent") == null && rs.getBigDecimal("discount_amount") == null ? null
                                : new ContractProduct.Discount(rs.getBigDecimal("discount_percent"),
                                        rs.getBigDecimal("discount_amount"), rs.getString("discount_reason"))))
                .list();
    }

    private List<ContractDiscount> discounts(String contract) {
        return jdbc.sql("SELECT * FROM contract_discount WHERE contract_code = :code ORDER BY position")
                .param("code", contract)
                .query((rs, n) -> new ContractDiscount(rs.getString("reason"), rs.getBigDecimal("percent"),
                        rs.getBigDecimal("amount"), rs.getObject("from_date", java.time.LocalDate.class),
                        rs.getObject("to_date", java.time.LocalDate.class)))
                .list();
    }

    /** How the contract re-bills expenses (ADR 0016): a block of its own, so the upsert above reads as before. */
    private void expenseTerms(Contract c) {
        jdbc.sql("UPDATE contract SET expense_rebill = :rebill, expense_markup_percent = :markup, expense_vat = :vat "
                        + "WHERE code = :code")
                .param("rebill", c.expenses().rebill().name()).param("markup", c.expenses().markupPercent())
                .param("vat", c.expenses().vat().name()).param("code", c.code()).update();
    }

    public List<Seller> sellers() {
        return jdbc.sql("SELECT * FROM seller ORDER BY code").query(ReferentialStore::mapSeller).list();
    }

    public Optional<Seller> seller(String code) {
        return jdbc.sql("SELECT * FROM seller WHERE code = :code").param("code", code).query(ReferentialStore::mapSeller).optional();
    }

    public List<Client> clients() {
        return jdbc.sql("SELECT * FROM client ORDER BY code").query(this::mapClient).list();
    }

    public Optional<Client> client(String code) {
        return jdbc.sql("SELECT * FROM client WHERE code = :code").param("code", code).query(this::mapClient).optional();
    }

    public List<Consultant> consultants() {
        return jdbc.sql("SELECT * FROM consultant ORDER BY code").query(this::mapConsultant).list();
    }

    public Optional<Consultant> consultant(String code) {
        return jdbc.sql("SELECT * FROM consultant WHERE code = :code").param("code", code)
                .query(this::mapConsultant).optional();
    }

    public List<Contract> contracts() {
        return jdbc.sql("SELECT * FROM contract ORDER BY code").query(this::mapContract).list();
    }

    public Optional<Contract> contract(String code) {
        return jdbc.sql("SELECT * FROM contract WHERE code = :code").param("code", code).query(this::mapContract).optional();
    }

    /** Every contract's tracker rules. */
    public List<ContractRule> contractRules() {
        return jdbc.sql("SELECT contract_code, source, project, client, task FROM contract_tracker_rule ORDER BY id")
                .query((rs, n) -> new ContractRule(rs.getString(1),
                        new TrackerMapping(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))))
                .list();
    }

    /** Every consultant's tracker identities. */
    public List<ConsultantIdentity> consultantIdentities() {
        return jdbc.sql("SELECT consultant_code, source, tracker_user FROM consultant_tracker_identity")
                .query((rs, n) -> new ConsultantIdentity(rs.getString(1), new TrackerIdentity(rs.getString(2), rs.getString(3))))
                .list();
    }

    /** A contract's rule, as the entry mapping reads them. */
    public record ContractRule(String contract, TrackerMapping rule) {
    }

    /** A consultant's identity in a tracker. */
    public record ConsultantIdentity(String consultant, TrackerIdentity identity) {
    }

    private static Seller mapSeller(ResultSet rs, int row) throws SQLException {
        return new Seller(rs.getString("code"), rs.getString("name"), rs.getString("legal_form"),
                rs.getBigDecimal("share_capital"), rs.getString("registration"), rs.getString("siren"),
                rs.getString("vat_number"), address(rs), rs.getString("email"), rs.getString("iban"), rs.getString("bic"),
                rs.getString("invoice_prefix"), rs.getBoolean("vat_on_debits"), rs.getString("cra_build_cron"),
                rs.getBoolean("vat_franchise"), rs.getString("mail_account"));
    }

    /** A client's approvers, in the referential's order. */
    public List<Contact> approvers(String client) {
        return jdbc.sql("SELECT name, email FROM client_approver WHERE client_code = :code ORDER BY position")
                .param("code", client).query((r, n) -> new Contact(r.getString(1), r.getString(2), List.of())).list();
    }

    private Client mapClient(ResultSet rs, int row) throws SQLException {
        String cc = rs.getString("billing_cc");
        return new Client(rs.getString("code"), rs.getString("name"), rs.getString("siren"), rs.getString("vat_number"),
                address(rs), rs.getString("language"), approvers(rs.getString("code")),
                new Contact(rs.getString("billing_name"), rs.getString("billing_email"),
                        cc == null || cc.isBlank() ? List.of() : Arrays.asList(cc.split(","))),
                rs.getString("template_set"), channels(rs.getString("code")));
    }

    private Consultant mapConsultant(ResultSet rs, int row) throws SQLException {
        String code = rs.getString("code");
        List<TrackerIdentity> trackers = jdbc.sql(
                        "SELECT source, tracker_user FROM consultant_tracker_identity WHERE consultant_code = :code ORDER BY source, tracker_user")
                .param("code", code).query((r, n) -> new TrackerIdentity(r.getString(1), r.getString(2))).list();
        return new Consultant(code, rs.getString("name"), rs.getString("email"), trackers);
    }

    private Contract mapContract(ResultSet rs, int row) throws SQLException {
        String code = rs.getString("code");
        List<String> consultants = jdbc.sql(
                        "SELECT consultant_code FROM contract_consultant WHERE contract_code = :code ORDER BY consultant_code")
                .param("code", code).query(String.class).list();
        List<TrackerMapping> trackers = jdbc.sql(
                        "SELECT source, project, client, task FROM contract_tracker_rule WHERE contract_code = :code ORDER BY id")
                .param("code", code).query((r, n) -> new TrackerMapping(r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4))).list();
        return new Contract(code, rs.getString("seller_code"), rs.getString("client_code"), rs.getString("label"),
                consultants, rs.getBigDecimal("daily_rate"), rs.getString("currency"), rs.getBigDecimal("hours_per_day"),
                VatRegime.valueOf(rs.getString("vat_regime")), rs.getBigDecimal("vat_rate"),
                rs.getInt("payment_terms_days"), rs.getString("po_number"), rs.getInt("validation_deadline_days"),
                rs.getObject("start_date", java.time.LocalDate.class), rs.getObject("end_date", java.time.LocalDate.class),
                trackers, rs.getBoolean("cra_review"), reminderDays(rs.getString("reminder_days")),
                Contract.DeadlineAction.valueOf(rs.getString("deadline_action")),
                rs.getString("account_manager_email") == null ? null
                        : new Contact(rs.getString("account_manager_name"), rs.getString("account_manager_email"), List.of()),
                new BillingTerms(BillingTerms.Unit.valueOf(rs.getString("billing_unit")),
                        BillingTerms.Rounding.valueOf(rs.getString("billing_rounding")),
                        BillingTerms.Lines.valueOf(rs.getString("billing_lines"))),
                terms(code), products(code), discounts(code),
                new ExpenseTerms(ExpenseTerms.Rebill.valueOf(rs.getString("expense_rebill")),
                        rs.getBigDecimal("expense_markup_percent"), ExpenseTerms.VatRule.valueOf(rs.getString("expense_vat"))),
                rs.getString("template_set"), new Invoicing(Invoicing.Issue.valueOf(rs.getString("invoice_issue")),
                        rs.getString("service_code"), rs.getString("engagement_number")),
                new ContractMail(rs.getString("mail_account"), reminderDays(rs.getString("payment_reminder_days"))));
    }

    private List<ContractTerms> terms(String contract) {
        return jdbc.sql("SELECT * FROM contract_terms WHERE contract_code = :code ORDER BY effective_from")
                .param("code", contract)
                .query((rs, n) -> new ContractTerms(rs.getObject("effective_from", java.time.LocalDate.class),
                        rs.getBigDecimal("daily_rate"), rs.getString("currency"),
                        rs.getString("vat_regime") == null ? null : VatRegime.valueOf(rs.getString("vat_regime")),
                        rs.getBigDecimal("vat_rate"), (Integer) rs.getObject("payment_terms_days"),
                        rs.getString("billing_unit") == null ? null
                                : new BillingTerms(BillingTerms.Unit.valueOf(rs.getString("billing_unit")),
                                        rs.getString("billing_rounding") == null ? null
                                                : BillingTerms.Rounding.valueOf(rs.getString("billing_rounding")),
                                        rs.getString("billing_lines") == null ? null
                                                : BillingTerms.Lines.valueOf(rs.getString("billing_lines")))))
                .list();
    }

    private static List<Integer> reminderDays(String stored) {
        return stored == null || stored.isBlank() ? List.of()
                : Arrays.stream(stored.split(",")).map(Integer::valueOf).toList();
    }

    private static Address address(ResultSet rs) throws SQLException {
        return new Address(Arrays.asList(rs.getString("address_lines").split(LINE_SEPARATOR)), rs.getString("postcode"),
                rs.getString("city"), rs.getString("country"));
    }
}
