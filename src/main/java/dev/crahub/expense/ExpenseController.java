package dev.crahub.expense;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.crahub.system.Months;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.server.ResponseStatusException;

/**
 * Expenses by API (billing role): {@code POST /api/expenses} as JSON, or multipart with the JSON in a part named
 * {@code expense} and the receipt file in a part named {@code receipt}; the list by contract and month; one expense;
 * its receipt. Every refusal is a problem detail listing each problem ({@code amountExclVat: -3 must be more than 0}),
 * and nothing is recorded.
 */
@RestController
@RequestMapping("/api/expenses")
class ExpenseController {

    /** The JSON of one expense is a few hundred bytes; this bounds what is read of a body or part. */
    static final int JSON_MAX_BYTES = 64 * 1024;

    private final ExpenseStore store;
    private final ExpenseRecorder recorder;
    private final Receipts receipts;
    private final ObjectReader reader;

    ExpenseController(ExpenseStore store, ExpenseRecorder recorder, ExpenseSettings settings, ObjectMapper json) {
        this.store = store;
        this.recorder = recorder;
        this.receipts = new Receipts(settings);
        this.reader = json.readerFor(ExpenseRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** The JSON of an expense. {@code date} ISO; {@code category} a code or a French/English word. */
    record ExpenseRequest(String consultant, String contract, String date, String category, String description,
                          BigDecimal amountExclVat, BigDecimal amountInclVat, BigDecimal vatRate, BigDecimal vatAmount,
                          String currency, String receiptReference, String externalId) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> recordJson(HttpServletRequest request, Principal principal) throws IOException {
        return record(read(request.getInputStream(), request.getContentLengthLong()), null, principal);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> recordMultipart(MultipartHttpServletRequest request, Principal principal) throws IOException {
        MultipartFile part = request.getFile("expense");
        byte[] json;
        if (part != null) {
            if (part.getSize() > JSON_MAX_BYTES) {
                return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Expense too large",
                        List.of("expense: the part holds more than " + JSON_MAX_BYTES + " bytes"));
            }
            json = part.getBytes();
        } else if (request.getParameter("expense") != null) {
            json = request.getParameter("expense").getBytes(StandardCharsets.UTF_8);
        } else {
            return problem(HttpStatus.BAD_REQUEST, "Invalid expense",
                    List.of("expense: a part named 'expense' holding the expense's JSON is required"));
        }
        List<MultipartFile> files = request.getFiles("receipt");
        if (files.size() > 1) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid receipt", List.of("receipt: one receipt per expense"));
        }
        MultipartFile receipt = files.isEmpty() ? null : files.get(0);
        if (receipt != null && receipt.getSize() > receipts.maxBytes()) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Receipt too large", List.of(String.format(java.util.Locale.ROOT,
                    "receipt: the file holds %,d bytes, more than %,d (crahub.expense.receipt-max-size)",
                    receipt.getSize(), receipts.maxBytes())));
        }
        return record(parse(json), receipt, principal);
    }

    private ResponseEntity<?> record(Parsed parsed, MultipartFile receiptFile, Principal principal) throws IOException {
        if (parsed.problems() != null) {
            return problem(parsed.status(), "Invalid expense", parsed.problems());
        }
        ExpenseRequest r = parsed.request();
        List<String> problems = new ArrayList<>();
        LocalDate date = null;
        if (r.date() != null) {
            try {
                date = LocalDate.parse(r.date());
            } catch (DateTimeParseException e) {
                problems.add("date: '" + printable(r.date()) + "' is not a date (2023-01-31)");
            }
        }
        ExpenseCategory category = null;
        if (r.category() != null) {
            category = ExpenseCategory.parse(r.category()).orElse(null);
            if (category == null) {
                problems.add("category: '" + printable(r.category())
                        + "' is not TRAVEL, LODGING, MEALS, MILEAGE or OTHER");
            }
        }
        Receipts.Checked receipt = null;
        if (receiptFile != null) {
            try {
                receipt = receipts.check(receiptFile.getBytes(), receiptFile.getOriginalFilename());
            } catch (Receipts.RefusedReceiptException e) {
                if (e.tooLarge()) {
                    return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Receipt too large", List.of("receipt: " + e.getMessage()));
                }
                problems.add(e.getMessage().startsWith("receipt") ? e.getMessage() : "receipt: " + e.getMessage());
            }
        }
        ExpenseInput input = new ExpenseInput(r.consultant(), r.contract(), date,
                r.category() == null || category != null ? category : ExpenseCategory.OTHER, r.description(),
                r.amountExclVat(), r.amountInclVat(), r.vatRate(), r.vatAmount(), r.currency(), r.receiptReference());
        NewExpense expense = null;
        try {
            expense = recorder.check(input, r.externalId());
        } catch (ExpenseRecorder.InvalidExpenseException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid expense", problems);
        }
        try {
            ExpenseRecorder.Recorded recorded = recorder.record(expense, r.externalId(), receipt,
                    principal == null ? "api" : principal.getName());
            return ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .location(URI.create("/api/expenses/" + recorded.expense().id())).body(recorded.expense());
        } catch (ExpenseRecorder.InvalidExpenseException e) {
            return problem(e.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST, "Invalid expense", e.problems());
        }
    }

    @GetMapping
    List<Expense> list(@RequestParam(required = false) String contract, @RequestParam(required = false) String month) {
        return store.list(contract == null || contract.isBlank() ? null : contract,
                month == null ? null : Months.parse(month));
    }

    @GetMapping("/{id}")
    Expense get(@PathVariable long id) {
        return store.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No expense " + id));
    }

    /** The receipt as uploaded, as an attachment (never rendered by the browser in the API's origin). */
    @GetMapping("/{id}/receipt")
    ResponseEntity<byte[]> receipt(@PathVariable long id) {
        get(id);
        ExpenseStore.ReceiptContent receipt = store.receiptOf(id).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "Expense " + id + " has no receipt"));
        String name = receipt.originalName() != null ? receipt.originalName()
                : "receipt-" + id + "." + dev.crahub.document.ReceiptFiles.extension(receipt.mediaType());
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(receipt.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("X-Receipt-SHA256", receipt.sha256())
                .body(receipt.content());
    }

    private record Parsed(ExpenseRequest request, HttpStatus status, List<String> problems) {
    }

    private Parsed read(InputStream in, long declared) throws IOException {
        if (declared > JSON_MAX_BYTES) {
            return new Parsed(null, HttpStatus.PAYLOAD_TOO_LARGE,
                    List.of("the body holds " + declared + " bytes, more than " + JSON_MAX_BYTES));
        }
        byte[] body = in.readNBytes(JSON_MAX_BYTES + 1);
        if (body.length > JSON_MAX_BYTES) {
            return new Parsed(null, HttpStatus.PAYLOAD_TOO_LARGE,
                    List.of("the body holds more than " + JSON_MAX_BYTES + " bytes"));
        }
        return parse(body);
    }

    private Parsed parse(byte[] json) {
        try {
            ExpenseRequest request = reader.readValue(json);
            if (request == null) {
                return new Parsed(null, HttpStatus.BAD_REQUEST, List.of("the expense's JSON is empty"));
            }
            return new Parsed(request, null, null);
        } catch (UnrecognizedPropertyException e) {
            return new Parsed(null, HttpStatus.BAD_REQUEST, List.of(e.getPropertyName() + ": unknown field (known: "
                    + e.getKnownPropertyIds() + ")"));
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .filter(java.util.Objects::nonNull).reduce((a, b) -> a + "." + b).orElse("expense");
            return new Parsed(null, HttpStatus.BAD_REQUEST, List.of(path + ": " + printable(e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            return new Parsed(null, HttpStatus.BAD_REQUEST, List.of("not readable JSON: " + printable(e.getOriginalMessage())));
        } catch (IOException e) {
            return new Parsed(null, HttpStatus.BAD_REQUEST, List.of("not readable JSON"));
        }
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, List<String> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems; nothing was recorded");
        problem.setTitle(title);
        problem.setProperty("problems", problems);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** A value echoed in a message: short, control characters shown as code points. */
    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                b.append(String.format("U+%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return s.length() > 60 ? b + "…" : b.toString();
    }
}
