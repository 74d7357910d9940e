package dev.crahub.cra;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import dev.crahub.referential.AddressXml;
import dev.crahub.referential.Client;
import dev.crahub.referential.Contract;
import dev.crahub.referential.Seller;
import dev.crahub.system.XmlBuilder;
import dev.crahub.timesheet.TimeEntry;

/** Writes the canonical CRA XML ({@code urn:crahub:cra:1}, schema {@code cra-1.xsd}). */
public final class CraXmlWriter {

    public static final String NAMESPACE = "urn:crahub:cra:1";

    private CraXmlWriter() {
    }

    /** Everything a CRA document says. */
    public record CraDocument(long id, int version, YearMonth month, OffsetDateTime generatedAt, LocalDate validationDeadline,
                              Seller seller, Client client, Contract contract, List<ConsultantActivity> consultants,
                              List<TimeEntry> entries, BigDecimal totalHours, BigDecimal totalDays, BigDecimal amount) {
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
        if (d.client().approver() != null && d.client().approver().email() != null) {
            x.start("approver");
            x.element("name", d.client().approver().name() == null ? d.client().approver().email() : d.client().approver().name());
            x.element("email", d.client().approver().email());
            x.end();
        }
        x.end();

        Contract c = d.contract();
        x.start("contract").attribute("code", c.code());
        x.element("label", c.label());
        x.element("purchaseOrder", c.poNumber());
        x.element("dailyRate", c.dailyRate().setScale(2), "currency", c.currency());
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

        x.start("totals");
        x.element("hours", d.totalHours());
        x.element("days", d.totalDays());
        x.element("amount", d.amount(), "currency", c.currency());
        x.end();
        x.end();
        return x.toBytes();
    }
}
