package dev.crahub.referential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferentialValidatorTests {

    private final ReferentialParser parser = new ReferentialParser();
    private final ReferentialValidator validator = new ReferentialValidator();
    private static final ReferentialValidator.KnownCodes NONE = new ReferentialValidator.KnownCodes(Set.of(), Set.of(), Set.of());

    private static byte[] fixture() throws IOException {
        try (InputStream in = ReferentialValidatorTests.class.getResourceAsStream("/fixtures/referential.yaml")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theFixtureAndTheDemoAreValid() throws IOException {
        assertThat(validator.validate(parser.parse(fixture()), NONE)).isEmpty();
        try (InputStream in = getClass().getResourceAsStream("/demo/referential.yaml")) {
            assertThat(validator.validate(parser.parse(in.readAllBytes()), NONE)).isEmpty();
        }
    }

    @Test
    void everyProblemIsReportedWithItsPath() throws IOException {
        String yaml = new String(fixture())
                .replace("siren: \"123456782\"", "siren: \"123456789\"")
                .replace("iban: FR7630006000011234567890189", "iban: FR7630006000011234567890188")
                .replace("email: factures@globex.example", "email: not-an-email")
                .replace("consultants: [jdupont, amoreau]", "consultants: [jdupont, ghost]")
                .replace("vatRate: 20.00", "vatRate: 0")
                .replace("paymentTermsDays: 30", "paymentTermsDays: 90");
        List<String> problems = validator.validate(parser.parse(yaml.getBytes()), NONE);
        assertThat(problems).anyMatch(p -> p.startsWith("sellers[0].siren"))
                .anyMatch(p -> p.startsWith("sellers[0].iban"))
                .anyMatch(p -> p.startsWith("clients[0].billing.email"))
                .anyMatch(p -> p.startsWith("contracts[0].consultants[1]") && p.contains("ghost"))
                .anyMatch(p -> p.startsWith("contracts[0].vatRate"))
                .anyMatch(p -> p.startsWith("contracts[0].paymentTermsDays"));
    }

    @Test
    void aTemplateSetMustBeAUsableSetOfTheHome() throws IOException {
        String yaml = new String(fixture(), StandardCharsets.UTF_8)
                .replace("    language: fr\n", "    language: fr\n    templateSet: globex-fr\n")
                .replace("    poNumber: PO-2026-0042\n", "    poNumber: PO-2026-0042\n    templateSet: platform-en\n");
        Referential ref = parser.parse(yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(ref.clients().get(0).templateSet()).isEqualTo("globex-fr");
        assertThat(ref.contracts().get(0).templateSet()).isEqualTo("platform-en");

        ReferentialValidator.TemplateSetCheck home = name -> name.equals("globex-fr") ? java.util.Optional.empty()
                : java.util.Optional.of("templates/" + name + "/template.yaml: colours.accent: 'red' is not a colour #RRGGBB");
        assertThat(validator.validate(ref, NONE, home)).containsExactly("contracts[0].templateSet: template set"
                + " 'platform-en' cannot be used: templates/platform-en/template.yaml: colours.accent: 'red' is not a colour #RRGGBB");
        assertThat(validator.validate(ref, NONE, name -> java.util.Optional.empty())).isEmpty();
        assertThat(validator.validate(ref, NONE)).as("without a home, no set is known").hasSize(2);

        Referential escaping = parser.parse(yaml.replace("templateSet: platform-en", "templateSet: ../../etc")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(validator.validate(escaping, NONE, name -> java.util.Optional.empty())).containsExactly(
                "contracts[0].templateSet: '../../etc' is not a template set name (lower-case letters, digits, '-' and"
                        + " '_', at most 64: the folder templates/<name>/)");
    }

    @Test
    void mailboxesAndPaymentRemindersAreChecked() throws IOException {
        String yaml = new String(fixture(), StandardCharsets.UTF_8)
                .replace("    poNumber: PO-2026-0042\n", "    poNumber: PO-2026-0042\n    mail: {account: sales, paymentReminders: [-3, 7, 7, 400]}\n");
        Referential ref = parser.parse(yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(ref.contracts().get(0).mail().account()).isEqualTo("sales");
        assertThat(parser.parse(fixture()).contracts().get(0).mail()).isEqualTo(ContractMail.DEFAULT);
        assertThat(ContractMail.DEFAULT.paymentReminders()).containsExactly(-3, 7, 15, 30);
        MailAccountCheck known = name -> name.equals("sales") ? java.util.Optional.empty()
                : java.util.Optional.of("no mailbox '" + name + "' is configured");
        assertThat(validator.validate(ref, NONE, n -> java.util.Optional.empty(), known)).containsExactly(
                "contracts[0].mail.paymentReminders[2]: 7 appears twice",
                "contracts[0].mail.paymentReminders[3]: must be a number of days from the due date, -365 (before) to 365 (after)");
        Referential unknown = parser.parse(yaml.replace("account: sales", "account: nope")
                .replace("[-3, 7, 7, 400]", "[]").getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.contracts().get(0).mail().paymentReminders()).isEmpty();
        assertThat(validator.validate(unknown, NONE, n -> java.util.Optional.empty(), known))
                .containsExactly("contracts[0].mail.account: no mailbox 'nope' is configured");
        Referential malformed = parser.parse(yaml.replace("account: sales", "account: \"../x\"")
                .replace("[-3, 7, 7, 400]", "[]").getBytes(StandardCharsets.UTF_8));
        assertThat(validator.validate(malformed, NONE, n -> java.util.Optional.empty(), known)).singleElement()
                .asString().startsWith("contracts[0].mail.account: '../x' is not a mailbox name");
    }

    @Test
    void theOldSingleApproverIsAOneElementListAndTheDemoClientHasTwo() throws IOException {
        Referential fixture = parser.parse(fixture());
        assertThat(fixture.clients().get(0).approvers()).extracting(Contact::email)
                .containsExactly("claire.martin@globex.example");
        assertThat(fixture.clients().get(0).approver().name()).isEqualTo("Claire Martin");
        try (InputStream in = getClass().getResourceAsStream("/demo/referential.yaml")) {
            Referential demo = parser.parse(in.readAllBytes());
            assertThat(demo.clients().get(0).approvers()).hasSize(2);
            assertThat(demo.contracts()).extracting(Contract::deadlineAction)
                    .containsExactly(Contract.DeadlineAction.ESCALATE, Contract.DeadlineAction.TACIT_APPROVAL);
        }
        // defaults of the workflow terms
        Contract contract = fixture.contracts().get(0);
        assertThat(contract.craReview()).isFalse();
        assertThat(contract.reminderDays()).containsExactly(2, 1);
        assertThat(contract.deadlineAction()).isEqualTo(Contract.DeadlineAction.ESCALATE);
        assertThat(contract.accountManager()).isNull();
    }

    @Test
    void workflowTermsAreCheckedWithTheirPath() throws IOException {
        String fixture = new String(fixture(), StandardCharsets.UTF_8);
        String oldApprover = "    approver:\n      name: Claire Martin\n      email: claire.martin@globex.example\n";
        assertThat(fixture).contains(oldApprover);
        String yaml = fixture
                .replace(oldApprover, "    approvers:\n"
                        + "      - {name: Claire Martin, email: claire.martin@globex.example}\n"
                        + "      - {name: Claire again, email: CLAIRE.martin@globex.example}\n"
                        + "      - {name: Nobody, email: not-an-email}\n")
                .replace("    validationDeadlineDays: 5\n", "    validationDeadlineDays: 5\n"
                        + "    reminderDays: [2, 0, 31, 2]\n"
                        + "    accountManager: {name: Sophie, email: sophie-at-acme}\n")
                .replace("    invoicePrefix: ACME\n", "    invoicePrefix: ACME\n    craBuildCron: \"every day at six\"\n");
        List<String> problems = validator.validate(parser.parse(yaml.getBytes(StandardCharsets.UTF_8)), NONE);
        assertThat(problems)
                .anyMatch(p -> p.startsWith("clients[0].approvers[1].email") && p.contains("already an approver"))
                .anyMatch(p -> p.startsWith("clients[0].approvers[2].email") && p.contains("not an e-mail"))
                .anyMatch(p -> p.startsWith("contracts[0].reminderDays[1]") && p.contains("1 to 30"))
                .anyMatch(p -> p.startsWith("contracts[0].reminderDays[2]"))
                .anyMatch(p -> p.startsWith("contracts[0].reminderDays[3]") && p.contains("appears twice"))
                .anyMatch(p -> p.startsWith("contracts[0].accountManager.email"))
                .anyMatch(p -> p.startsWith("sellers[0].craBuildCron") && p.contains("not a cron expression"));

        assertThat(validator.validate(parser.parse(fixture.replace(oldApprover, "").getBytes(StandardCharsets.UTF_8)), NONE))
                .contains("clients[0].approvers: at least one approver with an e-mail is required (CRA validation)");

        String both = fixture.replace(oldApprover, oldApprover + "    approvers: [{email: x@globex.example}]\n");
        assertThatThrownBy(() -> parser.parse(both.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidReferentialException.class)
                .satisfies(e -> assertThat(((InvalidReferentialException) e).problems()).singleElement().asString()
                        .contains("names both 'approver' and 'approvers'"));
    }

    @Test
    void chorusProReferencesAreReadAndBounded() throws IOException {
        String fixture = new String(fixture(), StandardCharsets.UTF_8);
        String deadline = "    validationDeadlineDays: 5\n";
        assertThat(fixture).contains(deadline);
        Referential ok = parser.parse(fixture.replaceFirst(deadline, deadline
                + "    invoicing: {serviceCode: SERVICE-42, engagementNumber: \" EJ-2022-0042 \"}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(validator.validate(ok, NONE)).isEmpty();
        assertThat(ok.contracts().get(0).invoicing()).isEqualTo(new Invoicing(Invoicing.Issue.ON_APPROVAL, "SERVICE-42",
                "EJ-2022-0042"));

        Referential tooLong = parser.parse(fixture.replaceFirst(deadline, deadline
                + "    invoicing: {serviceCode: " + "S".repeat(101) + ", engagementNumber: " + "E".repeat(101) + "}\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(validator.validate(tooLong, NONE))
                .anyMatch(p -> p.startsWith("contracts[0].invoicing.serviceCode: must be at most 100"))
                .anyMatch(p -> p.startsWith("contracts[0].invoicing.engagementNumber: must be at most 100"));
    }

    @Test
    void contractsMayReferToCodesAlreadyStored() {
        String yaml = """
                contracts:
                  - code: c2
                    seller: acme
                    client: globex
                    label: Second contract
                    consultants: [jdupont]
                    dailyRate: 500
                    currency: EUR
                    hoursPerDay: 7
                    vatRegime: FRANCHISE
                    vatRate: 0
                    paymentTermsDays: 30
                    validationDeadlineDays: 5
                """;
        var known = new ReferentialValidator.KnownCodes(Set.of("acme"), Set.of("globex"), Set.of("jdupont"));
        assertThat(validator.validate(parser.parse(yaml.getBytes()), known)).isEmpty();
        assertThat(validator.validate(parser.parse(yaml.getBytes()), NONE)).hasSize(3);
    }

    @Test
    void unknownKeysAndBadYamlAreErrorsWithALine() {
        assertThatThrownBy(() -> parser.parse("sellers:\n  - code: a\n    nmae: typo\n".getBytes()))
                .isInstanceOf(InvalidReferentialException.class)
                .hasMessageContaining("sellers[0].nmae").hasMessageContaining("unknown key 'nmae'")
                .hasMessageContaining("name");
        assertThatThrownBy(() -> parser.parse("sellers: [".getBytes()))
                .isInstanceOf(InvalidReferentialException.class);
    }

    @Test
    void aControlCharacterInAnyTextIsRefusedWithItsPath() throws IOException {
        String yaml = new String(fixture()).replace("name: ACME Conseil SAS", "name: \"Acme\\x01\"");
        assertThatThrownBy(() -> parser.parse(yaml.getBytes()))
                .isInstanceOfSatisfying(InvalidReferentialException.class, e -> assertThat(e.problems())
                        .containsExactly("sellers[0].name: control character U+0001 is not allowed (character 5)"));
    }

    @Test
    void aDocumentPastTheCodePointLimitIsRefused() {
        String yaml = "sellers: [{code: \"" + "x".repeat(2000) + "\"}]\n";
        assertThatThrownBy(() -> new ReferentialParser(1000).parse(yaml.getBytes()))
                .isInstanceOfSatisfying(InvalidReferentialException.class, e -> assertThat(e.problems())
                        .containsExactly("the document holds more than 1,000 characters, the limit "
                                + "crahub.referential.max-characters"));
    }

    @Test
    void billingTermsAndEffectiveDatedChangesAreReadAndChecked() throws IOException {
        // from 2027 the client is billed from its US entity, outside the EU: EXPORT is its regime (ADR 0019)
        String yaml = new String(fixture(), StandardCharsets.UTF_8).replace("city: Puteaux\n      country: FR", "city: Puteaux\n      country: US")
                .replace("    validationDeadlineDays: 5\n", """
                    validationDeadlineDays: 5
                    startDate: 2026-01-01
                    billing: {unit: DAY, rounding: HALF_DAY}
                    terms:
                      - from: 2026-11-15
                        dailyRate: 700.00
                      - from: 2027-01-01
                        currency: USD
                        vatRegime: EXPORT
                        vatRate: 0
                        paymentTermsDays: 45
                """);
        Referential ref = parser.parse(yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(validator.validate(ref, NONE)).isEmpty();
        Contract c = ref.contracts().get(0);
        assertThat(c.billing()).isEqualTo(new BillingTerms(BillingTerms.Unit.DAY, BillingTerms.Rounding.HALF_DAY));
        assertThat(c.termsOn(java.time.LocalDate.of(2026, 11, 14)).dailyRate()).isEqualByComparingTo("650.00");
        assertThat(c.termsOn(java.time.LocalDate.of(2026, 11, 15)).dailyRate()).isEqualByComparingTo("700.00");
        ContractTerms january = c.termsOn(java.time.LocalDate.of(2027, 1, 1));
        assertThat(january.dailyRate()).isEqualByComparingTo("700.00");
        assertThat(january.currency()).isEqualTo("USD");
        assertThat(january.vatRegime()).isEqualTo(VatRegime.EXPORT);
        assertThat(january.paymentTermsDays()).isEqualTo(45);
        assertThat(january.billing()).isEqualTo(c.billing());

        String bad = yaml.replace("from: 2027-01-01", "from: 2027-01-15").replace("vatRegime: EXPORT", "vatRegime: STANDARD")
                .replace("paymentTermsDays: 45", "paymentTermsDays: 90").replace("from: 2026-11-15", "from: 2025-12-01");
        assertThat(validator.validate(parser.parse(bad.getBytes(StandardCharsets.UTF_8)), NONE))
                .anyMatch(p -> p.startsWith("contracts[0].terms[0].from") && p.contains("startDate"))
                .anyMatch(p -> p.startsWith("contracts[0].terms[1].currency") && p.contains("first day of a month"))
                .anyMatch(p -> p.startsWith("contracts[0].terms[1].vatRate") && p.contains("positive"))
                .anyMatch(p -> p.startsWith("contracts[0].terms[1].paymentTermsDays"));
        assertThatThrownBy(() -> parser.parse(yaml.replace("rounding: HALF_DAY", "rounding: TENTH").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("TENTH");
    }

    @Test
    void expenseTermsAreNoneWhenAbsentAtCostWhenDeclaredAndAMarkupOnlyWithMarkup() throws IOException {
        String base = new String(fixture());
        Referential none = parser.parse(base.getBytes());
        assertThat(none.contracts().get(0).expenses()).isEqualTo(ExpenseTerms.NONE);
        String declared = base.replace("paymentTermsDays: 30", "paymentTermsDays: 30\n    expenses: {}");
        assertThat(parser.parse(declared.getBytes()).contracts().get(0).expenses().rebill())
                .isEqualTo(ExpenseTerms.Rebill.AT_COST);
        String bad = base.replace("paymentTermsDays: 30", "paymentTermsDays: 30\n    expenses: {rebill: MARKUP}");
        assertThat(validator.validate(parser.parse(bad.getBytes()), NONE))
                .containsExactly("contracts[0].expenses.markupPercent: is required with rebill MARKUP (e.g. 10 for 10 %)");
        String stray = base.replace("paymentTermsDays: 30",
                "paymentTermsDays: 30\n    expenses: {rebill: AT_COST, markupPercent: 5}");
        assertThat(validator.validate(parser.parse(stray.getBytes()), NONE))
                .containsExactly("contracts[0].expenses.markupPercent: only with rebill MARKUP (rebill is AT_COST)");
        String big = base.replace("paymentTermsDays: 30",
                "paymentTermsDays: 30\n    expenses: {rebill: MARKUP, markupPercent: 150, vat: RECEIPT}");
        assertThat(validator.validate(parser.parse(big.getBytes()), NONE))
                .containsExactly("contracts[0].expenses.markupPercent: must be more than 0 and at most 100");
        assertThatThrownBy(() -> parser.parse(base.replace("paymentTermsDays: 30",
                "paymentTermsDays: 30\n    expenses: {rebil: MARKUP}").getBytes()))
                .hasMessageContaining("unknown key 'rebil'");
    }
}
