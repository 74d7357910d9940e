package dev.crahub.invoice;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import dev.crahub.referential.ContractProduct;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.ReferentialValidator;
import dev.crahub.system.Months;
import dev.crahub.system.XmlCharacters;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Products and fixed fees added to one contract's month by a billing user, billed on that month's invoice
 * (ADR 0019). Refused once the month is invoiced: a line added then would never be billed.
 */
@RestController
class MonthLineController {

    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    private static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000");

    private final MonthLines lines;
    private final ReferentialStore referential;

    MonthLineController(MonthLines lines, ReferentialStore referential) {
        this.lines = lines;
        this.referential = referential;
    }

    /** What a billing user sends: kind PRODUCT or FEE, price excluding VAT, VAT rate (null: the contract's). */
    record NewLine(String kind, String description, BigDecimal quantity, String unit, BigDecimal price,
                   BigDecimal vatRate, ContractProduct.Discount discount) {
    }

    @PostMapping("/api/contracts/{code}/months/{month}/lines")
    ResponseEntity<MonthLine> add(@PathVariable String code, @PathVariable String month, @RequestBody NewLine body,
                                  Principal principal) {
        YearMonth m = Months.parse(month);
        if (referential.contract(code).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No contract '" + code + "'");
        }
        if (body == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A line is required");
        }
        List<String> problems = new ArrayList<>();
        ContractProduct.Kind kind = null;
        if (body.kind() == null || !List.of("PRODUCT", "FEE").contains(body.kind())) {
            problems.add("kind: '" + body.kind() + "' must be PRODUCT or FEE");
        } else {
            kind = ContractProduct.Kind.valueOf(body.kind());
        }
        text(problems, "description", body.description(), 500, true);
        if (body.discount() != null) {
            text(problems, "discount.reason", body.discount().reason(), 200, false);
        }
        String unit = body.unit() == null ? "C62" : body.unit();
        ReferentialValidator.line(problems, "line", body.price(), unit, body.vatRate(), body.quantity(), body.discount());
        if (body.price() != null && (body.price().compareTo(MAX_PRICE) > 0 || body.price().stripTrailingZeros().scale() > 6)) {
            problems.add("line.price: at most " + MAX_PRICE.toPlainString() + " with at most 6 decimals");
        }
        if (body.quantity() != null && body.quantity().compareTo(MAX_QUANTITY) > 0) {
            problems.add("line.quantity: at most " + MAX_QUANTITY.toPlainString());
        }
        if (problems.isEmpty() && body.discount() != null && body.discount().amount() != null
                && body.discount().amount().compareTo(InvoiceCalculator.lineAmount(body.quantity(), body.price(), BigDecimal.ONE)) > 0) {
            problems.add("line.discount.amount: is more than the line's amount");
        }
        if (!problems.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.join("; ", problems));
        }
        lines.invoicedBy(code, m).ifPresent(number -> {
            throw new ResponseStatusException(HttpStatus.CONFLICT, code + " " + m + " is already invoiced (" + number
                    + "): add the line to another month, or correct the invoice with a credit note");
        });
        MonthLine added = lines.add(new MonthLine(0, code, m.toString(), kind, body.description().strip(), body.quantity(),
                unit, body.price(), body.vatRate(), body.discount(), null, principal.getName(), null));
        return ResponseEntity.status(HttpStatus.CREATED).body(added);
    }

    @GetMapping("/api/contracts/{code}/months/{month}/lines")
    List<MonthLine> list(@PathVariable String code, @PathVariable String month) {
        YearMonth m = Months.parse(month);
        if (referential.contract(code).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No contract '" + code + "'");
        }
        return lines.list(code, m);
    }

    private static void text(List<String> problems, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field + ": is required");
            }
            return;
        }
        if (value.length() > max) {
            problems.add(field + ": at most " + max + " characters");
        }
        int bad = XmlCharacters.firstRefused(value);
        if (bad >= 0) {
            problems.add(field + ": " + XmlCharacters.describe(value, bad));
        }
    }
}
