package dev.crahub.invoice;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Exchange rates recorded by billing users (euros per unit of a currency on a date), beside the ECB's fetched by
 * {@code system-fetch-exchange-rates}. A recorded rate is never changed: the same value again is a no-op (200),
 * another value a conflict (409).
 */
@RestController
class ExchangeRateController {

    private final ExchangeRates rates;

    ExchangeRateController(ExchangeRates rates) {
        this.rates = rates;
    }

    record NewRate(String currency, LocalDate date, BigDecimal eurPerUnit) {
    }

    @PostMapping("/api/exchange-rates")
    ResponseEntity<ExchangeRate> record(@RequestBody NewRate body, Principal principal) {
        if (body == null || body.currency() == null || body.date() == null || body.eurPerUnit() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "currency, date and eurPerUnit are required");
        }
        if (!isCurrency(body.currency()) || "EUR".equals(body.currency())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "currency: '" + body.currency() + "' is not an ISO 4217 code other than EUR");
        }
        if (body.eurPerUnit().signum() <= 0 || body.eurPerUnit().compareTo(new BigDecimal("1000000")) >= 0
                || body.eurPerUnit().stripTrailingZeros().scale() > 6) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "eurPerUnit: must be positive, below 1000000, with at most 6 decimals (the precision the invoice prints)");
        }
        if (body.date().isAfter(LocalDate.now().plusDays(1)) || body.date().getYear() < 1999) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "date: " + body.date() + " is not a date a rate is known for");
        }
        ExchangeRate rate = new ExchangeRate(body.currency(), body.date(), body.eurPerUnit(), ExchangeRate.Source.MANUAL);
        try {
            boolean added = rates.record(rate, principal.getName());
            return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(rates.on(rate.currency(), rate.date()).orElseThrow());
        } catch (ExchangeRates.ConflictingRateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @GetMapping("/api/exchange-rates")
    List<ExchangeRate> list(@RequestParam(required = false) String currency) {
        return rates.list(currency, 500);
    }

    private static boolean isCurrency(String code) {
        try {
            return code.length() == 3 && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
