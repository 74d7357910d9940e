package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import dev.crahub.referential.Client;
import dev.crahub.referential.Seller;
import dev.crahub.referential.VatRegime;

/**
 * An issued invoice or credit note, or a draft (no number yet): everything its canonical XML and its PDF say. A
 * credit note (type 381) and a replacement invoice cite the invoice they correct ({@link Preceding}, BG-3).
 */
public record Invoice(
        long id,
        String typeCode,
        String series,
        int sequenceNumber,
        String number,
        String language,
        LocalDate issueDate,
        LocalDate dueDate,
        String currency,
        LocalDate periodStart,
        LocalDate periodEnd,
        String month,
        String purchaseOrder,
        String contract,
        Seller seller,
        Client buyer,
        int paymentTermsDays,
        BigDecimal latePenaltyRate,
        VatRegime vatRegime,
        List<InvoiceLine> lines,
        InvoiceTotals totals,
        SourceCra cra,
        List<TimeDetail> timeDetail,
        List<AllowanceCharge> allowanceCharges,
        TaxCurrency taxCurrency,
        ExpenseAnnex expenses,
        Template template,
        Preceding preceding,
        String buyerReference) {

    public Invoice {
        allowanceCharges = allowanceCharges == null ? List.of() : List.copyOf(allowanceCharges);
    }

    /** An invoice with a VAT accounting currency of its own (or null), without re-billed expenses. */
    public Invoice(long id, String typeCode, String series, int sequenceNumber, String number, String language,
                   LocalDate issueDate, LocalDate dueDate, String currency, LocalDate periodStart, LocalDate periodEnd,
                   String month, String purchaseOrder, String contract, Seller seller, Client buyer, int paymentTermsDays,
                   BigDecimal latePenaltyRate, VatRegime vatRegime, List<InvoiceLine> lines, InvoiceTotals totals,
                   SourceCra cra, List<TimeDetail> timeDetail, List<AllowanceCharge> allowanceCharges,
                   TaxCurrency taxCurrency) {
        this(id, typeCode, series, sequenceNumber, number, language, issueDate, dueDate, currency, periodStart, periodEnd,
                month, purchaseOrder, contract, seller, buyer, paymentTermsDays, latePenaltyRate, vatRegime, lines, totals,
                cra, timeDetail, allowanceCharges, taxCurrency, null, null, null, null);
    }

    /** An invoice in euros, without re-billed expenses. */
    public Invoice(long id, String typeCode, String series, int sequenceNumber, String number, String language,
                   LocalDate issueDate, LocalDate dueDate, String currency, LocalDate periodStart, LocalDate periodEnd,
                   String month, String purchaseOrder, String contract, Seller seller, Client buyer, int paymentTermsDays,
                   BigDecimal latePenaltyRate, VatRegime vatRegime, List<InvoiceLine> lines, InvoiceTotals totals,
                   SourceCra cra, List<TimeDetail> timeDetail, List<AllowanceCharge> allowanceCharges) {
        this(id, typeCode, series, sequenceNumber, number, language, issueDate, dueDate, currency, periodStart, periodEnd,
                month, purchaseOrder, contract, seller, buyer, paymentTermsDays, latePenaltyRate, vatRegime, lines, totals,
                cra, timeDetail, allowanceCharges, null, null, null, null, null);
    }

    /**
     * The VAT of an invoice in another currency than the euro, in euros (EN 16931 BT-6 = EUR, BT-111), with the rate
     * it was converted at (the latest on or before the issue date) and that rate's date and source.
     */
    public record TaxCurrency(String currency, BigDecimal taxAmount, ExchangeRate rate) {
    }

    /**
     * The expenses annex (ADR 0016): how the contract re-bills them and each billed expense with its receipt.
     *
     * @param rebill        AT_COST or MARKUP
     * @param markupPercent the markup, with MARKUP
     */
    public record ExpenseAnnex(String rebill, BigDecimal markupPercent, List<ExpenseDetail> expenses) {

        public ExpenseAnnex {
            expenses = List.copyOf(expenses);
        }
    }

    /**
     * One billed expense: the invoice line that bills it, what the receipt said (excluding VAT, its VAT rate and
     * amount) and what is billed; its receipt's reference and, when uploaded, SHA-256, type and name.
     */
    public record ExpenseDetail(int line, long id, LocalDate date, String consultant, String consultantName,
                                String category, String description, BigDecimal amountExclVat, BigDecimal vatRate,
                                BigDecimal vatAmount, BigDecimal billedAmount, String receiptReference,
                                String receiptSha256, String receiptMediaType) {
    }

    /** The template set the PDF is rendered with and its version (archived; ADR 17); null before template sets. */
    public record Template(String name, String version) {
    }

    /** A credit note or a replacement of the invoice it cites (its VAT in euros and template: {@link #with}). */
    public Invoice(long id, String typeCode, String series, int sequenceNumber, String number, String language,
                   LocalDate issueDate, LocalDate dueDate, String currency, LocalDate periodStart, LocalDate periodEnd,
                   String month, String purchaseOrder, String contract, Seller seller, Client buyer, int paymentTermsDays,
                   BigDecimal latePenaltyRate, VatRegime vatRegime, List<InvoiceLine> lines, InvoiceTotals totals,
                   SourceCra cra, List<TimeDetail> timeDetail, List<AllowanceCharge> allowanceCharges,
                   Preceding preceding) {
        this(id, typeCode, series, sequenceNumber, number, language, issueDate, dueDate, currency, periodStart, periodEnd,
                month, purchaseOrder, contract, seller, buyer, paymentTermsDays, latePenaltyRate, vatRegime, lines, totals,
                cra, timeDetail, allowanceCharges, null, null, null, preceding, null);
    }

    /** The same document with its VAT in euros and its template (those of the invoice it corrects). */
    public Invoice with(TaxCurrency newTaxCurrency, Template newTemplate) {
        return new Invoice(id, typeCode, series, sequenceNumber, number, language, issueDate, dueDate, currency,
                periodStart, periodEnd, month, purchaseOrder, contract, seller, buyer, paymentTermsDays, latePenaltyRate,
                vatRegime, lines, totals, cra, timeDetail, allowanceCharges, newTaxCurrency, expenses, newTemplate, preceding,
                buyerReference);
    }

    /**
     * The same document with its buyer reference (EN 16931 BT-10): the public buyer's service code when its contract
     * names one (Chorus Pro, ADR 0022); without one the canonical XML says the purchase order, else the contract.
     */
    public Invoice withBuyerReference(String reference) {
        return new Invoice(id, typeCode, series, sequenceNumber, number, language, issueDate, dueDate, currency,
                periodStart, periodEnd, month, purchaseOrder, contract, seller, buyer, paymentTermsDays, latePenaltyRate,
                vatRegime, lines, totals, cra, timeDetail, allowanceCharges, taxCurrency, expenses, template, preceding,
                reference);
    }

    /** A draft has no number until it is issued. */
    public boolean draft() {
        return number == null;
    }

    /** The same document under a number of a series. */
    public Invoice numbered(String newSeries, int sequence) {
        return new Invoice(id, typeCode, newSeries, sequence, InvoiceNumbering.format(newSeries, sequence), language,
                issueDate, dueDate, currency, periodStart, periodEnd, month, purchaseOrder, contract, seller, buyer,
                paymentTermsDays, latePenaltyRate, vatRegime, lines, totals, cra, timeDetail, allowanceCharges, taxCurrency,
                expenses, template, preceding, buyerReference);
    }

    /**
     * The invoice a credit note or a replacement corrects (EN 16931 BG-3: BT-25 number, BT-26 date).
     *
     * @param correction CREDIT for a credit note, REPLACEMENT for an invoice that cancels and replaces it
     * @param partial    a credit note that credits part of the invoice only
     * @param reason     why, in the user's words (printed)
     */
    public record Preceding(long id, String number, LocalDate issueDate, Correction correction, boolean partial,
                            String reason) {
    }

    /** What a document does to the invoice it cites. */
    public enum Correction {
        CREDIT, REPLACEMENT
    }

    /**
     * The approved CRA the invoice was issued from, and its approval: the client's approver, how it came
     * ({@code EXPLICIT} on the validation link, {@code TACIT} at the deadline, {@code RECORDED} by a hub user on the
     * approver's behalf, null before decisions were recorded) and the SHA-256 of the approved XML and PDF.
     */
    public record SourceCra(long id, int version, OffsetDateTime approvedAt, String approvedBy, String approverEmail,
                            String approvalKind, String recordedBy, String xmlSha256, String pdfSha256) {

        public SourceCra(long id, int version, OffsetDateTime approvedAt, String approvedBy) {
            this(id, version, approvedAt, approvedBy, null, null, null, null, null);
        }
    }

    /** One session of the time-detail annex. */
    public record TimeDetail(LocalDate date, String consultant, String consultantName, BigDecimal hours, String comment) {
    }
}
