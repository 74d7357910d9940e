package dev.crahub.system;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Months as the API takes them ({@code yyyy-MM}); anything else is a 400 that says what was expected. */
public final class Months {

    private Months() {
    }

    public static YearMonth parse(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + text + "' is not a month (yyyy-MM)");
        }
    }
}
