package dev.crahub.einvoice;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mustangproject.Invoice;
import org.mustangproject.Item;
import org.mustangproject.Product;
import org.mustangproject.TradeParty;
import org.mustangproject.ZUGFeRD.Profiles;
import org.mustangproject.ZUGFeRD.ZUGFeRD2PullProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PhiveValidation#cii} and {@link FrenchRules} on CII, before the hub writes its own CII: a CII that Mustang
 * generates (an independent producer), and the same completed by hand with the French terms
 * ({@code src/test/resources/einvoice/cii-french-sample.xml}). The UBL side is {@link UblStylesheetTests}.
 */
class PhiveValidationTests {

    static PhiveValidation phive;
    static final FrenchRules FRENCH = new FrenchRules();

    @BeforeAll
    static void setUp() {
        phive = new PhiveValidation();
    }

    static byte[] frenchSample() throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/einvoice/cii-french-sample.xml"));
    }

    static List<ValidationMessage> errors(List<ValidationMessage> messages) {
        return messages.stream().filter(ValidationMessage::isError).toList();
    }

    @Test
    void aValidationAskedWhileTheRuleSetsCompileWaitsForThemAndHealthSaysWhenTheyAreReady() throws IOException {
        PhiveValidation fresh = new PhiveValidation(); // compiles in the background (ADR 0034)
        EInvoiceValidatorsHealthIndicator health = new EInvoiceValidatorsHealthIndicator(fresh);
        assertThat(health.health().getStatus().getCode()).isIn("UNKNOWN", "UP");
        // asked at once: waits for the whole rule set, never a partial or skipped check
        assertThat(errors(fresh.cii(frenchSample()))).isEmpty();
        assertThat(errors(fresh.cii("<CrossIndustryInvoice xmlns=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>"
                .getBytes(StandardCharsets.UTF_8)))).isNotEmpty();
        assertThat(fresh.ready()).isTrue();
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void aCiiWithTheFrenchTermsPassesEn16931AndTheFrenchRules() throws IOException {
        byte[] cii = frenchSample();
        assertThat(errors(phive.cii(cii))).isEmpty();
        assertThat(FRENCH.check(cii, EInvoiceFormat.CII)).isEmpty();
    }

    @Test
    void aMustangCiiIsValidEn16931ButMissesWhatFranceAsks() throws Exception {
        Date day = Date.from(LocalDate.of(2022, 8, 5).atStartOfDay(ZoneId.of("Europe/Paris")).toInstant());
        Invoice invoice = new Invoice().setIssueDate(day).setDueDate(day).setDeliveryDate(day).setNumber("UBLM-2022-000001")
                .setSender(new TradeParty("ACME Conseil SAS", "12 rue de la Paix", "75002", "Paris", "FR")
                        .addVATID("FR11123456782").setEmail("facturation@ubl-acme.example"))
                .setRecipient(new TradeParty("Globex France SA", "52 quai de Dion-Bouton", "92800", "Puteaux", "FR")
                        .addVATID("FR14987654324").setEmail("factures@ubl-fr.example"))
                .addItem(new Item(new Product("Conseil", "", "DAY", new BigDecimal("20")), new BigDecimal("650.00"),
                        new BigDecimal("2")));
        ZUGFeRD2PullProvider provider = new ZUGFeRD2PullProvider();
        provider.setProfile(Profiles.getByName("EN16931"));
        provider.generateXML(invoice);
        byte[] cii = provider.getXML();

        assertThat(errors(phive.cii(cii))).isEmpty();
        assertThat(errors(FRENCH.check(cii, EInvoiceFormat.CII))).extracting(ValidationMessage::rule)
                .contains("BR-FR-05_BT-22", "BR-FR-08_BT-23", "BR-FR-10_BT-30", "CGI-242-NONIES-A_BT-47")
                .allSatisfy(rule -> assertThat(rule).matches("BR-FR-.*|CGI-.*"));
    }

    @Test
    void aWrongCiiTotalIsCaughtWithItsRule() throws IOException {
        String cii = new String(frenchSample(), StandardCharsets.UTF_8)
                .replace("<ram:DuePayableAmount>1560.00</ram:DuePayableAmount>", "<ram:DuePayableAmount>1560.01</ram:DuePayableAmount>");
        List<ValidationMessage> errors = errors(phive.cii(cii.getBytes(StandardCharsets.UTF_8)));
        assertThat(errors).extracting(ValidationMessage::rule).contains("BR-CO-16");
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.validator()).isEqualTo(PhiveValidation.EN16931_CII);
            assertThat(e.severity()).isEqualTo(ValidationMessage.Severity.ERROR);
            assertThat(e.location()).isNotBlank();
            assertThat(e.text()).isNotBlank();
        });
    }

    @Test
    void aMissingBusinessProcessInCiiIsCaughtByTheFrenchRules() throws IOException {
        String cii = new String(frenchSample(), StandardCharsets.UTF_8).replaceAll(
                "(?s)<ram:BusinessProcessSpecifiedDocumentContextParameter>.*?</ram:BusinessProcessSpecifiedDocumentContextParameter>", "");
        assertThat(FRENCH.check(cii.getBytes(StandardCharsets.UTF_8), EInvoiceFormat.CII))
                .extracting(ValidationMessage::rule).containsExactly("BR-FR-08_BT-23");
    }

    @Test
    void theWrongSyntaxOrNoXmlAreErrorsNotExceptions() throws IOException {
        assertThat(errors(phive.ubl(frenchSample()))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.validator()).isEqualTo(PhiveValidation.EN16931_UBL));
        assertThat(errors(phive.peppol(frenchSample()))).isNotEmpty();
        byte[] junk = "%PDF-1.7 not xml".getBytes(StandardCharsets.US_ASCII);
        for (List<ValidationMessage> messages : List.of(phive.cii(junk), phive.ubl(junk), phive.peppol(junk),
                FRENCH.check(junk, EInvoiceFormat.CII))) {
            assertThat(messages).singleElement().satisfies(m -> {
                assertThat(m.isError()).isTrue();
                assertThat(m.rule()).isEqualTo("XML");
            });
        }
    }
}
