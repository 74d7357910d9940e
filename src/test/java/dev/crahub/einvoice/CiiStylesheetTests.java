package dev.crahub.einvoice;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.crahub.einvoice.EInvoiceTestSupport.FORMATS;
import static dev.crahub.einvoice.EInvoiceTestSupport.count;
import static dev.crahub.einvoice.EInvoiceTestSupport.resource;
import static dev.crahub.einvoice.EInvoiceTestSupport.xpath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code xsl/einvoice/invoice-cii.xsl} on the e-invoice sample: the business terms where EN 16931 and the French rules
 * want them (XPath), and Mustang's validation of the result (schema, EN 16931, BR-FR as errors) with no error.
 */
class CiiStylesheetTests {

    static final byte[] SAMPLE = resource("/canonical/einvoice-sample.xml");
    static final MustangValidation MUSTANG = new MustangValidation();

    @Test
    void mapsTheBusinessTermsTheFrenchRulesAskFor() {
        byte[] cii = FORMATS.cii(SAMPLE, List.of());
        String ctx = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/";
        assertThat(xpath(cii, ctx + "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID")).isEqualTo("S1");
        assertThat(xpath(cii, ctx + "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")).isEqualTo("urn:cen.eu:en16931:2017");
        String doc = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/";
        assertThat(xpath(cii, doc + "ram:ID")).isEqualTo("ACME-2026-000001");
        assertThat(xpath(cii, doc + "ram:TypeCode")).isEqualTo("380");
        assertThat(xpath(cii, doc + "ram:IssueDateTime/udt:DateTimeString[@format='102']")).isEqualTo("20261126");
        assertThat(xpath(cii, doc + "ram:IncludedNote[ram:SubjectCode='PMT']/ram:Content")).contains("40,00").contains("L441-10");
        assertThat(xpath(cii, doc + "ram:IncludedNote[ram:SubjectCode='PMD']/ram:Content")).contains("12,15");
        assertThat(xpath(cii, doc + "ram:IncludedNote[ram:SubjectCode='AAB']/ram:Content")).isEqualTo("Pas d'escompte pour paiement anticipé.");
        String agreement = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/";
        assertThat(xpath(cii, agreement + "ram:BuyerReference")).isEqualTo("PO-2026-0042");
        assertThat(xpath(cii, agreement + "ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']")).isEqualTo("123456782");
        assertThat(xpath(cii, agreement + "ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID[@schemeID='0225']")).isEqualTo("123456782");
        assertThat(xpath(cii, agreement + "ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']")).isEqualTo("FR11123456782");
        assertThat(xpath(cii, agreement + "ram:SellerTradeParty/ram:Description")).isEqualTo("SAS au capital de 10\u00A0000,00\u00A0€ – RCS Paris 123 456 782");
        assertThat(xpath(cii, agreement + "ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']")).isEqualTo("987654324");
        assertThat(xpath(cii, agreement + "ram:BuyerTradeParty/ram:PostalTradeAddress/ram:LineTwo")).isEqualTo("52 quai de Dion-Bouton");
        assertThat(xpath(cii, agreement + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID")).isEqualTo("PO-2026-0042");
        assertThat(xpath(cii, agreement + "ram:ContractReferencedDocument/ram:IssuerAssignedID")).isEqualTo("globex-platform-2026");
        // BG-24: referenced by id, BT-123 from the French list (BR-FR-17); no file embedded without attachments
        assertThat(xpath(cii, agreement + "ram:AdditionalReferencedDocument[1]/ram:IssuerAssignedID")).isEqualTo("annex-time-detail");
        assertThat(xpath(cii, agreement + "ram:AdditionalReferencedDocument[1]/ram:TypeCode")).isEqualTo("916");
        assertThat(xpath(cii, agreement + "ram:AdditionalReferencedDocument[1]/ram:Name")).isEqualTo("DOCUMENT_ANNEXE");
        assertThat(count(cii, "//ram:AttachmentBinaryObject")).isZero();
    }

    @Test
    void linesCarryTheirExactQuantitiesBaseQuantitiesPeriodsAndAllowances() {
        byte[] cii = FORMATS.cii(SAMPLE, List.of());
        String line1 = "//ram:IncludedSupplyChainTradeLineItem[ram:AssociatedDocumentLineDocument/ram:LineID='1']/";
        assertThat(xpath(cii, line1 + "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")).isEqualTo("1.9375");
        assertThat(xpath(cii, line1 + "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode")).isEqualTo("DAY");
        assertThat(xpath(cii, line1 + "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount")).isEqualTo("650");
        assertThat(xpath(cii, line1 + "ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString")).isEqualTo("20261001");
        assertThat(xpath(cii, line1 + "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")).isEqualTo("1259.38");
        String line2 = "//ram:IncludedSupplyChainTradeLineItem[ram:AssociatedDocumentLineDocument/ram:LineID='2']/";
        // 650.00 per 7 HUR (BT-149/150 with the quantity's unit), 7.5 h, a 10 % allowance of 69.64: 626.79
        assertThat(xpath(cii, line2 + "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity")).isEqualTo("7");
        assertThat(xpath(cii, line2 + "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity/@unitCode")).isEqualTo("HUR");
        assertThat(xpath(cii, line2 + "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount")).isEqualTo("69.64");
        assertThat(xpath(cii, line2 + "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:ChargeIndicator/udt:Indicator")).isEqualTo("false");
        String line3 = "//ram:IncludedSupplyChainTradeLineItem[ram:AssociatedDocumentLineDocument/ram:LineID='3']/";
        assertThat(xpath(cii, line3 + "ram:SpecifiedTradeProduct/ram:SellerAssignedID")).isEqualTo("lic-test");
        assertThat(xpath(cii, line3 + "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount")).isEqualTo("12.345");
    }

    @Test
    void totalsAndVatAsTheCanonicalInvoiceComputedThem() {
        byte[] cii = FORMATS.cii(SAMPLE, List.of());
        String sum = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/";
        // by hand: 1259.38 + 626.79 + 37.04 = 1923.21; less 50.00 = 1873.21; VAT 20 % = 374.642 -> 374.64; 2247.85
        assertThat(xpath(cii, sum + "ram:LineTotalAmount")).isEqualTo("1923.21");
        assertThat(xpath(cii, sum + "ram:AllowanceTotalAmount")).isEqualTo("50.00");
        assertThat(xpath(cii, sum + "ram:TaxBasisTotalAmount")).isEqualTo("1873.21");
        assertThat(xpath(cii, sum + "ram:TaxTotalAmount[@currencyID='EUR']")).isEqualTo("374.64");
        assertThat(xpath(cii, sum + "ram:GrandTotalAmount")).isEqualTo("2247.85");
        assertThat(xpath(cii, sum + "ram:DuePayableAmount")).isEqualTo("2247.85");
        String settlement = "//ram:ApplicableHeaderTradeSettlement/";
        assertThat(xpath(cii, settlement + "ram:ApplicableTradeTax/ram:BasisAmount")).isEqualTo("1873.21");
        assertThat(xpath(cii, settlement + "ram:ApplicableTradeTax/ram:CalculatedAmount")).isEqualTo("374.64");
        assertThat(xpath(cii, settlement + "ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode")).isEqualTo("58");
        assertThat(xpath(cii, settlement + "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID")).isEqualTo("FR7630006000011234567890189");
        assertThat(xpath(cii, settlement + "ram:PaymentReference")).isEqualTo("ACME-2026-000001");
        assertThat(xpath(cii, settlement + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString")).isEqualTo("20261226");
        assertThat(xpath(cii, settlement + "ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode")).isEqualTo("S");
    }

    @Test
    void passesMustangsValidationWithNoError() {
        byte[] cii = FORMATS.cii(SAMPLE, List.of());
        MustangValidation.Report report = MUSTANG.cii(cii, "sample-cii.xml");
        assertThat(report.messages()).filteredOn(ValidationMessage::isError).isEmpty();
        assertThat(report.xmlValid()).isTrue();
    }

    @Test
    void embedsTheAttachmentsItIsGivenAsBinaryObjects() {
        byte[] annex = "%PDF-1.7 annex".getBytes(StandardCharsets.US_ASCII);
        byte[] cii = FORMATS.cii(SAMPLE, List.of(new Attachment("annex-time-detail", "ACME-2026-000001-annex-time-detail.pdf",
                "application/pdf", annex)));
        String object = "//ram:AdditionalReferencedDocument[ram:IssuerAssignedID='annex-time-detail']/ram:AttachmentBinaryObject";
        assertThat(xpath(cii, object + "/@mimeCode")).isEqualTo("application/pdf");
        assertThat(xpath(cii, object + "/@filename")).isEqualTo("ACME-2026-000001-annex-time-detail.pdf");
        assertThat(java.util.Base64.getDecoder().decode(xpath(cii, object))).isEqualTo(annex);
        assertThat(MUSTANG.cii(cii, "with-annex-cii.xml").messages()).filteredOn(ValidationMessage::isError).isEmpty();
    }

    @Test
    void aDraftHasNoEInvoice() {
        byte[] draft = new String(SAMPLE, StandardCharsets.UTF_8)
                .replace("<number>ACME-2026-000001</number>", "<draft>true</draft>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FORMATS.cii(draft, List.of())).hasMessageContaining("draft");
    }
}
