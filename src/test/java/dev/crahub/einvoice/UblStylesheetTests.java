package dev.crahub.einvoice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

import dev.crahub.document.DocumentException;
import dev.crahub.document.XmlSchemaValidator;
import dev.crahub.document.XslTransformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code xsl/einvoice/invoice-ubl.xsl} on the canonical samples and on the scenario table of issue 8
 * ({@code src/test/resources/canonical/scenarios/}, shared with the CII tests): every UBL passes phive's EN 16931 and
 * Peppol BIS Billing 3.0 rules and the French rules with zero errors (one documented exception: a US buyer known only
 * by e-mail has no Peppol address), the key business terms are where EN 16931 puts them, and the validators catch a
 * wrong total, a missing BT-23 and a missing buyer name.
 */
class UblStylesheetTests {

    static final Path XSL = Path.of("xsl");
    static final Path SCENARIOS = Path.of("src/test/resources/canonical/scenarios");
    static final String STYLESHEET = "einvoice/invoice-ubl.xsl";

    static XslTransformer transformer;
    static PhiveValidation phive;
    static final FrenchRules FRENCH = new FrenchRules();

    @BeforeAll
    static void setUp() {
        transformer = new XslTransformer(XSL);
        phive = new PhiveValidation();
    }

    static Stream<String> scenarios() {
        return Stream.of("single", "mixed", "discount", "reverse", "usd", "usd-fr", "franchise", "halfday",
                "ratechange", "zero", "credit-note");
    }

    static byte[] canonical(String scenario) {
        return read(SCENARIOS.resolve(scenario + ".xml"));
    }

    static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] ubl(byte[] canonical, String profile) {
        return transformer.transform(STYLESHEET, canonical, Map.of("profile", profile));
    }

    static List<ValidationMessage> errors(List<ValidationMessage> messages) {
        return messages.stream().filter(ValidationMessage::isError).toList();
    }

    // ------------------------------------------------------------------------------------------------ the table

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenarioIsAValidCanonicalInvoiceAndAValidPeppolUbl(String scenario) {
        byte[] canonical = canonical(scenario);
        new XmlSchemaValidator().validate(canonical, "invoice-1.xsd");
        byte[] ubl = ubl(canonical, "peppol");

        assertThat(errors(phive.ubl(ubl))).as(scenario + " EN 16931").isEmpty();
        List<ValidationMessage> french = FRENCH.check(ubl, EInvoiceFormat.UBL);
        assertThat(errors(french)).as(scenario + " BR-FR").isEmpty();
        // Peppol's ProfileID is no French billing framework: said, not hidden
        assertThat(french).singleElement().satisfies(w -> assertThat(w.rule()).isEqualTo("BR-FR-08_BT-23"));
        List<ValidationMessage> peppol = errors(phive.peppol(ubl));
        if (scenario.equals("usd")) {
            // a US buyer known only by its e-mail has no Peppol address (Peppol's EAS list has no EM): the only error
            assertThat(peppol).singleElement().satisfies(e -> {
                assertThat(e.rule()).isEqualTo("PEPPOL-EN16931-CL008");
                assertThat(e.location()).contains("AccountingCustomerParty").contains("EndpointID");
            });
        } else {
            assertThat(peppol).as(scenario + " Peppol").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenarioIsAValidFrenchCtcUbl(String scenario) {
        byte[] ubl = ubl(canonical(scenario), "fr-ctc");
        assertThat(errors(phive.ubl(ubl))).as(scenario + " EN 16931").isEmpty();
        assertThat(FRENCH.check(ubl, EInvoiceFormat.UBL)).as(scenario + " BR-FR, nothing at all").isEmpty();
        Xml x = new Xml(ubl);
        assertThat(x.text("/*/cbc:ProfileID")).isEqualTo(scenario.equals("mixed") || scenario.equals("zero") ? "M1" : "S1");
        assertThat(x.text("/*/cbc:CustomizationID")).isEqualTo("urn:cen.eu:en16931:2017");
        assertThat(x.count("/*/cbc:Note[starts-with(., '#PMT#')]")).isEqualTo(1);
        assertThat(x.count("/*/cbc:Note[starts-with(., '#PMD#')]")).isEqualTo(1);
        assertThat(x.count("/*/cbc:Note[starts-with(., '#AAB#')]")).isEqualTo(1);
        // and Peppol refuses it for its ProfileID, which is why there are two flavours
        assertThat(errors(phive.peppol(ubl))).extracting(ValidationMessage::rule).contains("PEPPOL-EN16931-R007");
    }

    @Test
    void theCanonicalSamplesAreValidUblToo() throws IOException {
        try (Stream<Path> samples = Files.list(Path.of("src/test/resources/canonical"))) {
            List<Path> invoices = samples.filter(p -> p.getFileName().toString().startsWith("invoice-")).toList();
            assertThat(invoices).isNotEmpty();
            for (Path sample : invoices) {
                byte[] ubl = ubl(read(sample), "peppol");
                assertThat(errors(phive.ubl(ubl))).as(sample.toString()).isEmpty();
                assertThat(errors(phive.peppol(ubl))).as(sample.toString()).isEmpty();
                assertThat(errors(FRENCH.check(ubl, EInvoiceFormat.UBL))).as(sample.toString()).isEmpty();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ key BTs

    @Test
    void singleRateCarriesTheHeaderPartiesAndPayment() {
        Xml x = new Xml(ubl(canonical("single"), "peppol"));
        assertThat(x.text("local-name(/*)")).isEqualTo("Invoice");
        assertThat(x.text("/*/cbc:CustomizationID"))
                .isEqualTo("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0");
        assertThat(x.text("/*/cbc:ProfileID")).isEqualTo("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
        assertThat(x.text("/*/cbc:ID")).isEqualTo("UBLACME-2022-000002");                      // BT-1
        assertThat(x.text("/*/cbc:IssueDate")).isEqualTo("2022-08-05");                         // BT-2
        assertThat(x.text("/*/cbc:DueDate")).isEqualTo("2022-09-04");                           // BT-9
        assertThat(x.text("/*/cbc:InvoiceTypeCode")).isEqualTo("380");                          // BT-3
        assertThat(x.text("/*/cbc:DocumentCurrencyCode")).isEqualTo("EUR");                     // BT-5
        assertThat(x.text("/*/cbc:BuyerReference")).isEqualTo("ubl-single");                    // BT-10
        assertThat(x.text("/*/cac:ContractDocumentReference/cbc:ID")).isEqualTo("ubl-single");  // BT-12
        assertThat(x.text("/*/cac:InvoicePeriod/cbc:StartDate")).isEqualTo("2022-07-01");       // BT-73
        assertThat(x.text("/*/cac:InvoicePeriod/cbc:EndDate")).isEqualTo("2022-07-31");         // BT-74
        // one note with the three French payment mentions (Peppol allows one), in the invoice's language
        assertThat(x.count("/*/cbc:Note")).isEqualTo(1);
        assertThat(x.text("/*/cbc:Note")).startsWith("#PMT#").contains("40,00", "#PMD#", "12,15", "#AAB#Pas d'escompte")
                .doesNotContain("#TXD#");
        String seller = "/*/cac:AccountingSupplierParty/cac:Party";
        assertThat(x.text(seller + "/cbc:EndpointID")).isEqualTo("123456782");                  // BT-34
        assertThat(x.text(seller + "/cbc:EndpointID/@schemeID")).isEqualTo("0225");
        assertThat(x.text(seller + "/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']")).isEqualTo("123456782"); // BT-30
        assertThat(x.text(seller + "/cac:PartyLegalEntity/cbc:RegistrationName")).isEqualTo("ACME Conseil SAS");
        assertThat(x.text(seller + "/cac:PartyLegalEntity/cbc:CompanyLegalForm")).contains("SAS", "capital social",
                "RCS Paris 123 456 782");                                                          // BT-33
        assertThat(x.text(seller + "/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID")).isEqualTo("FR11123456782");
        String buyer = "/*/cac:AccountingCustomerParty/cac:Party";
        assertThat(x.text(buyer + "/cbc:EndpointID")).isEqualTo("987654324");                   // BT-49
        assertThat(x.text(buyer + "/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']")).isEqualTo("987654324"); // BT-47
        assertThat(x.text(buyer + "/cac:PartyTaxScheme/cbc:CompanyID")).isEqualTo("FR14987654324"); // BT-48
        assertThat(x.text(buyer + "/cac:PostalAddress/cac:Country/cbc:IdentificationCode")).isEqualTo("FR");
        assertThat(x.text("/*/cac:PaymentMeans/cbc:PaymentMeansCode")).isEqualTo("58");          // BT-81
        assertThat(x.text("/*/cac:PaymentMeans/cbc:PaymentID")).isEqualTo("UBLACME-2022-000002"); // BT-83
        assertThat(x.text("/*/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID")).isEqualTo("FR7630006000011234567890189");
        assertThat(x.text("/*/cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID")).isEqualTo("AGRIFRPP");
        assertThat(x.text("/*/cac:PaymentTerms/cbc:Note")).isEqualTo("Paiement à 30 jours, au plus tard le 04/09/2022."); // BT-20
        // totals, 2 decimals
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:LineExtensionAmount")).isEqualTo("1909.38");  // BT-106
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount")).isEqualTo("1909.38");   // BT-109
        assertThat(x.text("/*/cac:TaxTotal/cbc:TaxAmount")).isEqualTo("381.88");                       // BT-110
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount")).isEqualTo("2291.26");   // BT-112
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:PayableAmount")).isEqualTo("2291.26");        // BT-115
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:PayableAmount/@currencyID")).isEqualTo("EUR");
        // the line: quantity as given, unit passed through, price, VAT
        assertThat(x.text("/*/cac:InvoiceLine/cbc:InvoicedQuantity")).isEqualTo("2.9375");
        assertThat(x.text("/*/cac:InvoiceLine/cbc:InvoicedQuantity/@unitCode")).isEqualTo("DAY");
        assertThat(x.text("/*/cac:InvoiceLine/cac:Price/cbc:PriceAmount")).isEqualTo("650.00");
        assertThat(x.text("/*/cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID")).isEqualTo("S");
        assertThat(x.text("/*/cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")).isEqualTo("20.00");
        // BG-24: referenced, not attached (no annexes parameter), qualified by the French code
        assertThat(x.text("/*/cac:AdditionalDocumentReference/cbc:ID")).isEqualTo("annex-time-detail");
        assertThat(x.text("/*/cac:AdditionalDocumentReference/cbc:DocumentDescription")).isEqualTo("DOCUMENT_ANNEXE");
        assertThat(x.count("//cac:Attachment")).isZero();
    }

    @Test
    void mixedRatesGiveOneVatSubtotalPerRateAndTheDebitsOption() {
        Xml x = new Xml(ubl(canonical("mixed"), "peppol"));
        assertThat(x.count("/*/cac:TaxTotal/cac:TaxSubtotal")).isEqualTo(4);
        assertThat(x.text("/*/cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cbc:Percent='5.50']/cbc:TaxAmount")).isEqualTo("4.93");
        assertThat(x.text("/*/cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cbc:Percent='2.10']/cbc:TaxAmount")).isEqualTo("0.32");
        assertThat(x.text("/*/cac:TaxTotal/cbc:TaxAmount")).isEqualTo("298.45");
        assertThat(x.text("/*/cbc:Note")).contains("#TXD#Option pour le paiement de la taxe d'après les débits");
        // the re-billed expense: its own period, its product code, C62; "3.000000" written as 3 (BR-FR-DEC-02)
        assertThat(x.text("/*/cac:InvoiceLine[cbc:ID='2']/cac:InvoicePeriod/cbc:StartDate")).isEqualTo("2022-07-12");
        assertThat(x.text("/*/cac:InvoiceLine[cbc:ID='3']/cac:Item/cac:SellersItemIdentification/cbc:ID")).isEqualTo("book");
        assertThat(x.text("/*/cac:InvoiceLine[cbc:ID='3']/cbc:InvoicedQuantity")).isEqualTo("3");
        assertThat(x.text("/*/cac:InvoiceLine[cbc:ID='3']/cac:Price/cbc:PriceAmount")).isEqualTo("29.900000");
        assertThat(x.text("/*/cac:AccountingSupplierParty/cac:Party/cbc:EndpointID")).isEqualTo("852917343");
    }

    @Test
    void lineAndDocumentDiscountsSplitPerRate() {
        Xml x = new Xml(ubl(canonical("discount"), "peppol"));
        String line = "/*/cac:InvoiceLine[cbc:ID='2']/cac:AllowanceCharge";
        assertThat(x.text(line + "/cbc:ChargeIndicator")).isEqualTo("false");
        assertThat(x.text(line + "/cbc:Amount")).isEqualTo("25.00");                  // BT-136
        assertThat(x.text(line + "/cbc:BaseAmount")).isEqualTo("250.00");              // BT-137
        assertThat(x.text(line + "/cbc:MultiplierFactorNumeric")).isEqualTo("10");     // BT-138
        assertThat(x.text(line + "/cbc:AllowanceChargeReason")).isEqualTo("Remise support");
        assertThat(x.text("/*/cac:InvoiceLine[cbc:ID='2']/cbc:InvoicedQuantity/@unitCode")).isEqualTo("MON");
        assertThat(x.count("/*/cac:AllowanceCharge")).isEqualTo(2);                    // BG-20, one per rate
        assertThat(x.text("/*/cac:AllowanceCharge[cac:TaxCategory/cbc:Percent='10.00']/cbc:Amount")).isEqualTo("11.25");
        assertThat(x.text("/*/cac:AllowanceCharge[cac:TaxCategory/cbc:Percent='20.00']/cbc:Amount")).isEqualTo("75.00");
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount")).isEqualTo("86.25");  // BT-107
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount")).isEqualTo("1638.75");
        assertThat(x.text("/*/cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cbc:Percent='10.00']/cbc:TaxableAmount")).isEqualTo("213.75");
    }

    @Test
    void reverseChargeToAGermanBuyerIsAddressedByItsVatNumberOnPeppol() {
        Xml peppol = new Xml(ubl(canonical("reverse"), "peppol"));
        String vat = "/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory";
        assertThat(peppol.text(vat + "/cbc:ID")).isEqualTo("AE");
        assertThat(peppol.text(vat + "/cbc:TaxExemptionReasonCode")).isEqualTo("VATEX-EU-AE");    // BT-121
        assertThat(peppol.text(vat + "/cbc:TaxExemptionReason")).startsWith("Reverse charge");     // BT-120
        assertThat(peppol.text("/*/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID")).isEqualTo("DE123456789");
        assertThat(peppol.text("/*/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID/@schemeID")).isEqualTo("9930");
        assertThat(peppol.count("/*/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID")).isZero();
        // the French flavour keeps the canonical's e-mail address (EM is in the French list)
        Xml french = new Xml(ubl(canonical("reverse"), "fr-ctc"));
        assertThat(french.text("/*/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID/@schemeID")).isEqualTo("EM");
    }

    @Test
    void aUsBuyerInUsdIsAnExportWithItsVatInEuros() {
        Xml x = new Xml(ubl(canonical("usd"), "peppol"));
        assertThat(x.text("/*/cbc:DocumentCurrencyCode")).isEqualTo("USD");
        assertThat(x.text("/*/cbc:TaxCurrencyCode")).isEqualTo("EUR");                            // BT-6
        assertThat(x.text("/*/cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount/@currencyID")).isEqualTo("USD");
        assertThat(x.text("/*/cac:TaxTotal[not(cac:TaxSubtotal)]/cbc:TaxAmount")).isEqualTo("0.00"); // BT-111
        assertThat(x.text("/*/cac:TaxTotal[not(cac:TaxSubtotal)]/cbc:TaxAmount/@currencyID")).isEqualTo("EUR");
        assertThat(x.text("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID")).isEqualTo("G");
        assertThat(x.text("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReasonCode")).isEqualTo("VATEX-EU-G");
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:PayableAmount/@currencyID")).isEqualTo("USD");
        assertThat(x.text("/*/cbc:Note")).contains("40.00"); // an English invoice: English mentions
    }

    @Test
    void aFrenchBuyerInUsdGetsItsVatInEuros() {
        Xml x = new Xml(ubl(canonical("usd-fr"), "peppol"));
        assertThat(x.text("/*/cac:TaxTotal[not(cac:TaxSubtotal)]/cbc:TaxAmount")).isEqualTo("295.48");
        assertThat(x.text("/*/cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount")).isEqualTo("320.00");
        // without BT-111 the French rules stop it (BR-FR-CO-12), and EN 16931 too (BR-53)
        byte[] without = x.remove("/*/cac:TaxTotal[not(cac:TaxSubtotal)]");
        assertThat(errors(FRENCH.check(without, EInvoiceFormat.UBL))).extracting(ValidationMessage::rule)
                .containsExactly("BR-FR-CO-12_BT-5");
        assertThat(errors(phive.ubl(without))).extracting(ValidationMessage::rule).contains("BR-53");
    }

    @Test
    void franchiseEnBaseIsExemptWithTheFrenchVatexCode() {
        Xml x = new Xml(ubl(canonical("franchise"), "peppol"));
        assertThat(x.text("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID")).isEqualTo("E");
        assertThat(x.text("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReasonCode")).isEqualTo("VATEX-FR-FRANCHISE");
        assertThat(x.text("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason"))
                .isEqualTo("TVA non applicable, art. 293 B du CGI");
        // a seller without a VAT number is named by its SIREN as tax registration (BT-32), which BR-E-02 accepts
        String seller = "/*/cac:AccountingSupplierParty/cac:Party";
        assertThat(x.count(seller + "/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']")).isZero();
        assertThat(x.text(seller + "/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='TAX']/cbc:CompanyID")).isEqualTo("412369878");
    }

    @Test
    void halfDaysAndARateChangeKeepTheirQuantitiesAndLinePeriods() {
        Xml half = new Xml(ubl(canonical("halfday"), "peppol"));
        assertThat(half.texts("/*/cac:InvoiceLine/cbc:InvoicedQuantity")).containsExactly("0.5", "2.5");
        Xml change = new Xml(ubl(canonical("ratechange"), "peppol"));
        assertThat(change.texts("/*/cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate")).containsExactly("2022-09-01", "2022-09-15");
        assertThat(change.texts("/*/cac:InvoiceLine/cac:InvoicePeriod/cbc:EndDate")).containsExactly("2022-09-14", "2022-09-30");
        assertThat(change.texts("/*/cac:InvoiceLine/cac:Price/cbc:PriceAmount")).containsExactly("600.00", "700.00");
    }

    @Test
    void aZeroRatedLineHasItsOwnSubtotalWithoutExemption() {
        Xml x = new Xml(ubl(canonical("zero"), "peppol"));
        String z = "/*/cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cbc:ID='Z']";
        assertThat(x.text(z + "/cbc:TaxableAmount")).isEqualTo("91.00");
        assertThat(x.text(z + "/cbc:TaxAmount")).isEqualTo("0.00");
        assertThat(x.count(z + "/cac:TaxCategory/cbc:TaxExemptionReasonCode")).isZero();
        assertThat(x.text("/*/cac:InvoiceLine[cac:Item/cac:ClassifiedTaxCategory/cbc:ID='Z']/cbc:InvoicedQuantity")).isEqualTo("2");
    }

    @Test
    void aCreditNoteIsAUblCreditNoteCitingTheInvoiceItCorrects() {
        Xml x = new Xml(ubl(canonical("credit-note"), "peppol"));
        assertThat(x.text("local-name(/*)")).isEqualTo("CreditNote");
        assertThat(x.text("/*/cbc:CreditNoteTypeCode")).isEqualTo("381");
        assertThat(x.text("/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID")).isEqualTo("UBLACME-2022-000002"); // BT-25
        assertThat(x.text("/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate")).isEqualTo("2022-08-05"); // BT-26
        assertThat(x.text("/*/cac:CreditNoteLine/cbc:CreditedQuantity")).isEqualTo("1");
        assertThat(x.count("/*/cbc:DueDate")).isZero();
        assertThat(x.text("/*/cac:PaymentMeans/cbc:PaymentDueDate")).isEqualTo("2022-09-11"); // BT-9 of a CreditNote
        assertThat(x.text("/*/cac:LegalMonetaryTotal/cbc:PayableAmount")).isEqualTo("780.00");
        // without the preceding invoice, the French rules stop it (BR-FR-CO-05)
        assertThat(errors(FRENCH.check(x.remove("/*/cac:BillingReference"), EInvoiceFormat.UBL)))
                .extracting(ValidationMessage::rule).containsExactly("BR-FR-CO-05_BT-3");
    }

    @Test
    void annexesGivenByTheCallerAreEmbedded() {
        byte[] pdf = "%PDF-1.4 time detail".getBytes(StandardCharsets.US_ASCII);
        String base64 = Base64.getEncoder().encodeToString(pdf);
        byte[] ubl = transformer.transform(STYLESHEET, canonical("mixed"), Map.of("annexes",
                "annex-time-detail|application/pdf|UBLDEB-2022-000001-time-detail.pdf|" + base64
                        + "  annex-unknown|application/pdf|x.pdf|AAAA"));
        Xml x = new Xml(ubl);
        String embedded = "/*/cac:AdditionalDocumentReference[cbc:ID='annex-time-detail']/cac:Attachment/cbc:EmbeddedDocumentBinaryObject";
        assertThat(x.text(embedded)).isEqualTo(base64);
        assertThat(x.text(embedded + "/@mimeCode")).isEqualTo("application/pdf");
        assertThat(x.text(embedded + "/@filename")).isEqualTo("UBLDEB-2022-000001-time-detail.pdf");
        assertThat(x.count("/*/cac:AdditionalDocumentReference")).isEqualTo(3); // the others only referenced
        assertThat(x.count("//cac:Attachment")).isEqualTo(1);
        assertThat(errors(phive.ubl(ubl))).isEmpty();
        assertThat(errors(phive.peppol(ubl))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ negative

    @Test
    void aWrongTotalIsCaught() {
        Xml x = new Xml(ubl(canonical("single"), "peppol"));
        byte[] wrong = x.set("/*/cac:LegalMonetaryTotal/cbc:PayableAmount", "2291.27");
        assertThat(errors(phive.ubl(wrong))).extracting(ValidationMessage::rule).contains("BR-CO-16");
        assertThat(errors(phive.peppol(wrong))).extracting(ValidationMessage::rule).contains("BR-CO-16");
        byte[] wrongVat = x.set("/*/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount", "381.87");
        assertThat(errors(phive.ubl(wrongVat))).extracting(ValidationMessage::rule).contains("BR-CO-14");
        assertThat(errors(phive.ubl(wrongVat))).allSatisfy(e -> {
            assertThat(e.validator()).isEqualTo(PhiveValidation.EN16931_UBL);
            assertThat(e.text()).isNotBlank();
            assertThat(e.location()).isNotBlank();
        });
    }

    @Test
    void aMissingBusinessProcessIsCaught() {
        Xml french = new Xml(ubl(canonical("single"), "fr-ctc"));
        List<ValidationMessage> missing = errors(FRENCH.check(french.remove("/*/cbc:ProfileID"), EInvoiceFormat.UBL));
        assertThat(missing).extracting(ValidationMessage::rule).containsExactly("BR-FR-08_BT-23");
        assertThat(missing.get(0).validator()).isEqualTo(FrenchRules.VALIDATOR);
        assertThat(errors(FRENCH.check(french.set("/*/cbc:ProfileID", "S0"), EInvoiceFormat.UBL)))
                .extracting(ValidationMessage::rule).containsExactly("BR-FR-08_BT-23");
        Xml peppol = new Xml(ubl(canonical("single"), "peppol"));
        assertThat(errors(phive.peppol(peppol.remove("/*/cbc:ProfileID")))).extracting(ValidationMessage::rule)
                .contains("PEPPOL-EN16931-R001");
    }

    @Test
    void aMissingBuyerNameIsCaught() {
        Xml x = new Xml(ubl(canonical("single"), "peppol"));
        byte[] nameless = x.remove("/*/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName");
        assertThat(errors(phive.ubl(nameless))).extracting(ValidationMessage::rule).contains("BR-07");
        assertThat(errors(phive.peppol(nameless))).extracting(ValidationMessage::rule).contains("BR-07");
    }

    @Test
    void theFrenchRulesCatchWhatEn16931Allows() {
        Xml x = new Xml(ubl(canonical("single"), "fr-ctc"));
        assertThat(errors(FRENCH.check(x.remove("/*/cbc:Note[starts-with(., '#PMD#')]"), EInvoiceFormat.UBL)))
                .extracting(ValidationMessage::rule).containsExactly("BR-FR-05_BT-22");
        assertThat(errors(FRENCH.check(x.remove("/*/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"),
                EInvoiceFormat.UBL))).extracting(ValidationMessage::rule).containsExactly("BR-FR-10_BT-30");
        assertThat(errors(FRENCH.check(x.remove("/*/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"),
                EInvoiceFormat.UBL))).extracting(ValidationMessage::rule).containsExactly("CGI-242-NONIES-A_BT-47");
        assertThat(errors(FRENCH.check(x.remove("/*/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID"),
                EInvoiceFormat.UBL))).extracting(ValidationMessage::rule).containsExactly("BR-FR-12_BT-49");
        assertThat(errors(FRENCH.check(x.set("/*/cbc:ID", "UBL.2022.1"), EInvoiceFormat.UBL)))
                .extracting(ValidationMessage::rule).containsExactly("BR-FR-02_BT-1");
        assertThat(errors(FRENCH.check(x.set("/*/cac:InvoiceLine/cbc:InvoicedQuantity", "2.93751"), EInvoiceFormat.UBL)))
                .extracting(ValidationMessage::rule).containsExactly("BR-FR-DEC-02");
        assertThat(errors(FRENCH.check(x.set("/*/cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", "19.00"),
                EInvoiceFormat.UBL))).extracting(ValidationMessage::rule).containsExactly("BR-FR-16");
        assertThat(errors(FRENCH.check(x.set("/*/cac:AdditionalDocumentReference/cbc:DocumentDescription", "Détail des temps"),
                EInvoiceFormat.UBL))).extracting(ValidationMessage::rule).containsExactly("BR-FR-17_BT-123");
        assertThat(errors(FRENCH.check(x.set("/*/cbc:DueDate", "2022-08-01"), EInvoiceFormat.UBL)))
                .extracting(ValidationMessage::rule).containsExactly("BR-FR-CO-07_BT-9");
        assertThat(errors(FRENCH.check(x.set("/*/cbc:IssueDate", "1999-08-05"), EInvoiceFormat.UBL)))
                .extracting(ValidationMessage::rule).containsExactly("BR-FR-03");
    }

    // ------------------------------------------------------------------------------------------------ attacks

    @Test
    void externalEntitiesAreNeverRead() throws IOException {
        Path secret = Files.createTempFile("crahub-secret", ".txt");
        Files.writeString(secret, "TOP-SECRET-VALUE");
        String ubl = new String(ubl(canonical("single"), "peppol"), StandardCharsets.UTF_8);
        String hostile = ubl.replaceFirst("<Invoice ", "<!DOCTYPE Invoice [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]>\n<Invoice ").replace("<cbc:BuyerReference>ubl-single", "<cbc:BuyerReference>&x;");
        byte[] bytes = hostile.getBytes(StandardCharsets.UTF_8);
        for (List<ValidationMessage> messages : List.of(phive.ubl(bytes), phive.peppol(bytes), phive.cii(bytes),
                FRENCH.check(bytes, EInvoiceFormat.UBL))) {
            assertThat(messages).singleElement().satisfies(m -> {
                assertThat(m.isError()).isTrue();
                assertThat(m.rule()).isEqualTo("XML");
                assertThat(m.text()).doesNotContain("TOP-SECRET-VALUE");
            });
        }
        // the stylesheet's input is refused the same way
        String canonical = new String(canonical("single"), StandardCharsets.UTF_8).replaceFirst("<invoice ",
                "<!DOCTYPE invoice [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n<invoice ");
        assertThatThrownBy(() -> ubl(canonical.getBytes(StandardCharsets.UTF_8), "peppol"))
                .isInstanceOf(DocumentException.class).hasMessageNotContaining("TOP-SECRET-VALUE");
        Files.delete(secret);
    }

    @Test
    void discountTermsCannotForgeASubjectCode() {
        String forged = new String(canonical("single"), StandardCharsets.UTF_8).replace(
                "<earlyPaymentDiscount>none</earlyPaymentDiscount>",
                "<earlyPaymentDiscount>2 % sous 8 jours #PMD#0 #BAR#B2C</earlyPaymentDiscount>");
        for (String profile : List.of("peppol", "fr-ctc")) {
            byte[] ubl = ubl(forged.getBytes(StandardCharsets.UTF_8), profile);
            Xml x = new Xml(ubl);
            assertThat(String.join("", x.texts("/*/cbc:Note"))).contains("#AAB#2 % sous 8 jours PMD0 BARB2C")
                    .containsOnlyOnce("#PMD#").doesNotContain("#BAR#");
            assertThat(errors(FRENCH.check(ubl, EInvoiceFormat.UBL))).isEmpty();
        }
    }

    @Test
    void draftsAndUnknownProfilesAreRefused() {
        String draft = new String(canonical("single"), StandardCharsets.UTF_8)
                .replace("<number>UBLACME-2022-000002</number>", "<draft>true</draft>");
        assertThatThrownBy(() -> ubl(draft.getBytes(StandardCharsets.UTF_8), "peppol"))
                .isInstanceOf(DocumentException.class).hasMessageContaining("draft");
        assertThatThrownBy(() -> ubl(canonical("single"), "xrechnung"))
                .isInstanceOf(DocumentException.class).hasMessageContaining("Unknown UBL profile");
    }

    @Test
    void validatorsAreSafeToShareBetweenThreadsAndTheirCostIsMeasured() throws Exception {
        List<byte[]> documents = scenarios().map(s -> ubl(canonical(s), "peppol")).toList();
        List<List<ValidationMessage>> once = documents.stream().map(d -> errors(phive.peppol(d))).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ValidationMessage>>> futures = IntStream.range(0, 4 * documents.size())
                    .mapToObj(i -> pool.submit(() -> errors(phive.peppol(documents.get(i % documents.size()))))).toList();
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(once.get(i % documents.size()));
            }
        } finally {
            pool.shutdownNow();
        }
        // mean cost per document after warm-up (logged, not asserted)
        int rounds = 5;
        long en = 0;
        long peppol = 0;
        long french = 0;
        for (int r = 0; r < rounds; r++) {
            for (byte[] d : documents) {
                long t0 = System.nanoTime();
                phive.ubl(d);
                long t1 = System.nanoTime();
                phive.peppol(d);
                long t2 = System.nanoTime();
                FRENCH.check(d, EInvoiceFormat.UBL);
                en += t1 - t0;
                peppol += t2 - t1;
                french += System.nanoTime() - t2;
            }
        }
        int n = rounds * documents.size();
        System.out.printf("UBL validation, mean per document over %d: phive EN 16931 %.1f ms, phive Peppol %.1f ms,"
                + " French rules %.2f ms%n", n, en / 1e6 / n, peppol / 1e6 / n, french / 1e6 / n);
    }

    // ------------------------------------------------------------------------------------------------ XPath

    /** A UBL document read with the UBL prefixes (the JDK's XPath 1.0). */
    static final class Xml {

        private static final NamespaceContext UBL = new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return switch (prefix) {
                    case "cac" -> "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
                    case "cbc" -> "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
                    default -> javax.xml.XMLConstants.NULL_NS_URI;
                };
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String uri) {
                return java.util.Collections.emptyIterator();
            }
        };

        private final byte[] bytes;

        Xml(byte[] bytes) {
            this.bytes = bytes;
        }

        private Document parse() {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
                f.setNamespaceAware(true);
                return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static XPath xpath() {
            XPath x = XPathFactory.newDefaultInstance().newXPath();
            x.setNamespaceContext(UBL);
            return x;
        }

        String text(String expression) {
            try {
                return xpath().evaluate(expression, parse()).strip();
            } catch (Exception e) {
                throw new IllegalStateException(expression, e);
            }
        }

        List<String> texts(String expression) {
            org.w3c.dom.NodeList nodes = nodes(parse(), expression);
            return IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent().strip()).toList();
        }

        int count(String expression) {
            return nodes(parse(), expression).getLength();
        }

        private static org.w3c.dom.NodeList nodes(Document doc, String expression) {
            try {
                return (org.w3c.dom.NodeList) xpath().evaluate(expression, doc, javax.xml.xpath.XPathConstants.NODESET);
            } catch (Exception e) {
                throw new IllegalStateException(expression, e);
            }
        }

        /** A copy with the selected nodes removed (at least one must exist). */
        byte[] remove(String expression) {
            Document doc = parse();
            org.w3c.dom.NodeList nodes = nodes(doc, expression);
            assertThat(nodes.getLength()).as(expression).isPositive();
            for (int i = 0; i < nodes.getLength(); i++) {
                nodes.item(i).getParentNode().removeChild(nodes.item(i));
            }
            return serialize(doc);
        }

        /** A copy with the first selected element's text replaced. */
        byte[] set(String expression, String value) {
            Document doc = parse();
            org.w3c.dom.NodeList nodes = nodes(doc, expression);
            assertThat(nodes.getLength()).as(expression).isPositive();
            nodes.item(0).setTextContent(value);
            return serialize(doc);
        }

        private static byte[] serialize(Document doc) {
            try {
                var out = new java.io.ByteArrayOutputStream();
                javax.xml.transform.TransformerFactory.newDefaultInstance().newTransformer()
                        .transform(new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(out));
                return out.toByteArray();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
