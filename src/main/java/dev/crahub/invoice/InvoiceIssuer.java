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
import dev.crahub.document.XmlSchemaValidator;
import dev.crahub.referential.Client;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ContractTerms;
import dev.crahub.referential.Invoicing;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns an approved CRA into an issued invoice: lines from the approved quantities, VAT from the contract's
 * regime, a number from the seller's gapless series, the canonical XML checked against its schema. A contract may
 * hold its invoices as drafts (no number) until someone issues them. Must run in the transaction that also stores
 * the invoice, so that a failure anywhere gives the number back.
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

    public InvoiceIssuer(CraStore cras, ReferentialStore referential, InvoiceNumbering numbering, InvoiceStore store,
                         XmlSchemaValidator validator, Clock clock,
                         @Value("${crahub.invoice.late-penalty-rate}") BigDecimal latePenaltyRate) {
        this.cras = cras;
        this.referential = referential;
        this.numbering = numbering;
        this.store = store;
        this.validator = validator;
        this.clock = clock;
        this.latePenaltyRate = latePenaltyRate;
    }

    /**
     * The month run's issue of one approved CRA: numbered now, or, when the contract holds its invoices for review
     * ({@code invoicing: {issue: DRAFT}}), drawn up as a draft without a number (stored by {@link InvoiceStore#save}
     * as a draft, replacing the CRA's previous draft).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public IssuedInvoice issue(long craId) {
        CraStore.ApprovedCra cra = approved(craId);
        Contract contract = referential.contract(cra.contract()).orElseThrow(() -> new NoSuchElementException(cra.contract()));
        java.util.Optional<Long> draft = store.draftOf(craId);
        Invoice invoice = drawUp(cra, draft.orElseGet(store::nextId));
        if (contract.invoicing().issue() != Invoicing.Issue.DRAFT) {
            // a draft left from when the contract held its invoices: the invoice takes its place (and its id)
            draft.ifPresent(store::removeDraft);
            invoice = number(invoice);
        }
        return written(invoice);
    }

    /**
     * Issues a held draft: the invoice is drawn up again from the approved CRA (as of today: issue and due dates),
     * must come to the very totals the reviewer saw, and takes the next number; the draft is removed in the same
     * transaction and the invoice keeps its id. Concurrent issues of one draft wait on its row: the second finds it
     * issued.
     *
     * @throws DocumentRefusedException NOT_FOUND without such a draft or invoice, CONFLICT when it is already issued or
     *                                  the draft is out of date
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public IssuedInvoice issueDraft(long draftId) {
        InvoiceStore.DraftRow draft = store.lockDraft(draftId).orElseThrow(() -> store.find(draftId)
                .<DocumentRefusedException>map(issued -> DocumentRefusedException.conflict(
                        "Invoice " + draftId + " is already issued as " + issued.number() + ": an issued invoice is "
                                + "corrected by a credit note, never issued again"))
                .orElseGet(() -> DocumentRefusedException.notFound("No invoice or draft " + draftId)));
        Invoice invoice = drawUp(approved(draft.craId()), draftId);
        if (invoice.totals().taxExclusive().compareTo(draft.totalNet()) != 0
                || invoice.totals().taxInclusive().compareTo(draft.totalGross()) != 0) {
            throw DocumentRefusedException.conflict("Draft " + draftId + " is out of date: drawn up today it comes to "
                    + invoice.totals().taxInclusive() + " " + invoice.currency() + " instead of the reviewed "
                    + draft.totalGross() + " (the contract or the CRA changed); run the month's invoicing again to "
                    + "draw it up anew, review it, then issue it");
        }
        store.removeDraft(draftId);
        return written(number(invoice));
    }

    /** An invoice under the next number of its seller's invoice series for its issue year. */
    Invoice number(Invoice invoice) {
        String series = InvoiceNumbering.series(invoice.seller().invoicePrefix(), invoice.issueDate().getYear());
        return invoice.numbered(series, numbering.next(invoice.seller().code(), series));
    }

    /** The canonical XML of a document, checked against its schema. */
    IssuedInvoice written(Invoice invoice) {
        byte[] xml = InvoiceXmlWriter.write(invoice);
        validator.validate(xml, SCHEMA);
        return new IssuedInvoice(invoice, xml);
    }

    private CraStore.ApprovedCra approved(long craId) {
        CraStore.ApprovedCra cra = cras.approved(craId)
                .orElseThrow(() -> new IllegalStateException("CRA " + craId + " is not approved: no invoice can be issued"));
        if (store.existsForCra(craId)) {
            throw new IllegalStateException("CRA " + craId + " was already invoiced");
        }
        return cra;
    }

    /** The invoice of an approved CRA as of today, without a number. */
    private Invoice drawUp(CraStore.ApprovedCra cra, long id) {
        long craId = cra.id();
        Contract contract = referential.contract(cra.contract()).orElseThrow(() -> new NoSuchElementException(cra.contract()));
        Seller seller = referential.seller(contract.seller()).orElseThrow();
        Client buyer = referential.client(contract.client()).orElseThrow();
        CraSnapshot snapshot = CraSnapshot.read(cra.xml().getBytes(StandardCharsets.UTF_8));
        String language = buyer.language() == null ? "fr" : buyer.language();

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
        return new Invoice(id, "380", null, 0, null,
                language, issueDate, issueDate.plusDays(terms.paymentTermsDays()), snapshot.currency(),
                snapshot.periodStart(), snapshot.periodEnd(), cra.month().toString(), contract.poNumber(), contract.code(),
                seller, buyer, terms.paymentTermsDays(), latePenaltyRate, terms.vatRegime(), List.copyOf(lines),
                totals, source(cra), snapshot.sessions(), List.of());
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
