package dev.crahub.invoice;

import java.math.BigDecimal;
import java.util.List;

import dev.crahub.referential.AddressXml;
import dev.crahub.referential.VatRegime;
import dev.crahub.system.XmlBuilder;

/** Writes the canonical invoice XML ({@code urn:crahub:invoice:1}, schema {@code invoice-1.xsd}). */
public final class InvoiceXmlWriter {

    public static final String NAMESPACE = "urn:crahub:invoice:1";
    static final String RECOVERY_INDEMNITY = "40.00";

    private InvoiceXmlWriter() {
    }

    public static byte[] write(Invoice i) {
        XmlBuilder x = new XmlBuilder(NAMESPACE);
        x.start("invoice").attribute("id", i.id()).attribute("language", i.language());
        x.element("typeCode", i.typeCode());
        if (i.draft()) {
            x.element("draft", "true");
        } else {
            x.element("number", i.number());
        }
        x.element("issueDate", i.issueDate());
        x.element("dueDate", i.dueDate());
        x.element("currency", i.currency());
        if (i.taxCurrency() != null) {
            x.element("taxCurrency", i.taxCurrency().currency());
            ExchangeRate rate = i.taxCurrency().rate();
            x.start("exchangeRate");
            x.element("currency", rate.currency());
            x.element("eurPerUnit", rate.eurPerUnit().setScale(6, java.math.RoundingMode.UNNECESSARY));
            x.element("date", rate.date());
            x.element("source", rate.source().name());
            x.end();
        }
        x.element("periodStart", i.periodStart());
        x.element("periodEnd", i.periodEnd());
        String category = operationCategory(i);
        x.element("operationCategory", category);
        x.element("businessProcess", switch (category) {
            case "GOODS" -> "B1";
            case "MIXED" -> "M1";
            default -> "S1";
        });
        x.element("buyerReference", i.buyerReference() != null ? i.buyerReference()
                : i.purchaseOrder() != null ? i.purchaseOrder() : i.contract());
        x.element("purchaseOrder", i.purchaseOrder());
        x.element("contractReference", i.contract());
        if (i.preceding() != null) {
            Invoice.Preceding p = i.preceding();
            x.start("precedingInvoice").attribute("correction", p.correction().name()).attribute("partial", p.partial());
            x.element("number", p.number());
            x.element("issueDate", p.issueDate());
            x.element("reason", p.reason() == null || p.reason().isBlank() ? null : p.reason().strip());
            x.end();
        }

        var s = i.seller();
        x.start("seller").attribute("code", s.code());
        x.element("name", s.name());
        x.element("legalForm", s.legalForm());
        if (s.shareCapital() != null) {
            x.element("shareCapital", s.shareCapital().setScale(2), "currency", "EUR");
        }
        x.element("registration", s.registration());
        x.element("siren", s.siren());
        x.element("vatNumber", s.vatNumber());
        AddressXml.write(x, s.address());
        x.element("email", s.email());
        electronicAddress(x, s.siren(), s.email());
        x.element("iban", s.iban());
        x.element("bic", s.bic());
        x.element("vatOnDebits", s.vatOnDebits());
        x.end();

        var b = i.buyer();
        x.start("buyer").attribute("code", b.code());
        x.element("name", b.name());
        x.element("siren", b.siren());
        x.element("vatNumber", b.vatNumber());
        AddressXml.write(x, b.address());
        String buyerEmail = b.billing() == null ? null : b.billing().email();
        x.element("email", buyerEmail);
        electronicAddress(x, b.siren(), buyerEmail);
        x.end();

        if (s.iban() != null) {
            x.start("paymentMeans");
            x.element("code", "58");
            x.element("iban", s.iban());
            x.element("bic", s.bic());
            x.element("remittanceInformation", i.number()); // none on a draft
            x.end();
        }

        x.start("paymentTerms");
        x.element("days", i.paymentTermsDays());
        x.element("latePenaltyRate", i.latePenaltyRate());
        x.element("recoveryIndemnity", RECOVERY_INDEMNITY, "currency", "EUR");
        x.element("earlyPaymentDiscount", "none");
        x.end();
        x.element("vatRegime", i.vatRegime().name());

        x.start("lines");
        for (InvoiceLine l : i.lines()) {
            x.start("line").attribute("number", l.number()).attribute("kind", l.kind().name());
            x.element("description", l.description());
            x.element("consultant", l.consultant());
            x.element("reference", l.reference());
            x.element("periodStart", l.periodStart());
            x.element("periodEnd", l.periodEnd());
            x.element("quantity", l.quantity(), "unitCode", l.unitCode());
            x.element("unitPrice", l.unitPrice());
            if (l.baseQuantity().compareTo(BigDecimal.ONE) != 0) {
                x.element("baseQuantity", l.baseQuantity());
            }
            x.element("grossAmount", l.grossAmount());
            allowanceCharges(x, l.allowanceCharges());
            x.element("vatCategory", l.vatCategory());
            x.element("vatRate", l.vatRate());
            x.element("netAmount", l.netAmount());
            x.end();
        }
        x.end();

        allowanceCharges(x, i.allowanceCharges());

        x.start("vatBreakdown");
        for (VatBreakdown v : i.totals().vat()) {
            x.start("vat").attribute("category", v.category()).attribute("rate", v.rate());
            x.element("taxableAmount", v.taxableAmount());
            x.element("taxAmount", v.taxAmount());
            x.element("exemptionReason", VatRegime.exemptionReason(v.category(), i.language()));
            x.element("exemptionReasonCode", VatRegime.exemptionCode(v.category()));
            x.end();
        }
        x.end();

        var t = i.totals();
        x.start("totals");
        x.element("lineTotal", t.lineTotal());
        if (!i.allowanceCharges().isEmpty()) {
            x.element("allowanceTotal", t.allowanceTotal());
            x.element("chargeTotal", t.chargeTotal());
        }
        x.element("taxExclusive", t.taxExclusive());
        x.element("tax", t.tax());
        if (i.taxCurrency() != null) {
            x.element("taxInAccountingCurrency", i.taxCurrency().taxAmount(), "currency", i.taxCurrency().currency());
        }
        x.element("taxInclusive", t.taxInclusive());
        x.element("payable", t.payable());
        x.end();

        if (i.cra() != null) {
            x.start("cra").attribute("id", i.cra().id()).attribute("version", i.cra().version());
            x.element("approvedAt", i.cra().approvedAt());
            x.element("approvedBy", i.cra().approvedBy());
            x.element("approverEmail", i.cra().approverEmail());
            x.element("approvalKind", i.cra().approvalKind());
            x.element("recordedBy", i.cra().recordedBy());
            x.element("xmlSha256", i.cra().xmlSha256());
            x.element("pdfSha256", i.cra().pdfSha256());
            x.end();
        }

        if (!i.timeDetail().isEmpty() || i.expenses() != null || hasProducts(i)) {
            x.start("supportingDocuments");
            if (!i.timeDetail().isEmpty()) {
                x.start("document").attribute("id", "annex-time-detail");
                x.element("description", "fr".equals(i.language()) ? "Détail des temps" : "Time detail");
                x.end();
            }
            if (hasProducts(i)) {
                x.start("document").attribute("id", "annex-products");
                x.element("description", "fr".equals(i.language()) ? "Produits et forfaits" : "Products and fees");
                x.end();
            }
            if (i.expenses() != null) {
                x.start("document").attribute("id", "annex-expenses");
                x.element("description", "fr".equals(i.language()) ? "Frais refacturés" : "Re-billed expenses");
                x.end();
                for (Invoice.ExpenseDetail e : i.expenses().expenses()) {
                    if (e.receiptSha256() != null) {
                        x.start("document").attribute("id", "receipt-" + e.id());
                        x.element("description", ("fr".equals(i.language()) ? "Justificatif de la ligne "
                                : "Receipt of line ") + e.line() + " (SHA-256 " + e.receiptSha256() + ")");
                        x.end();
                    }
                }
            }
            x.end();
        }

        x.start("annexes");
        if (!i.timeDetail().isEmpty()) {
            x.start("timeDetail");
            for (Invoice.TimeDetail d : i.timeDetail()) {
                x.start("entry").attribute("date", d.date()).attribute("consultant", d.consultant())
                        .attribute("consultantName", d.consultantName()).attribute("hours", d.hours());
                x.element("comment", d.comment() == null ? "" : d.comment());
                x.end();
            }
            x.end();
        }
        if (i.expenses() != null) {
            expenses(x, i.expenses());
        }
        if (hasProducts(i)) {
            // the products and fees annex: the lines it details, by number (their figures are the lines')
            x.start("products");
            for (InvoiceLine l : i.lines()) {
                if (l.kind() == InvoiceLine.Kind.PRODUCT || l.kind() == InvoiceLine.Kind.FEE) {
                    x.start("item").attribute("line", l.number()).attribute("kind", l.kind().name())
                            .attribute("reference", l.reference()).end();
                }
            }
            x.end();
        }
        x.end();
        if (i.template() != null) {
            x.start("template").attribute("name", i.template().name()).attribute("version", i.template().version());
            x.end();
        }
        x.end();
        return x.toBytes();
    }

    private static boolean hasProducts(Invoice i) {
        return i.lines().stream().anyMatch(l -> l.kind() == InvoiceLine.Kind.PRODUCT || l.kind() == InvoiceLine.Kind.FEE);
    }

    /** The expenses annex: each billed expense, what its receipt said, what is billed, the receipt's fingerprint. */
    private static void expenses(XmlBuilder x, Invoice.ExpenseAnnex annex) {
        x.start("expenses").attribute("rebill", annex.rebill());
        if (annex.markupPercent() != null) {
            x.attribute("markupPercent", annex.markupPercent().setScale(2));
        }
        for (Invoice.ExpenseDetail e : annex.expenses()) {
            x.start("expense").attribute("line", e.line()).attribute("id", e.id()).attribute("date", e.date())
                    .attribute("consultant", e.consultant()).attribute("consultantName", e.consultantName())
                    .attribute("category", e.category());
            x.element("description", e.description());
            x.element("amountExclVat", e.amountExclVat());
            x.element("vatRate", e.vatRate());
            x.element("vatAmount", e.vatAmount());
            x.element("amountInclVat", e.amountExclVat().add(e.vatAmount()));
            x.element("billedAmount", e.billedAmount());
            x.element("receiptReference", e.receiptReference());
            if (e.receiptSha256() != null) {
                x.start("receipt").attribute("sha256", e.receiptSha256()).attribute("mediaType", e.receiptMediaType());
                x.end();
            }
            x.end();
        }
        x.end();
    }

    /** SERVICES unless a line bills goods (products): then GOODS, or MIXED with services beside them. */
    static String operationCategory(Invoice i) {
        boolean goods = i.lines().stream().anyMatch(l -> l.kind() == InvoiceLine.Kind.PRODUCT);
        boolean services = i.lines().stream().anyMatch(l -> l.kind() != InvoiceLine.Kind.PRODUCT);
        return goods ? (services ? "MIXED" : "GOODS") : "SERVICES";
    }

    /** The party's electronic address: SIREN under scheme 0225 (French addressing) when known, else its e-mail. */
    private static void electronicAddress(XmlBuilder x, String siren, String email) {
        if (siren != null) {
            x.element("electronicAddress", siren, "scheme", "0225");
        } else if (email != null) {
            x.element("electronicAddress", email, "scheme", "EM");
        }
    }

    private static void allowanceCharges(XmlBuilder x, List<AllowanceCharge> list) {
        if (list.isEmpty()) {
            return;
        }
        x.start("allowanceCharges");
        for (AllowanceCharge ac : list) {
            x.start("allowanceCharge").attribute("charge", ac.charge());
            x.element("amount", ac.amount());
            x.element("baseAmount", ac.baseAmount());
            x.element("percent", ac.percent());
            x.element("reason", ac.reason());
            x.element("reasonCode", ac.reasonCode());
            x.element("vatCategory", ac.vatCategory());
            x.element("vatRate", ac.vatRate() == null ? null : ac.vatRate().setScale(2));
            x.end();
        }
        x.end();
    }
}
