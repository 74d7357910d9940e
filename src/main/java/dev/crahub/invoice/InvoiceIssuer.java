package dev.crahub.invoice;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import dev.crahub.cra.BilledTime;
import dev.crahub.cra.CraStore;
import dev.crahub.document.TemplateSet;
import dev.crahub.document.TemplateSets;
import dev.crahub.document.XmlSchemaValidator;
import dev.crahub.referential.Client;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ContractTerms;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns an approved CRA into an issued invoice: lines from the approved quantities, VAT from the contract's
 * regime, a number from the seller's gapless series, the canonical XML checked against its schema, the template set
 * of the contract (or client) checked and archived under its version, its language the invoice's. Must run in
 * the transaction that also stores the invoice, so that a failure anywhere gives the number back.
 */
@Component
public class InvoiceIssuer {

    static final String SCHEMA = "invoice-1.xsd";

    private final CraStore cras;
    private final ReferentialStore referential;
    private final InvoiceNumbering numbering;
    private final InvoiceStore store;
    private final XmlSchemaValidator validator;
    private final Clock clock;
    private final BigDecimal latePenaltyRate;
    private final TemplateSets templateSets;

    public InvoiceIssuer(CraStore cras, ReferentialStore referential, InvoiceNumbering numbering, InvoiceStore store,
                         XmlSchemaValidator validator, Clock clock,
                         @Value("${crahub.invoice.late-penalty-rate}") BigDecimal latePenaltyRate,
                         TemplateSets templateSets) {
        this.templateSets = templateSets;
        this.cras = cras;
        this.referential = referential;
        this.numbering = numbering;
        this.store = store;
        this.validator = validator;
        this.clock = clock;
        this.latePenaltyRate = latePenaltyRate;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public IssuedInvoice issue(long craId) {
        CraStore.ApprovedCra cra = cras.approved(craId)
                .orElseThrow(() -> new IllegalStateException("CRA " + craId + " is not approved: no invoice can be issued"));
        if (store.existsForCra(craId)) {
            throw new IllegalStateException("CRA " + craId + " was already invoiced");
        }
        Contract contract = referential.contract(cra.contract()).orElseThrow(() -> new NoSuchElementException(cra.contract()));
        Seller seller = referential.seller(contract.seller()).orElseThrow();
        Client buyer = referential.client(contract.client()).orElseThrow();
        CraSnapshot snapshot = CraSnapshot.read(cra.xml().getBytes(StandardCharsets.UTF_8));
        // the contract's template set, else the client's, else 'default'; checked and archived before a number is taken
        TemplateSets.Prepared template = templateSets.prepare(templateSet(contract, buyer));
        String language = template.set().languageFor(buyer.language());

        // the month's invoice-wide terms are those in force at its end (a currency changes on a month's first day)
        ContractTerms terms = contract.termsOn(snapshot.periodEnd());
        List<InvoiceLine> lines = new ArrayList<>();
        for (BilledTime t : snapshot.lines()) {
            boolean wholePeriod = t.from().equals(snapshot.periodStart()) && t.to().equals(snapshot.periodEnd());
            String category = t.vatCategory() != null ? t.vatCategory() : terms.vatRegime().category();
            BigDecimal rate = t.vatRate() != null ? t.vatRate() : terms.vatRate();
            lines.add(new InvoiceLine(lines.size() + 1, InvoiceLine.Kind.TIME,
                    description(contract, t, cra, language), t.consultant(), null,
                    wholePeriod ? null : t.from(), wholePeriod ? null : t.to(), t.quantity(), t.unitCode(), t.unitPrice(),
                    t.baseQuantity(), List.of(), category, rate.setScale(2), t.amount()));
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException("CRA " + craId + " has no billable time: nothing to invoice");
        }
        for (InvoiceLine line : lines) {
            if (line.netAmount().compareTo(InvoiceCalculator.lineNet(line)) != 0) {
                throw new IllegalStateException("CRA " + craId + ": line " + line.number() + " amount " + line.netAmount()
                        + " is not its quantity x price (" + InvoiceCalculator.lineNet(line) + ")");
            }
        }
        InvoiceTotals totals = InvoiceCalculator.totals(lines);

        LocalDate issueDate = LocalDate.now(clock);
        String series = InvoiceNumbering.series(seller.invoicePrefix(), issueDate.getYear());
        int sequence = numbering.next(seller.code(), series);
        Invoice invoice = new Invoice(store.nextId(), "380", series, sequence, InvoiceNumbering.format(series, sequence),
                language, issueDate, issueDate.plusDays(terms.paymentTermsDays()), snapshot.currency(),
                snapshot.periodStart(), snapshot.periodEnd(), cra.month().toString(), contract.poNumber(), contract.code(),
                seller, buyer, terms.paymentTermsDays(), latePenaltyRate, terms.vatRegime(), List.copyOf(lines),
                totals, source(cra), snapshot.sessions(), List.of(),
                new Invoice.Template(template.name(), template.version()));
        byte[] xml = InvoiceXmlWriter.write(invoice);
        validator.validate(xml, SCHEMA);
        return new IssuedInvoice(invoice, xml);
    }

    /** The template set of a contract's invoices: its own, else its client's, else {@code default} (ADR 17). */
    static String templateSet(Contract contract, Client client) {
        return contract.templateSet() != null ? contract.templateSet()
                : client.templateSet() != null ? client.templateSet() : TemplateSet.DEFAULT;
    }

    /** The source CRA and its approval as the invoice prints it: the client's approver, never a hub account. */
    private Invoice.SourceCra source(CraStore.ApprovedCra cra) {
        var at = cra.decidedAt() != null ? cra.decidedAt() : cra.approvedAt();
        String approver = cra.kind() == null ? cra.approvedBy()
                : cra.approverName() != null && !cra.approverName().isBlank() ? cra.approverName() : cra.approverEmail();
        String kind = cra.kind() == null ? null : switch (cra.kind()) {
            case LINK -> "EXPLICIT";
            case TACIT -> "TACIT";
            case RECORDED -> "RECORDED";
        };
        return new Invoice.SourceCra(cra.id(), cra.version(),
                at == null ? null : at.atZoneSameInstant(clock.getZone()).toOffsetDateTime(), approver,
                cra.kind() == null ? null : cra.approverEmail(), kind, cra.recordedBy(), cra.xmlSha256(), cra.pdfSha256());
    }

    /** "Refonte de la plateforme – Jean Dupont – novembre 2026"; the line's own period, if any, is printed apart. */
    private static String description(Contract contract, BilledTime t, CraStore.ApprovedCra cra, String language) {
        Locale locale = Locale.forLanguageTag(language);
        String month = cra.month().getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale) + " " + cra.month().getYear();
        return t.name() == null ? contract.label() + " – " + month : contract.label() + " – " + t.name() + " – " + month;
    }
}
