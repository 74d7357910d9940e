package dev.crahub.cra;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import dev.crahub.document.XmlSchemaValidator;
import dev.crahub.referential.Client;
import dev.crahub.referential.Consultant;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import dev.crahub.system.Hashing;
import dev.crahub.timesheet.TimeEntry;
import dev.crahub.timesheet.TimesheetStore;
import org.springframework.stereotype.Component;

/**
 * Gathers a contract's month (referential and billable time) into a CRA version. An approved version is never
 * rebuilt; a live version whose facts did not change is kept; otherwise a new version supersedes it.
 * Runs inside the caller's transaction (the live version is locked until the new one is stored).
 */
@Component
public class CraAssembler {

    static final String SCHEMA = "cra-1.xsd";

    private final ReferentialStore referential;
    private final TimesheetStore timesheets;
    private final CraStore store;
    private final XmlSchemaValidator validator;
    private final Clock clock;
    private final CraDocumentStore documents;

    public CraAssembler(ReferentialStore referential, TimesheetStore timesheets, CraStore store,
                        XmlSchemaValidator validator, Clock clock, CraDocumentStore documents) {
        this.referential = referential;
        this.timesheets = timesheets;
        this.store = store;
        this.validator = validator;
        this.clock = clock;
        this.documents = documents;
    }

    public CraDraft assemble(String contractCode, String month) {
        YearMonth ym = YearMonth.parse(month);
        Contract contract = referential.contract(contractCode)
                .orElseThrow(() -> new NoSuchElementException("No contract '" + contractCode + "'"));
        Seller seller = referential.seller(contract.seller()).orElseThrow();
        Client client = referential.client(contract.client()).orElseThrow();
        List<TimeEntry> entries = timesheets.billableEntries(contract.code(), ym.atDay(1), ym.atEndOfMonth());

        Map<String, String> names = new LinkedHashMap<>();
        for (String code : contract.consultants()) {
            names.put(code, referential.consultant(code).map(Consultant::name).orElse(code));
        }
        for (TimeEntry e : entries) {
            names.computeIfAbsent(e.consultant(), code -> referential.consultant(code).map(Consultant::name).orElse(code));
        }
        List<BilledTime> lines = TimeBilling.lines(entries, names, contract, ym.atDay(1), ym.atEndOfMonth());
        List<ConsultantActivity> activity = ActivityCalculator.perConsultant(
                TimeBilling.perConsultant(entries, names, contract, ym.atDay(1), ym.atEndOfMonth()));
        BigDecimal hours = activity.stream().map(ConsultantActivity::hours).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal days = activity.stream().map(ConsultantActivity::days).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal amount = lines.stream().map(BilledTime::amount).reduce(BigDecimal.ZERO, BigDecimal::add);

        String facts = Hashing.sha256(String.join("\n", documentTerms(contract).toString(),
                documentTerms(seller).toString(), client.toString(), names.toString(), entries.toString()));
        var live = store.liveForUpdate(contract.code(), ym);
        if (live.isPresent()) {
            var current = live.get();
            if (current.status() == CraStatus.APPROVED) {
                return unchanged(contract, ym, current.id(), CraSummary.Outcome.LOCKED);
            }
            if (current.factsSha256().equals(facts)) {
                return unchanged(contract, ym, current.id(), CraSummary.Outcome.UNCHANGED);
            }
        }
        long id = store.nextId();
        int version = live.map(l -> l.version() + 1).orElse(1);
        OffsetDateTime now = OffsetDateTime.now(clock);
        // the deadline is stored when the version is sent (CraWorkflow); unless held for review it leaves now
        LocalDate deadline = contract.craReview() ? null : CraWorkflow.deadline(now, contract.validationDeadlineDays(), clock);
        byte[] xml = CraXmlWriter.write(new CraXmlWriter.CraDocument(id, version, ym, now, deadline, seller, client,
                contract, activity, lines, entries, hours.setScale(2), TimeBilling.normalize(days), amount.setScale(2))
                .with(documents.approvers(client), live.flatMap(l -> store.xml(l.id()))
                        .map(previous -> CraChanges.between(previous, ActivityCalculator.perDay(entries))).orElse(null)));
        validator.validate(xml, SCHEMA);
        return new CraDraft(id, contract.code(), ym, version, xml, hours, days, null, facts,
                live.map(CraStore.LiveCra::id).orElse(null), CraSummary.Outcome.CREATED, null);
    }

    /** The contract without its workflow terms: changing reminders or the account manager makes no new version. */
    private static Contract documentTerms(Contract c) {
        return new Contract(c.code(), c.seller(), c.client(), c.label(), c.consultants(), c.dailyRate(), c.currency(),
                c.hoursPerDay(), c.vatRegime(), c.vatRate(), c.paymentTermsDays(), c.poNumber(),
                c.validationDeadlineDays(), c.startDate(), c.endDate(), c.trackers(), false, List.of(), null, null,
                c.billing(), c.terms());
    }

    /** The seller without its build schedule. */
    private static Seller documentTerms(Seller s) {
        return new Seller(s.code(), s.name(), s.legalForm(), s.shareCapital(), s.registration(), s.siren(),
                s.vatNumber(), s.address(), s.email(), s.iban(), s.bic(), s.invoicePrefix(), s.vatOnDebits(), null);
    }

    private CraDraft unchanged(Contract contract, YearMonth month, long id, CraSummary.Outcome outcome) {
        CraSummary existing = store.find(id).orElseThrow().withOutcome(outcome);
        return new CraDraft(id, contract.code(), month, existing.version(), null, existing.totalHours(),
                existing.totalDays(), existing.validationDeadline(), null, null, outcome, existing);
    }
}
