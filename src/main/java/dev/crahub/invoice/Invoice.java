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
        List<TimeDetail> timeDetail) {

    /** The approved CRA the invoice was issued from. */
    public record SourceCra(long id, int version, OffsetDateTime approvedAt, String approvedBy) {
    }

    /** One session of the time-detail annex. */
    public record TimeDetail(LocalDate date, String consultant, String consultantName, BigDecimal hours, String comment) {
    }
}
