package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import dev.crahub.referential.Client;
import dev.crahub.referential.Seller;
import dev.crahub.referential.VatRegime;

/** An issued invoice: everything its canonical XML and its PDF say. */
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
        Template template) {

    public Invoice {
        allowanceCharges = allowanceCharges == null ? List.of() : List.copyOf(allowanceCharges);
    }

    /** The template set the PDF is rendered with and its version (archived; ADR 17); null before template sets. */
    public record Template(String name, String version) {
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
