package dev.crahub.cra;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.crahub.referential.AddressXml;
import dev.crahub.referential.Client;
import dev.crahub.referential.Contact;
import dev.crahub.referential.Contract;
import dev.crahub.referential.Seller;
import dev.crahub.system.XmlBuilder;
import dev.crahub.timesheet.TimeEntry;

/** Writes the canonical CRA XML ({@code urn:crahub:cra:1}, schema {@code cra-1.xsd}). */
public final class CraXmlWriter {

    public static final String NAMESPACE = "urn:crahub:cra:1";

    private CraXmlWriter() {
    }

    /**
     * Everything a CRA document says.
     *
     * @param approvers who may validate it (empty: the client's approver of the referential)
     * @param changes   what changed since the version it supersedes, or null for a first version
     */
    public record CraDocument(long id, int version, YearMonth month, OffsetDateTime generatedAt, LocalDate validationDeadline,
                              Seller seller, Client client, Contract contract, List<ConsultantActivity> consultants,
                              List<BilledTime> lines, List<TimeEntry> entries, BigDecimal totalHours,
                              BigDecimal totalDays, BigDecimal amount, List<Contact> approvers, CraChanges changes) {

        public CraDocument {
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
            lines = lines == null ? List.of() : List.copyOf(lines);
        }

        /** A document without the approver list and changes of a new version. */
        public CraDocument(long id, int version, YearMonth month, OffsetDateTime generatedAt, LocalDate validationDeadline,
                           Seller seller, Client client, Contract contract, List<ConsultantActivity> consultants,
                           List<BilledTime> lines, List<TimeEntry> entries, BigDecimal totalHours, BigDecimal totalDays,
                           BigDecimal amount) {
            this(id, version, month, generatedAt, validationDeadline, seller, client, contract, consultants, lines,
                    entries, totalHours, totalDays, amount, List.of(), null);
        }

        /** The same document naming its approvers and what changed since the previous version. */
        public CraDocument with(List<Contact> approvers, CraChanges changes) {
            return new CraDocument(id, version, month, generatedAt, validationDeadline, seller, client, contract,
                    consultants, lines, entries, totalHours, totalDays, amount, approvers, changes);
        }
    }

    public static byte[] write(CraDocument d) {
        XmlBuilder x = new XmlBuilder(NAMESPACE);
        x.start("cra").attribute("id", d.id()).attribute("version", d.version())
                .attribute("language", d.client().language() == null ? "fr" : d.client().language());
        x.element("month", d.month().toString());
        x.element("periodStart", d.month().atDay(1).toString());
        x.element("periodEnd", d.month().atEndOfMonth().toString());
        x.element("status", CraStatus.DRAFT.name());
        x.element("generatedAt", d.generatedAt());
        x.element("validationDeadline", d.validationDeadline() == null ? null : d.validationDeadline().toString());

        x.start("seller").attribute("code", d.seller().code());
        x.element("name", d.seller().name());
        x.element("siren", d.seller().siren());
        x.element("vatNumber", d.seller().vatNumber());
        AddressXml.write(x, d.seller().address());
        x.end();

        x.start("client").attribute("code", d.client().code());
        x.element("name", d.client().name());
        x.element("siren", d.client().siren());
        x.element("vatNumber", d.client().vatNumber());
        AddressXml.write(x, d.client().address());
        List<Contact> approvers = d.approvers().isEmpty() && d.client().approver() != null
                ? List.of(d.client().approver()) : d.approvers();
        for (Contact approver : approvers) {
            if (approver.email() != null) {
                x.start("approver");
                x.element("name", approver.name() == null || approver.name().isBlank() ? approver.email() : approver.name());
                x.element("email", approver.email());
                x.end();
            }
        }
        x.end();

        Contract c = d.contract();
        x.start("contract").attribute("code", c.code());
        x.element("label", c.label());
        x.element("purchaseOrder", c.poNumber());
        var monthTerms = c.termsOn(d.month().atDay(1));
        x.element("dailyRate", monthTerms.dailyRate().setScale(2), "currency", monthTerms.currency());
        x.element("hoursPerDay", c.hoursPerDay().setScale(2));
        x.end();

        x.start("consultants");
        for (ConsultantActivity a : d.consultants()) {
            x.start("consultant").attribute("code", a.code());
            x.element("name", a.name());
            x.element("totalHours", a.hours());
            x.element("totalDays", a.days());
            x.end();
        }
        x.end();

        // the time lines exactly as the invoice bills them (ADR 0015)
        x.start("billing");
        for (BilledTime l : d.lines()) {
            x.start("line");
            if (l.consultant() != null) {
                x.attribute("consultant", l.consultant());
            }
            x.attribute("from", l.from()).attribute("to", l.to());
            x.element("hours", l.hours());
            x.element("dayEquivalent", l.days());
            x.element("quantity", l.quantity(), "unitCode", l.unitCode());
            x.element("unit", l.unit());
            x.element("unitPrice", l.unitPrice(), "currency", monthTerms.currency());
            x.element("baseQuantity", l.baseQuantity());
            x.element("amount", l.amount(), "currency", monthTerms.currency());
            x.element("vatCategory", l.vatCategory());
            x.element("vatRate", l.vatRate().setScale(2));
            x.end();
        }
        x.end();

        x.start("days");
        for (Map.Entry<String, Map<String, BigDecimal>> day : ActivityCalculator.perDay(d.entries()).entrySet()) {
            for (Map.Entry<String, BigDecimal> consultant : day.getValue().entrySet()) {
                x.start("day").attribute("date", day.getKey()).attribute("consultant", consultant.getKey())
                        .attribute("hours", consultant.getValue()).end();
            }
        }
        x.end();

        x.start("entries");
        for (TimeEntry e : d.entries()) {
            x.start("entry").attribute("date", e.date()).attribute("consultant", e.consultant())
                    .attribute("hours", e.hours()).attribute("project", e.project());
            x.element("comment", e.comment() == null ? "" : e.comment());
            x.end();
        }
        x.end();

        if (d.changes() != null) {
            x.start("changes").attribute("sinceVersion", d.changes().sinceVersion());
            for (CraChanges.DayChange day : d.changes().days()) {
                x.start("day").attribute("date", day.date()).attribute("consultant", day.consultant())
                        .attribute("change", day.change().name()).attribute("hoursBefore", day.hoursBefore())
                        .attribute("hoursAfter", day.hoursAfter()).end();
            }
            x.end();
        }

        x.start("totals");
        x.element("hours", d.totalHours());
        x.element("days", d.totalDays());
        x.element("amount", d.amount(), "currency", monthTerms.currency());
        x.end();
        x.end();
        return x.toBytes();
    }

    /**
     * Writes the {@code approval} element of a decided CRA: the decision as recorded, its time in {@code zone} (the
     * documents print local time as written), and the fingerprint of the version the approver saw.
     */
    static void writeApproval(XmlBuilder x, CraDecisions.Recorded r, ZoneId zone) {
        x.start("approval");
        x.element("outcome", r.outcome().name());
        x.element("kind", r.kind().name());
        if (r.approverEmail() != null || r.approverName() != null) {
            x.start("approver");
            x.element("name", r.approverName() == null || r.approverName().isBlank() ? r.approverEmail() : r.approverName());
            x.element("email", r.approverEmail());
            x.end();
        }
        x.element("decidedAt", r.decidedAt().atZoneSameInstant(zone).toOffsetDateTime());
        x.element("recordedBy", r.recordedBy());
        x.element("reason", blankToNull(r.reason()));
        x.element("comment", blankToNull(r.comment()));
        for (CraDecisions.DayVerdict day : r.days()) {
            x.start("day").attribute("date", day.date()).attribute("outcome", day.outcome().name());
            x.element("comment", blankToNull(day.comment()));
            x.end();
        }
        x.element("xmlSha256", r.xmlSha256());
        x.element("pdfSha256", r.pdfSha256());
        x.end();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
