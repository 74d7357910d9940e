package dev.crahub.invoice;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.system.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Fetches the European Central Bank's euro reference rates ({@code eurofxref-daily.xml}: units of each currency for
 * one euro, published on TARGET working days around 16:00 CET) and records them as euros per unit, 6 decimals
 * (route {@code system-fetch-exchange-rates}). A rate already recorded for the day is kept; a different value for
 * the same day is refused and reported (a rate an invoice used never changes).
 */
@Component
public class EcbReferenceRates {

    private static final Logger log = LoggerFactory.getLogger(EcbReferenceRates.class);
    static final String NAMESPACE = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref";
    private static final int MAX_BYTES = 1 << 20;

    private final ExchangeRates rates;
    private final URI url;
    private final HttpClient http;

    public EcbReferenceRates(ExchangeRates rates,
                             @Value("${crahub.exchange-rates.ecb.url:https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml}") String url) {
        this.rates = rates;
        this.url = URI.create(url);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Fetches the daily file and records its rates; answers what was done, in one line. */
    public String fetch() {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("ECB reference rates: " + url + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ECB reference rates: interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ECB reference rates: " + url + " answered HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_BYTES) {
            throw new IllegalStateException("ECB reference rates: the answer holds " + response.body().length
                    + " bytes, not a daily rates file");
        }
        List<ExchangeRate> parsed = parse(response.body());
        int added = 0;
        for (ExchangeRate rate : parsed) {
            if (rates.record(rate, "ecb")) {
                added++;
            }
        }
        String outcome = "ECB reference rates of " + (parsed.isEmpty() ? "-" : parsed.get(0).date()) + ": " + parsed.size()
                + " currencies, " + added + " new";
        log.info(outcome);
        return outcome;
    }

    /** Reads an {@code eurofxref-daily.xml} document into euros per unit (1 / the ECB's units per euro, 6 decimals). */
    public static List<ExchangeRate> parse(byte[] xml) {
        org.w3c.dom.Document doc;
        try {
            doc = SecureXml.parse(xml);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ECB reference rates: " + e.getMessage(), e);
        }
        List<ExchangeRate> result = new ArrayList<>();
        NodeList cubes = doc.getElementsByTagNameNS(NAMESPACE, "Cube");
        for (int i = 0; i < cubes.getLength(); i++) {
            Element day = (Element) cubes.item(i);
            if (!day.hasAttribute("time")) {
                continue;
            }
            LocalDate date = LocalDate.parse(day.getAttribute("time"));
            NodeList quotes = day.getElementsByTagNameNS(NAMESPACE, "Cube");
            for (int j = 0; j < quotes.getLength(); j++) {
                Element quote = (Element) quotes.item(j);
                String currency = quote.getAttribute("currency");
                if (!currency.matches("[A-Z]{3}") || "EUR".equals(currency)) {
                    throw new IllegalArgumentException("ECB reference rates: '" + currency + "' is not a currency code");
                }
                BigDecimal perEuro = new BigDecimal(quote.getAttribute("rate"));
                if (perEuro.signum() <= 0) {
                    throw new IllegalArgumentException("ECB reference rates: " + currency + " rate " + perEuro + " is not positive");
                }
                BigDecimal eurPerUnit = BigDecimal.ONE.divide(perEuro, MathContext.DECIMAL128).setScale(6, RoundingMode.HALF_UP);
                if (eurPerUnit.signum() == 0) {
                    continue; // a currency worth less than a millionth of a euro cannot be stated at 6 decimals
                }
                result.add(new ExchangeRate(currency, date, eurPerUnit, ExchangeRate.Source.ECB));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("ECB reference rates: the document holds no rate");
        }
        return result;
    }
}
