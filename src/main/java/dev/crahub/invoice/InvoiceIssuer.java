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
import dev.crahub.referential.ContractDiscount;
import dev.crahub.referential.ContractProduct;
import dev.crahub.referential.ContractTerms;
import dev.crahub.referential.Invoicing;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import dev.crahub.referential.VatRegime;
import dev.crahub.referential.VatRules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns an approved CRA into an issued invoice: time lines from the approved quantities, the contract's products
 * and fees of the month and the lines added to the month by API, line and document discounts, VAT from the
 * contract's regime (checked against the seller and buyer again), the VAT in euros when the invoice is in another
 * currency, a number from the seller's gapless series, the canonical XML checked against its schema. Must run in
 * the transaction that also stores the invoice, so that a failure anywhere gives the number back (and leaves the
 * month's added lines and expenses open). The template set of the contract (or client) is checked and archived under
 * its version, its language the invoice's. A contract may hold its invoices as drafts (no number, nothing marked
 * invoiced) until someone issues them.
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
    private final MonthLines monthLines;
    private final ExchangeRates exchangeRates;
    private final int rateMaxAgeDays;
    private final InvoiceExpenses expenses;
    private final TemplateSets templateSets;

    public InvoiceIssuer(CraStore cras, ReferentialStore referential, InvoiceNumbering numbering, InvoiceStore store,
                         XmlSchemaValidator validator, Clock clock,
                         @Value("${crahub.invoice.late-penalty-rate}") BigDecimal latePenaltyRate,
                         MonthLines monthLines, ExchangeRates exchangeRates,
                         @Value("${crahub.exchange-rates.max-age-days:7}") int rateMaxAgeDays,
                         InvoiceExpenses expenses, TemplateSets templateSets) {
        this.templateSets = templateSets;
        this.cras = cras;
        this.referential = referential;
        this.numbering = numbering;
        this.store = store;
        this.validator = validator;
        this.clock = clock;
        this.latePenaltyRate = latePenaltyRate;
        this.monthLines = monthLines;
        this.exchangeRates = exchangeRates;
        this.rateMaxAgeDays = rateMaxAgeDays;
        this.expenses = expenses;
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
        Invoice numbered = invoice.numbered(series, numbering.next(invoice.seller().code(), series));
        if (numbered.preceding() == null) {
            markMonthLines(numbered);
        }
        return numbered;
    }

    /**
     * The lines added to the month by API that an issued invoice bills (references {@code line-<id>}), marked with it in
     * the issuing transaction; a draft marks nothing, so a redrawn draft finds them again.
     */
    private void markMonthLines(Invoice invoice) {
        java.util.Set<String> billed = new java.util.HashSet<>();
        invoice.lines().stream().filter(l -> l.reference() != null && l.reference().startsWith("line-"))
                .forEach(l -> billed.add(l.reference()));
        if (billed.isEmpty()) {
            return;
        }
        List<MonthLine> open = monthLines.open(invoice.contract(), java.time.YearMonth.parse(invoice.month())).stream()
                .filter(m -> billed.contains("line-" + m.id())).toList();
        monthLines.markInvoiced(open, invoice.id());
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
        checkVat(contract, seller, buyer, snapshot);

        // re-billed expenses of the contract up to the month's end (ADR 0016), marked invoiced by InvoiceStore.save
        InvoiceExpenses.Billed billed = expenses.bill(contract, terms, snapshot.periodEnd(), snapshot.currency(),
                lines.size() + 1);
        lines.addAll(billed.lines());

        // products and fees of the contract billed this month, then the lines added to the month by API
        boolean en = "en".equals(language);
        for (ContractProduct p : contract.products()) {
            if (p.billedIn(snapshot.periodStart(), snapshot.periodEnd())) {
                lines.add(extraLine(lines.size() + 1, p.kind(), p.description(), p.code(), p.quantity(), p.unitCode(),
                        p.unitPrice(), p.vatRate(), p.discount(), terms, en));
            }
        }
        List<MonthLine> added = monthLines.open(contract.code(), cra.month());
        for (MonthLine m : added) {
            lines.add(extraLine(lines.size() + 1, m.kind(), m.description(), "line-" + m.id(), m.quantity(), m.unitCode(),
                    m.unitPrice(), m.vatRate(), m.discount(), terms, en));
        }
        // the contract's discounts apply to what the firm sells (time, products, fees), never to re-billed expenses
        List<InvoiceLine> discountable = lines.stream().filter(l -> l.kind() != InvoiceLine.Kind.EXPENSE).toList();
        List<AllowanceCharge> documentDiscounts = new ArrayList<>();
        for (ContractDiscount d : contract.discounts()) {
            if (d.appliesTo(snapshot.periodStart(), snapshot.periodEnd())) {
                documentDiscounts.addAll(DocumentDiscounts.split(d.reason(), d.percent(), d.amount(), discountable));
            }
        }
        InvoiceTotals totals = InvoiceCalculator.totals(lines, documentDiscounts);

        LocalDate issueDate = LocalDate.now(clock);
        Invoice.TaxCurrency taxCurrency = "EUR".equals(snapshot.currency()) ? null
                : taxInEuros(snapshot.currency(), issueDate, totals.tax());
        return new Invoice(id, "380", null, 0, null,
                language, issueDate, issueDate.plusDays(terms.paymentTermsDays()), snapshot.currency(),
                snapshot.periodStart(), snapshot.periodEnd(), cra.month().toString(), purchaseOrder(contract), contract.code(),
                seller, buyer, terms.paymentTermsDays(), latePenaltyRate, terms.vatRegime(), List.copyOf(lines),
                totals, source(cra), snapshot.sessions(), documentDiscounts, taxCurrency, billed.annex(),
                new Invoice.Template(template.name(), template.version()), null, contract.invoicing().serviceCode());
    }

    /**
     * The purchase order reference (EN 16931 BT-13): the contract's PO number, else its engagement number (a public
     * buyer's, for Chorus Pro; ADR 0022).
     */
    static String purchaseOrder(Contract contract) {
        return contract.poNumber() != null ? contract.poNumber() : contract.invoicing().engagementNumber();
    }

    /**
     * The regime of every span of the month against the seller and buyer as they are now (they may have changed
     * since the referential was loaded): a wrong regime fails this invoice alone, never printed.
     */
    private static void checkVat(Contract contract, Seller seller, Client buyer, CraSnapshot snapshot) {
        List<String> problems = new ArrayList<>(VatRules.problems("seller " + seller.code(), seller));
        java.util.Set<VatRegime> regimes = new java.util.LinkedHashSet<>();
        regimes.add(contract.termsOn(snapshot.periodEnd()).vatRegime());
        for (BilledTime t : snapshot.lines()) {
            regimes.add(contract.termsOn(t.from()).vatRegime());
        }
        for (VatRegime regime : regimes) {
            problems.addAll(VatRules.problems("contract " + contract.code(), regime, seller, buyer));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("VAT regime refused, no invoice issued: " + String.join("; ", problems));
        }
    }

    /**
     * A product, fee or added line: VAT at its own French rate under the STANDARD regime (0 % is zero-rated,
     * category Z; no rate: the contract's), else the regime's category at 0 %; its discount rounded once.
     */
    private static InvoiceLine extraLine(int number, ContractProduct.Kind kind, String description, String reference,
                                         BigDecimal quantity, String unitCode, BigDecimal unitPrice, BigDecimal vatRate,
                                         ContractProduct.Discount discount, ContractTerms terms, boolean en) {
        String category;
        BigDecimal rate;
        if (terms.vatRegime() == VatRegime.STANDARD) {
            rate = vatRate != null ? vatRate : terms.vatRate();
            category = rate.signum() == 0 ? "Z" : "S";
        } else {
            rate = BigDecimal.ZERO;
            category = terms.vatRegime().category();
        }
        BigDecimal gross = InvoiceCalculator.lineAmount(quantity, unitPrice, BigDecimal.ONE);
        List<AllowanceCharge> discounts = new ArrayList<>();
        if (discount != null) {
            String reason = discount.reason() != null && !discount.reason().isBlank() ? discount.reason()
                    : en ? "Discount" : "Remise";
            AllowanceCharge ac = discount.percent() != null ? AllowanceCharge.discount(discount.percent(), gross, reason)
                    : AllowanceCharge.discount(discount.amount(), reason);
            if (ac.amount().compareTo(gross) > 0) {
                throw new IllegalStateException("line '" + description + "': its discount " + ac.amount()
                        + " is more than its amount " + gross);
            }
            discounts.add(ac);
        }
        return new InvoiceLine(number, kind == ContractProduct.Kind.PRODUCT ? InvoiceLine.Kind.PRODUCT : InvoiceLine.Kind.FEE,
                description, null, reference, null, null, quantity, unitCode, unitPrice, BigDecimal.ONE, discounts,
                category, rate.setScale(2), null).priced();
    }

    /**
     * The VAT in euros (BT-111) at the latest rate on or before the issue date (the day the invoice is issued and the
     * VAT becomes due on debits; ADR 0019), rounded once to the cent. No rate, or only one older than
     * {@code crahub.exchange-rates.max-age-days}: this invoice fails, with what to do; never a guess.
     */
    private Invoice.TaxCurrency taxInEuros(String currency, LocalDate issueDate, BigDecimal tax) {
        ExchangeRate rate = exchangeRates.latestOnOrBefore(currency, issueDate).orElseThrow(() -> new IllegalStateException(
                "no exchange rate for " + currency + " on or before " + issueDate + ": the VAT must also be stated in EUR;"
                        + " record the rate with POST /api/exchange-rates or let system-fetch-exchange-rates fetch the ECB's,"
                        + " then invoice again"));
        if (rate.date().isBefore(issueDate.minusDays(rateMaxAgeDays))) {
            throw new IllegalStateException("the latest exchange rate for " + currency + " is of " + rate.date()
                    + ", more than " + rateMaxAgeDays + " days before the issue date " + issueDate
                    + " (crahub.exchange-rates.max-age-days): record today's rate with POST /api/exchange-rates, then invoice again");
        }
        return new Invoice.TaxCurrency("EUR", rate.toEur(tax), rate);
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
