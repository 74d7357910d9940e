package dev.crahub.document;

import static dev.crahub.document.TestDocuments.NBSP;
import static dev.crahub.document.TestDocuments.XSL;
import static dev.crahub.document.TestDocuments.parse;
import static dev.crahub.document.TestDocuments.sample;
import static dev.crahub.document.TestDocuments.string;
import static dev.crahub.document.TestDocuments.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CRA states the time lines exactly as the invoice bills them (ADR 0015): a rate change on the 15th shows as two
 * lines with their periods, prices and amounts, and the total is their sum to the cent.
 */
class CraBillingStylesheetTests {

    private static String text(byte[] cra) {
        return string(parse(new XslTransformer(XSL).transform("cra-fo.xsl", cra)), "/fo:root/fo:page-sequence[1]")
                .replace(NBSP, " ").replace('\u202f', ' ');
    }

    @Test
    void theValuationListsEachLineAsInvoicedInFrench() {
        byte[] cra = sample("cra-billing-sample.xml");
        new XmlSchemaValidator().validate(cra, "cra-1.xsd");
        // by hand: Jean 7.5 h / 8 = 0.9375 d x 650 = 609.375 -> 609.38 (1-14), 1.00 d x 700 = 700.00 (15-31);
        // Alice 1.00 d x 650 = 650.00; total 1 959.38; Jean's days 0.9375 + 1 = 1.9375
        assertThat(text(cra)).contains("Valorisation (telle que facturée)", "Du 01/10/2026 au 14/10/2026", "0,9375",
                "609,38 €", "Du 15/10/2026 au 31/10/2026", "700,00 €", "650,00 €", "1,9375", "2,9375", "1 959,38 €");
    }

    @Test
    void theValuationListsEachLineAsInvoicedInEnglish() {
        String text = text(with(sample("cra-billing-sample.xml"), "/cra:cra/@language", "en"));
        assertThat(text).contains("Valuation (as invoiced)", "From 15 Oct 2026 to 31 Oct 2026", "€609.38", "€700.00",
                "€1,959.38");
    }

    @Test
    void aTeamLineIsNamedAsTheTeam() {
        byte[] team = with(sample("cra-billing-sample.xml"), "/cra:cra/cra:billing/cra:line[3]/@consultant", "");
        assertThat(text(team)).contains("Équipe");
    }
}
