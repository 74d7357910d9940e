package dev.crahub.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.crahub.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ECB's daily reference rates, fetched from WireMock replaying a saved {@code eurofxref-daily.xml} (never the
 * internet), recorded in a real PostgreSQL as euros per unit; a recorded rate is never changed.
 */
class EcbReferenceRatesTests {

    @RegisterExtension
    static WireMockExtension ecb = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static MigratedDatabase db;

    @BeforeAll
    static void start() {
        db = MigratedDatabase.start();
    }

    @AfterAll
    static void stop() throws IOException {
        db.close();
    }

    static byte[] payload() throws IOException {
        try (InputStream in = EcbReferenceRatesTests.class.getResourceAsStream("/ecb/eurofxref-daily.xml")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theDailyFileIsReadAsEurosPerUnit() throws IOException {
        var rates = EcbReferenceRates.parse(payload());
        assertThat(rates).hasSize(30).allSatisfy(r -> {
            assertThat(r.date()).isEqualTo(LocalDate.of(2023, 12, 29));
            assertThat(r.source()).isEqualTo(ExchangeRate.Source.ECB);
        });
        // 1 EUR = 1.1050 USD, so 1 USD = 1 / 1.1050 = 0.904977... -> 0.904977 EUR (6 decimals, HALF_UP)
        assertThat(rates).filteredOn(r -> r.currency().equals("USD")).singleElement()
                .satisfies(r -> assertThat(r.eurPerUnit()).isEqualByComparingTo("0.904977"));
        // 1 EUR = 156.33 JPY: 1 JPY = 0.0063967... -> 0.006397
        assertThat(rates).filteredOn(r -> r.currency().equals("JPY")).singleElement()
                .satisfies(r -> assertThat(r.eurPerUnit()).isEqualByComparingTo("0.006397"));
        // and a USD amount of VAT in euros, rounded once: 320.00 x 0.904977 = 289.59264 -> 289.59
        assertThat(rates.get(0).toEur(new BigDecimal("320.00"))).isEqualByComparingTo("289.59");
    }

    @Test
    void theRouteBeanFetchesRecordsOnceAndNeverChangesARate() throws IOException {
        ecb.stubFor(get(urlEqualTo("/stats/eurofxref/eurofxref-daily.xml"))
                .willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody(payload())));
        ExchangeRates store = new ExchangeRates(db.jdbc);
        EcbReferenceRates fetcher = new EcbReferenceRates(store, ecb.baseUrl() + "/stats/eurofxref/eurofxref-daily.xml");

        String first = db.tx.execute(s -> fetcher.fetch());
        assertThat(first).isEqualTo("ECB reference rates of 2023-12-29: 30 currencies, 30 new");
        String second = db.tx.execute(s -> fetcher.fetch());
        assertThat(second).isEqualTo("ECB reference rates of 2023-12-29: 30 currencies, 0 new");
        // the latest on or before a day: a Sunday finds Friday's
        assertThat(store.latestOnOrBefore("USD", LocalDate.of(2023, 12, 31))).get()
                .satisfies(r -> assertThat(r.eurPerUnit()).isEqualByComparingTo("0.904977"));
        assertThat(store.latestOnOrBefore("USD", LocalDate.of(2023, 12, 28))).isEmpty();

        // another value for a recorded day is refused, by the store and by the database
        assertThatThrownBy(() -> store.record(new ExchangeRate("USD", LocalDate.of(2023, 12, 29), new BigDecimal("0.91"),
                ExchangeRate.Source.MANUAL), "someone")).isInstanceOf(ExchangeRates.ConflictingRateException.class)
                .hasMessageContaining("already recorded as 0.904977");
        assertThatThrownBy(() -> db.jdbc.sql("UPDATE exchange_rate SET eur_per_unit = 1").update())
                .hasMessageContaining("never changed");
    }

    @Test
    void aFailedOrHostileAnswerRecordsNothing() {
        ecb.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        ecb.stubFor(get(urlEqualTo("/html")).willReturn(aResponse().withBody("<html><body>maintenance</body></html>")));
        ecb.stubFor(get(urlEqualTo("/xxe")).willReturn(aResponse().withBody(
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")));
        ecb.stubFor(get(urlEqualTo("/negative")).willReturn(aResponse().withBody(
                "<Envelope xmlns=\"" + EcbReferenceRates.NAMESPACE + "\"><Cube><Cube time=\"2023-12-29\">"
                        + "<Cube currency=\"USD\" rate=\"-1.1\"/></Cube></Cube></Envelope>")));
        ExchangeRates store = new ExchangeRates(db.jdbc);
        for (String path : new String[] {"/down", "/html", "/xxe", "/negative"}) {
            EcbReferenceRates fetcher = new EcbReferenceRates(store, ecb.baseUrl() + path);
            assertThatThrownBy(fetcher::fetch).as(path).hasMessageContaining("ECB reference rates").satisfiesAnyOf(
                    e -> assertThat(e).hasMessageContaining("503"), e -> assertThat(e).hasMessageContaining("no rate"),
                    e -> assertThat(e).hasMessageContaining("not positive"),
                    e -> assertThat(e).isInstanceOf(IllegalArgumentException.class));
        }
        assertThat(store.list("GBP", 10)).isEmpty();
    }
}
