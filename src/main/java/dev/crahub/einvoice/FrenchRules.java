package dev.crahub.einvoice;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import dev.crahub.system.SecureXml;

/**
 * The French rules (BR-FR) that are errors, checked on the CII and on the UBL by XPath, before an e-invoice leaves for
 * a French platform. Source: FNFE-MPE, "BR-FR-Flux2-Schematron" CII and UBL v1.4.0.04 (2026-09-04), whose asserts are
 * all {@code fatal} for invoices issued from 1 October 2026; each check below names the rule id it implements. Only
 * the rules that concern what the hub issues are kept (no multi-vendor S8/B8/M8 or bidirectional S9 frameworks, no
 * self-billing, no SIRET, agents or delivery parties, which the hub never writes). One rule comes from the law rather
 * than the FNFE list: the SIREN of a buyer established in France (CGI annexe II art. 242 nonies A, décret 2022-1299).
 * <p>
 * One deliberate exception: a Peppol BIS Billing 3.0 UBL must carry Peppol's process id in ProfileID (BT-23,
 * PEPPOL-EN16931-R007), where BR-FR-08 expects the French billing framework; on such a UBL BR-FR-08 is a WARNING
 * (the framework travels in the CII, the Factur-X and the {@code fr-ctc} UBL). Every other finding is an ERROR.
 * <p>
 * Parsing refuses DOCTYPEs and external entities ({@link SecureXml}); XPath is the JDK's (XPath 1.0), never the JVM
 * default factory. Thread-safe: compiled expressions are kept per thread.
 */
@Component
public class FrenchRules implements EInvoiceRules {

    public static final String VALIDATOR = "crahub-br-fr";

    static final String PEPPOL_PROCESS_PREFIX = "urn:fdc:peppol.eu:2017:poacc:billing:";

    /** BR-FR-04: the document type codes (UNTDID 1001 subset) a French e-invoice may have. */
    static final Set<String> TYPE_CODES = Set.of("380", "389", "393", "501", "386", "500", "384", "471", "472", "473",
            "261", "262", "381", "396", "502", "503");
    /** BR-FR-08: the billing frameworks (cadres de facturation). */
    static final Set<String> BILLING_FRAMEWORKS = Set.of("B1", "S1", "M1", "B2", "S2", "M2", "S3", "B4", "S4", "M4",
            "S5", "S6", "B7", "S7", "B8", "S8", "M8", "B9", "S9", "M9");
    /** BR-FR-15: VAT category codes relevant in France (no L, M). */
    static final Set<String> VAT_CATEGORIES = Set.of("S", "E", "AE", "K", "G", "O", "Z");
    /** BR-FR-16: the VAT rates, as written. */
    static final Set<String> VAT_RATES = Set.of("0", "0.0", "0.00", "10", "10.0", "10.00", "13", "13.0", "13.00", "20",
            "20.0", "20.00", "8.5", "8.50", "19.6", "19.60", "2.1", "2.10", "5.5", "5.50", "7", "7.0", "7.00", "20.6",
            "20.60", "1.05", "0.9", "0.90", "1.75", "9.2", "9.20", "9.6", "9.60");
    /** BR-FR-17: the codes qualifying a supporting document (BT-123). */
    static final Set<String> ATTACHMENT_CODES = Set.of("RIB", "LISIBLE", "FEUILLE_DE_STYLE", "PJA", "BORDEREAU_SUIVI",
            "DOCUMENT_ANNEXE", "BON_LIVRAISON", "BON_COMMANDE", "BORDEREAU_SUIVI_VALIDATION", "ETAT_ACOMPTE",
            "FACTURE_PAIEMENT_DIRECT", "RECAPITULATIF_COTRAITANCE");
    /** BR-FR-CO-05: credit note type codes that must cite the invoice they correct. */
    static final Set<String> CREDIT_NOTE_CODES = Set.of("261", "381", "396", "502", "503");
    /** BR-FR-CO-07: types and frameworks whose due date may precede the issue date (down payments, already paid). */
    static final Set<String> EARLY_DUE_TYPES = Set.of("386", "500", "503");
    static final Set<String> PAID_FRAMEWORKS = Set.of("B2", "S2", "M2");

    private static final Pattern ID_FORMAT = Pattern.compile("[A-Za-z0-9+\\-_/]+");          // BR-FR-01/02
    private static final Pattern ADDRESS_0225 = Pattern.compile("[A-Za-z0-9+\\-_.]+");        // BR-FR-23
    private static final Pattern SIREN = Pattern.compile("\\d{9}");                           // BR-FR-10, BR-FR-32
    private static final Pattern AMOUNT = Pattern.compile("-?\\d{1,19}(\\.\\d{1,2})?");        // BR-FR-DEC-01
    private static final Pattern QUANTITY = Pattern.compile("-?\\d{1,19}(\\.\\d{1,4})?");      // BR-FR-DEC-02
    private static final Pattern PRICE = Pattern.compile("\\d{1,19}(\\.\\d{1,6})?");           // BR-FR-DEC-03
    private static final Pattern PERCENT = Pattern.compile("\\d{1,4}(\\.\\d{1,2})?");          // BR-FR-DEC-04

    private static final NamespaceContext NAMESPACES = new Namespaces(Map.of(
            "ubl", PhiveValidation.UBL_INVOICE_NS,
            "cn", PhiveValidation.UBL_CREDIT_NOTE_NS,
            "cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
            "cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
            "rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
            "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
            "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
            "qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"));

    private static final XPathFactory XPATH = XPathFactory.newDefaultInstance();

    /** Compiled expressions, per thread (the JDK's XPath objects are not thread-safe). */
    private static final ThreadLocal<Map<String, XPathExpression>> COMPILED =
            ThreadLocal.withInitial(java.util.HashMap::new);

    /** Where each business term lives in one syntax (EN 16931-3-2 UBL, EN 16931-3-3 CII). */
    private record Syntax(String number, String typeCode, String issueDate, String dueDate, String framework,
                          String notes, String sellerSiren, String buyerSiren, String sellerEndpoint,
                          String buyerEndpoint, String legalIds, String precedingNumber, String precedingReference,
                          String precedingDate, String dates, String vatCategories, String vatRates, String attachments,
                          String currency, String taxCurrency, String amounts, String quantities, String prices,
                          DateTimeFormatter dateFormat) {
    }

    private static final String UBL_ROOT = "/*[self::ubl:Invoice or self::cn:CreditNote]";
    private static final Syntax UBL = new Syntax(
            UBL_ROOT + "/cbc:ID",
            UBL_ROOT + "/cbc:InvoiceTypeCode | " + UBL_ROOT + "/cbc:CreditNoteTypeCode",
            UBL_ROOT + "/cbc:IssueDate",
            UBL_ROOT + "/cbc:DueDate | " + UBL_ROOT + "/cac:PaymentMeans/cbc:PaymentDueDate",
            UBL_ROOT + "/cbc:ProfileID",
            UBL_ROOT + "/cbc:Note",
            UBL_ROOT + "/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']",
            UBL_ROOT + "/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']",
            UBL_ROOT + "/cac:AccountingSupplierParty/cac:Party/cbc:EndpointID",
            UBL_ROOT + "/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID",
            "//cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002'] | //cac:PartyIdentification/cbc:ID[@schemeID='0002']",
            UBL_ROOT + "/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
            UBL_ROOT + "/cac:BillingReference/cac:InvoiceDocumentReference[cbc:ID and cbc:IssueDate]",
            UBL_ROOT + "/cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate",
            UBL_ROOT + "/cbc:IssueDate | " + UBL_ROOT + "/cbc:DueDate | " + UBL_ROOT + "/cbc:TaxPointDate | "
                    + UBL_ROOT + "/cac:InvoicePeriod/cbc:*[self::cbc:StartDate or self::cbc:EndDate] | "
                    + UBL_ROOT + "/cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate | "
                    + UBL_ROOT + "/*[self::cac:InvoiceLine or self::cac:CreditNoteLine]/cac:InvoicePeriod/cbc:*",
            "//cac:TaxCategory/cbc:ID | //cac:ClassifiedTaxCategory/cbc:ID",
            "//cac:TaxCategory/cbc:Percent | //cac:ClassifiedTaxCategory/cbc:Percent",
            UBL_ROOT + "/cac:AdditionalDocumentReference/cbc:DocumentDescription",
            UBL_ROOT + "/cbc:DocumentCurrencyCode",
            UBL_ROOT + "/cbc:TaxCurrencyCode",
            "//cbc:*[@currencyID][not(self::cbc:PriceAmount)][not(parent::cac:AllowanceCharge/parent::cac:Price)]",
            "//cbc:InvoicedQuantity | //cbc:CreditedQuantity | //cac:Price/cbc:BaseQuantity",
            "//cac:Price/cbc:PriceAmount",
            DateTimeFormatter.ISO_LOCAL_DATE);

    private static final String CII_DOC = "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument";
    private static final String CII_AGREEMENT = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement";
    private static final String CII_SETTLEMENT = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement";
    private static final Syntax CII = new Syntax(
            CII_DOC + "/ram:ID",
            CII_DOC + "/ram:TypeCode",
            CII_DOC + "/ram:IssueDateTime/udt:DateTimeString",
            CII_SETTLEMENT + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
            "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID",
            CII_DOC + "/ram:IncludedNote",
            CII_AGREEMENT + "/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']",
            CII_AGREEMENT + "/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']",
            CII_AGREEMENT + "/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID",
            CII_AGREEMENT + "/ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID",
            "//ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']",
            CII_SETTLEMENT + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
            CII_SETTLEMENT + "/ram:InvoiceReferencedDocument[ram:IssuerAssignedID and ram:FormattedIssueDateTime]",
            CII_SETTLEMENT + "/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString",
            "//udt:DateTimeString | //qdt:DateTimeString",
            "//ram:ApplicableTradeTax/ram:CategoryCode | //ram:CategoryTradeTax/ram:CategoryCode",
            "//ram:ApplicableTradeTax/ram:RateApplicablePercent | //ram:CategoryTradeTax/ram:RateApplicablePercent",
            CII_AGREEMENT + "/ram:AdditionalReferencedDocument[ram:TypeCode='916']/ram:Name",
            CII_SETTLEMENT + "/ram:InvoiceCurrencyCode",
            CII_SETTLEMENT + "/ram:TaxCurrencyCode",
            "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/* | //ram:SpecifiedTradeSettlementLineMonetarySummation/*"
                    + " | //ram:ApplicableTradeTax/ram:CalculatedAmount | //ram:ApplicableTradeTax/ram:BasisAmount"
                    + " | //ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount | //ram:SpecifiedTradeAllowanceCharge/ram:BasisAmount",
            "//ram:BilledQuantity | //ram:BasisQuantity",
            "//ram:NetPriceProductTradePrice/ram:ChargeAmount | //ram:GrossPriceProductTradePrice/ram:ChargeAmount",
            DateTimeFormatter.BASIC_ISO_DATE);

    @Override
    public String name() {
        return "french-rules";
    }

    /** The gate's part: the French rules on the stand-alone CII and on the UBL. */
    @Override
    public List<ValidationMessage> check(EInvoiceFiles files) {
        List<ValidationMessage> messages = new java.util.ArrayList<>(check(files.cii(), EInvoiceFormat.CII));
        messages.addAll(check(files.ubl(), EInvoiceFormat.UBL));
        return messages;
    }

    /**
     * @param format CII (also the XML of a Factur-X) or UBL
     * @return the findings, ERROR for every broken rule (and the one WARNING described above); empty when all hold
     */
    public List<ValidationMessage> check(byte[] xml, EInvoiceFormat format) {
        Document document;
        try {
            document = SecureXml.parse(xml);
        } catch (IllegalArgumentException e) {
            return List.of(error("XML", "/", e.getMessage()));
        }
        Check c = new Check(document, format == EInvoiceFormat.UBL ? UBL : CII, format == EInvoiceFormat.UBL);
        c.run();
        return List.copyOf(c.messages);
    }

    private static ValidationMessage error(String rule, String location, String text) {
        return new ValidationMessage(VALIDATOR, ValidationMessage.Severity.ERROR, rule, location, text);
    }

    /** One run over one document. */
    private static final class Check {

        private final Document document;
        private final Syntax s;
        private final boolean ubl;
        private final Map<String, XPathExpression> compiled = COMPILED.get();
        private final List<ValidationMessage> messages = new ArrayList<>();

        Check(Document document, Syntax syntax, boolean ubl) {
            this.document = document;
            this.s = syntax;
            this.ubl = ubl;
        }

        private XPathExpression compile(String expression) {
            return compiled.computeIfAbsent(expression, e -> {
                try {
                    XPath xpath = XPATH.newXPath();
                    xpath.setNamespaceContext(NAMESPACES);
                    return xpath.compile(e);
                } catch (XPathExpressionException ex) {
                    throw new IllegalStateException(e, ex);
                }
            });
        }

        void run() {
            String number = text(s.number());
            // BR-FR-01 (BT-1): at most 35 characters; BR-FR-02 (BT-1): letters, digits, + - _ / only
            if (number.length() > 35) {
                fail("BR-FR-01_BT-1-1", s.number(), "BT-1 invoice number '" + number + "' is longer than 35 characters");
            }
            if (!ID_FORMAT.matcher(number).matches()) {
                fail("BR-FR-02_BT-1", s.number(), "BT-1 invoice number '" + number
                        + "' may hold only letters, digits and + - _ / (no space, no dot)");
            }
            // BR-FR-01/02 (BT-25): the same for the preceding invoice's number
            for (Node n : nodes(s.precedingNumber())) {
                String value = n.getTextContent().strip();
                if (value.length() > 35 || !ID_FORMAT.matcher(value).matches()) {
                    fail("BR-FR-02_BT-25", s.precedingNumber(), "BT-25 preceding invoice number '" + value
                            + "' must be at most 35 letters, digits or + - _ /");
                }
            }
            // BR-FR-03: every date is a real date of the years 2000..2099
            for (Node n : nodes(s.dates())) {
                String value = n.getTextContent().strip();
                if (date(value) == null || !value.startsWith("20")) {
                    fail("BR-FR-03", path(n), "date '" + value + "' is not a valid date between 2000 and 2099");
                }
            }
            // BR-FR-04 (BT-3): a document type code of the French list
            String type = text(s.typeCode());
            if (!TYPE_CODES.contains(type)) {
                fail("BR-FR-04_BT-3", s.typeCode(), "BT-3 document type code '" + type + "' is not allowed in France");
            }
            notes();
            framework(type);
            parties();
            vat();
            // BR-FR-17 (BT-123): supporting documents are qualified by a code of the French list
            for (Node n : nodes(s.attachments())) {
                String code = n.getTextContent().strip();
                if (!ATTACHMENT_CODES.contains(code)) {
                    fail("BR-FR-17_BT-123", path(n), "BT-123 supporting document code '" + code
                            + "' is not one of " + new java.util.TreeSet<>(ATTACHMENT_CODES));
                }
            }
            // BR-FR-18 (BT-123): at most one readable copy (LISIBLE)
            if (nodes(s.attachments()).stream().filter(n -> "LISIBLE".equals(n.getTextContent().strip())).count() > 1) {
                fail("BR-FR-18_BT-123", s.attachments(), "more than one supporting document is the readable copy (LISIBLE)");
            }
            // BR-FR-CO-05 (BT-3): a credit note cites the invoice it corrects, with its date (BT-25, BT-26)
            if (CREDIT_NOTE_CODES.contains(type) && nodes(s.precedingReference()).isEmpty()) {
                fail("BR-FR-CO-05_BT-3", s.precedingReference(), "a credit note (" + type
                        + ") must cite the preceding invoice's number (BT-25) and date (BT-26)");
            }
            dueDate(type);
            currency();
            decimals();
        }

        /** BR-FR-05 (PMT, PMD, AAB present), BR-FR-06 (PMT, PMD, AAB, TXD at most once). */
        private void notes() {
            List<String> codes = new ArrayList<>();
            for (Node note : nodes(s.notes())) {
                if (ubl) {
                    // UBL has no subject code element: "#CODE#text", several may follow each other in one note
                    var m = Pattern.compile("#([A-Z]{3})#").matcher("#" + note.getTextContent().strip());
                    while (m.find()) {
                        codes.add(m.group(1));
                    }
                } else {
                    codes.add(text(note, "ram:SubjectCode"));
                }
            }
            for (String code : List.of("PMT", "PMD", "AAB")) {
                if (!codes.contains(code)) {
                    fail("BR-FR-05_BT-22", s.notes(), "the mandatory note with subject code " + code + " ("
                            + switch (code) {
                                case "PMT" -> "fixed recovery indemnity";
                                case "PMD" -> "late-payment penalties";
                                default -> "early-payment discount or none";
                            } + ") is missing");
                }
            }
            for (String code : List.of("PMT", "PMD", "AAB", "TXD")) {
                if (codes.stream().filter(code::equals).count() > 1) {
                    fail("BR-FR-06_BT-21", s.notes(), "the note subject code " + code + " appears more than once");
                }
            }
        }

        /** BR-FR-08 (BT-23): the billing framework, present and from the list. */
        private void framework(String type) {
            String framework = text(s.framework());
            if (BILLING_FRAMEWORKS.contains(framework)) {
                // BR-FR-CO-08: final invoices after down payments (B4, S4, M4) are no down-payment documents
                if (Set.of("B4", "S4", "M4").contains(framework) && EARLY_DUE_TYPES.contains(type)) {
                    fail("BR-FR-CO-08_BT-23", s.framework(), "billing framework " + framework
                            + " cannot be used for a down-payment document (" + type + ")");
                }
                return;
            }
            if (ubl && framework.startsWith(PEPPOL_PROCESS_PREFIX)) {
                messages.add(new ValidationMessage(VALIDATOR, ValidationMessage.Severity.WARNING, "BR-FR-08_BT-23",
                        "/" + document.getDocumentElement().getLocalName() + "/cbc:ProfileID", "BT-23 holds the Peppol process id '" + framework + "' (Peppol BIS Billing 3.0):"
                        + " a French platform needs the billing framework (S1, B1, M1...) the CII, the Factur-X and"
                        + " the fr-ctc UBL carry"));
                return;
            }
            fail("BR-FR-08_BT-23", s.framework(), "BT-23 billing framework '" + framework
                    + "' is missing or not one of " + new java.util.TreeSet<>(BILLING_FRAMEWORKS));
        }

        private void parties() {
            // BR-FR-10 (BT-30): the seller's SIREN, scheme 0002, 9 digits
            String sellerSiren = text(s.sellerSiren());
            if (!SIREN.matcher(sellerSiren).matches()) {
                fail("BR-FR-10_BT-30", s.sellerSiren(), "BT-30 the seller's SIREN (legal id, scheme 0002) is missing"
                        + " or not 9 digits: '" + sellerSiren + "'");
            }
            // BR-FR-11 (BT-47): a B2B invoice (note BAR = B2B) names the buyer's SIREN
            if (barTreatment().equals("B2B") && !SIREN.matcher(text(s.buyerSiren())).matches()) {
                fail("BR-FR-11_BT-47", s.buyerSiren(), "BT-47 the buyer's SIREN (scheme 0002) is required for a B2B"
                        + " invoice (note BAR = B2B)");
            }
            // French mandatory mention (CGI annexe II art. 242 nonies A, as amended by décret 2022-1299): the SIREN
            // of a buyer established in France; BR-FR-11 only requires it for B2B flows, the law for every French buyer
            String buyerCountry = text(ubl
                    ? UBL_ROOT + "/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode"
                    : CII_AGREEMENT + "/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID");
            if (buyerCountry.equals("FR") && !SIREN.matcher(text(s.buyerSiren())).matches()) {
                fail("CGI-242-NONIES-A_BT-47", s.buyerSiren(), "BT-47 the SIREN (scheme 0002) of a buyer established"
                        + " in France is a mandatory mention");
            }
            // BR-FR-32: every legal id of scheme 0002 is a SIREN of 9 digits
            for (Node n : nodes(s.legalIds())) {
                if (!SIREN.matcher(n.getTextContent().strip()).matches()) {
                    fail("BR-FR-32-LEGALID", path(n), "identifier '" + n.getTextContent().strip()
                            + "' of scheme 0002 (SIREN) must be 9 digits");
                }
            }
            // BR-FR-13 (BT-34), BR-FR-12 (BT-49): both electronic addresses are mandatory;
            // BR-FR-23: a 0225 address holds only letters, digits and + - _ .; BR-FR-25: at most 125 characters
            endpoint(s.sellerEndpoint(), "BR-FR-13_BT-34", "BT-34 seller", "BR-FR-23_BT-34", "BR-FR-25_BT-34");
            endpoint(s.buyerEndpoint(), "BR-FR-12_BT-49", "BT-49 buyer", "BR-FR-23_BT-49", "BR-FR-25_BT-49");
        }

        private void endpoint(String where, String presenceRule, String what, String formatRule, String lengthRule) {
            List<Node> found = nodes(where);
            String value = found.isEmpty() ? "" : found.get(0).getTextContent().strip();
            if (value.isEmpty()) {
                fail(presenceRule, where, what + " electronic address is mandatory");
                return;
            }
            String scheme = ((Element) found.get(0)).getAttribute("schemeID");
            if ("0225".equals(scheme) && !ADDRESS_0225.matcher(value).matches()) {
                fail(formatRule, where, what + " electronic address '" + value
                        + "' (scheme 0225) may hold only letters, digits and + - _ .");
            }
            if (value.length() > 125) {
                fail(lengthRule, where, what + " electronic address is longer than 125 characters");
            }
        }

        /** BR-FR-15 (VAT categories), BR-FR-16 (VAT rates). */
        private void vat() {
            for (Node n : nodes(s.vatCategories())) {
                String code = n.getTextContent().strip();
                if (!VAT_CATEGORIES.contains(code)) {
                    fail("BR-FR-15", path(n), "VAT category '" + code + "' is not one of S, E, AE, K, G, O, Z");
                }
            }
            for (Node n : nodes(s.vatRates())) {
                String rate = n.getTextContent().strip();
                if (!VAT_RATES.contains(rate)) {
                    fail("BR-FR-16", path(n), "VAT rate '" + rate + "' is not a French VAT rate");
                }
            }
        }

        /** BR-FR-CO-07 (BT-9): the due date is not before the issue date, but for down payments and paid invoices. */
        private void dueDate(String type) {
            LocalDate issue = date(text(s.issueDate()));
            LocalDate due = date(text(s.dueDate()));
            String framework = text(s.framework());
            if (issue != null && due != null && due.isBefore(issue) && !EARLY_DUE_TYPES.contains(type)
                    && !PAID_FRAMEWORKS.contains(framework)) {
                fail("BR-FR-CO-07_BT-9", s.dueDate(), "BT-9 due date " + due + " is before the issue date " + issue);
            }
        }

        /** BR-FR-CO-12 (BT-5, BT-6, BT-111): an invoice not in euros gives its VAT in euros. */
        private void currency() {
            String currency = text(s.currency());
            if (currency.isEmpty() || currency.equals("EUR")) {
                return;
            }
            String inEuros = ubl
                    ? UBL_ROOT + "/cac:TaxTotal/cbc:TaxAmount[@currencyID='EUR']"
                    : CII_SETTLEMENT + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount[@currencyID='EUR']";
            if (!text(s.taxCurrency()).equals("EUR") || nodes(inEuros).isEmpty()) {
                fail("BR-FR-CO-12_BT-5", s.taxCurrency(), "an invoice in " + currency
                        + " must give EUR as VAT accounting currency (BT-6) and its VAT total in EUR (BT-111)");
            }
        }

        /** BR-FR-DEC-01 (amounts: 2 decimals), -02 (quantities: 4), -03 (prices: positive, 6), -04 (rates). */
        private void decimals() {
            format(s.amounts(), AMOUNT, "BR-FR-DEC-01", "amount", "at most 2 decimals");
            format(s.quantities(), QUANTITY, "BR-FR-DEC-02", "quantity", "at most 4 decimals");
            format(s.prices(), PRICE, "BR-FR-DEC-03", "price", "positive, at most 6 decimals");
            for (Node n : nodes(s.vatRates())) {
                String rate = n.getTextContent().strip();
                if (!PERCENT.matcher(rate).matches() || rate.replace(".", "").length() > 4) {
                    fail("BR-FR-DEC-04", path(n), "VAT rate '" + rate + "' must be positive, at most 4 digits and 2 decimals");
                }
            }
        }

        private void format(String where, Pattern pattern, String rule, String what, String expected) {
            for (Node n : nodes(where)) {
                if (!(n instanceof Element element) || hasElementChildren(element)) {
                    continue;
                }
                String value = n.getTextContent().strip();
                if (!pattern.matcher(value).matches() || value.replace(".", "").replace("-", "").length() > 19) {
                    fail(rule, path(n), what + " '" + value + "' must be a decimal with a '.', " + expected
                            + ", at most 19 digits");
                }
            }
        }

        // -------------------------------------------------------------------------------- helpers

        private String barTreatment() {
            for (Node note : nodes(s.notes())) {
                if (ubl) {
                    String joined = "#" + note.getTextContent().strip();
                    int at = joined.indexOf("#BAR#");
                    if (at >= 0) {
                        String after = joined.substring(at + 5);
                        return after.contains("#") ? after.substring(0, after.indexOf('#')) : after;
                    }
                } else if ("BAR".equals(text(note, "ram:SubjectCode"))) {
                    return text(note, "ram:Content");
                }
            }
            return "";
        }

        private LocalDate date(String value) {
            try {
                return value.isEmpty() ? null : LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value,
                        s.dateFormat());
            } catch (DateTimeException e) {
                return null;
            }
        }

        private void fail(String rule, String location, String text) {
            messages.add(error(rule, location.replace(UBL_ROOT, "/" + document.getDocumentElement().getLocalName()), text));
        }

        private String text(String expression) {
            List<Node> found = nodes(expression);
            return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
        }

        private String text(Node context, String expression) {
            try {
                return ((String) compile(expression).evaluate(context, XPathConstants.STRING)).strip();
            } catch (XPathExpressionException e) {
                throw new IllegalStateException(expression, e);
            }
        }

        private List<Node> nodes(String expression) {
            try {
                NodeList list = (NodeList) compile(expression).evaluate(document, XPathConstants.NODESET);
                List<Node> nodes = new ArrayList<>(list.getLength());
                for (int i = 0; i < list.getLength(); i++) {
                    nodes.add(list.item(i));
                }
                return nodes;
            } catch (XPathExpressionException e) {
                throw new IllegalStateException(expression, e);
            }
        }

        private static boolean hasElementChildren(Element element) {
            for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child.getNodeType() == Node.ELEMENT_NODE) {
                    return true;
                }
            }
            return false;
        }

        /** A readable XPath of a node: /Invoice/cac:InvoiceLine[2]/cbc:InvoicedQuantity. */
        private static String path(Node node) {
            StringBuilder path = new StringBuilder();
            for (Node n = node; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
                int index = 1;
                for (Node sibling = n.getPreviousSibling(); sibling != null; sibling = sibling.getPreviousSibling()) {
                    if (sibling.getNodeType() == Node.ELEMENT_NODE && sibling.getNodeName().equals(n.getNodeName())) {
                        index++;
                    }
                }
                path.insert(0, "/" + n.getNodeName() + (index > 1 ? "[" + index + "]" : ""));
            }
            return path.toString();
        }
    }

    private record Namespaces(Map<String, String> byPrefix) implements NamespaceContext {
        @Override
        public String getNamespaceURI(String prefix) {
            return byPrefix.getOrDefault(prefix, javax.xml.XMLConstants.NULL_NS_URI);
        }

        @Override
        public String getPrefix(String namespaceURI) {
            return byPrefix.entrySet().stream().filter(e -> e.getValue().equals(namespaceURI)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }

        @Override
        public java.util.Iterator<String> getPrefixes(String namespaceURI) {
            String prefix = getPrefix(namespaceURI);
            return prefix == null ? java.util.Collections.emptyIterator() : List.of(prefix).iterator();
        }
    }

}
