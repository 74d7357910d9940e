package dev.crahub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.crahub.expense.ReceiptSamples;
import dev.crahub.system.Hashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expenses through the running hub: the expenses inbox (whole or nothing, re-dropped without duplicates, a report
 * beside a rejected file) and {@code POST /api/expenses} as JSON and multipart with a receipt, attacked as an
 * outsider and as ops. Codes prefixed exp, months 2023-01..03.
 */
class ExpenseApiIntegrationTests extends HubTestSupport {

    static final String CSV = "consultant;contract;date;category;description;amount incl. VAT;VAT rate;receipt\n"
            + "exp-lea;exp-none;2023-03-01;TRAVEL;Train Paris-Lille;66,00;10;T-1\n"
            + "exp-lea;exp-none;2023-03-02;MEALS;Dîner;33,00;10;T-2\n";

    @BeforeEach
    void referential() throws Exception {
        if (home.inbox("referential").resolve(".done").resolve("expenses-referential.yaml").toFile().exists()) {
            return;
        }
        drop("referential", "expenses-referential.yaml", resource("/expenses/referential.yaml"));
        awaitDone("referential", "expenses-referential.yaml");
    }

    private TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> expenses(String query) {
        return billing().getForObject("/api/expenses?" + query, List.class);
    }

    @Test
    void theInboxRecordsAFileWholeOnceAndReportsABadOne() throws Exception {
        drop("expenses", "mars.csv", CSV);
        awaitDone("expenses", "mars.csv");
        List<Map<String, Object>> march = expenses("contract=exp-none&month=2023-03");
        assertThat(march).extracting(e -> e.get("amountExclVat").toString()).containsExactly("60.0", "30.0");
        assertThat(march).extracting(e -> e.get("vatAmount").toString()).containsExactly("6.0", "3.0");
        assertThat(march.get(0)).containsEntry("source", "FILE").containsEntry("sourceFile", "mars.csv")
                .containsEntry("sourceLine", 2).containsEntry("receiptReference", "T-1");

        drop("expenses", "mars-again.csv", CSV);
        awaitDone("expenses", "mars-again.csv");
        assertThat(expenses("contract=exp-none&month=2023-03")).hasSize(2);

        drop("expenses", "bad.csv", CSV + "exp-tom;exp-none;2023-03-03;TRAVEL;Taxi;12,00;10;\n");
        Path report = home.inbox("expenses").resolve(".error").resolve("bad.csv.error.txt");
        // the report is written first, then the consumer moves the file
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report)
                && Files.exists(home.inbox("expenses").resolve(".error").resolve("bad.csv")));
        assertThat(Files.readString(report)).contains("File bad.csv was rejected and none of its expenses was recorded.",
                "line 4, column 'consultant': 'exp-tom' does not work on contract 'exp-none'");
        assertThat(home.inbox("expenses").resolve("bad.csv")).doesNotExist();
        assertThat(expenses("contract=exp-none")).hasSize(2);

        drop("expenses", "notes.pdf", "not a table");
        Path pdfReport = home.inbox("expenses").resolve(".error").resolve("notes.pdf.error.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pdfReport));
        assertThat(Files.readString(pdfReport)).contains("is not of a type this inbox reads (.csv, .txt, .xlsx)");
    }

    private static Map<String, Object> json(String date, String amount) {
        return new java.util.LinkedHashMap<>(Map.of("consultant", "exp-tom", "contract", "exp-markup", "date", date,
                "category", "LODGING", "description", "Hôtel Lille, 1 nuit", "amountInclVat", amount, "vatRate", 10));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJsonExpenseIsRecordedOnceByItsExternalIdAndRefusedWhenWrong() {
        Map<String, Object> body = json("2023-02-14", "99.00");
        body.put("externalId", "exp-api-1");
        ResponseEntity<Map> created = billing().postForEntity("/api/expenses", json(body), Map.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        // 99.00 incl. 10 %: 90.00 + 9.00
        assertThat(created.getBody()).containsEntry("amountExclVat", 90.0).containsEntry("vatAmount", 9.0)
                .containsEntry("amountInclVat", 99.0).containsEntry("createdBy", "billing").containsEntry("source", "API");
        Object id = created.getBody().get("id");
        assertThat(created.getHeaders().getLocation()).hasToString("/api/expenses/" + id);

        ResponseEntity<Map> again = billing().postForEntity("/api/expenses", json(body), Map.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody()).containsEntry("id", id);
        body.put("amountInclVat", "98.00");
        ResponseEntity<Map> changed = billing().postForEntity("/api/expenses", json(body), Map.class);
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(changed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);

        Map<String, Object> wrong = json("2023-04-02", "-5");
        wrong.put("vatRate", 19.6);
        wrong.put("consultant", "exp-outsider");
        ResponseEntity<Map> refused = billing().postForEntity("/api/expenses", json(wrong), Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) refused.getBody().get("problems")).containsExactlyInAnyOrder(
                "consultant: 'exp-outsider' does not work on contract 'exp-markup'",
                "date: 2023-04-02 is outside contract 'exp-markup' (from 2023-01-01 to 2023-03-31)",
                "vatRate: 19.6 is not a French VAT rate (20, 10, 5.5, 2.1 or 0)",
                "amountInclVat: -5 must be more than 0");
        Map<String, Object> unknown = json("2023-02-14", "10");
        unknown.put("invoiceId", 1);
        ResponseEntity<Map> field = billing().postForEntity("/api/expenses", json(unknown), Map.class);
        assertThat(field.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(field.getBody().get("detail").toString()).startsWith("invoiceId: unknown field");
        assertThat(billing().getForEntity("/api/expenses/" + id, Map.class).getBody()).containsEntry("id", id);
        assertThat(billing().getForEntity("/api/expenses/999999999", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(billing().getForEntity("/api/expenses?month=2023-13", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    static HttpEntity<MultiValueMap<String, Object>> multipart(Map<String, Object> expense, byte[] receipt, String name) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        HttpHeaders jsonHeaders = new HttpHeaders();
        jsonHeaders.setContentType(MediaType.APPLICATION_JSON);
        parts.add("expense", new HttpEntity<>(expense, jsonHeaders));
        if (receipt != null) {
            HttpHeaders fileHeaders = new HttpHeaders();
            fileHeaders.setContentType(MediaType.APPLICATION_OCTET_STREAM);
            parts.add("receipt", new HttpEntity<>(new ByteArrayResource(receipt) {
                @Override
                public String getFilename() {
                    return name;
                }
            }, fileHeaders));
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return new HttpEntity<>(parts, headers);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReceiptIsCheckedByItsContentKeptAndArchivedUnderItsSha256() throws Exception {
        byte[] png = ReceiptSamples.image("png", 300, 200, "Hotel Lille 99,00");
        ResponseEntity<Map> created = billing().postForEntity("/api/expenses",
                multipart(json("2023-02-15", "99.00"), png, "C:\\scans\\hotel.png"), Map.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<String, Object> receipt = (Map<String, Object>) created.getBody().get("receipt");
        String sha = Hashing.sha256(png);
        assertThat(receipt).containsEntry("mediaType", "image/png").containsEntry("sha256", sha)
                .containsEntry("originalName", "hotel.png").containsEntry("size", png.length);
        Object id = created.getBody().get("id");

        ResponseEntity<byte[]> back = billing().getForEntity("/api/expenses/" + id + "/receipt", byte[].class);
        assertThat(back.getBody()).isEqualTo(png);
        assertThat(back.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(back.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(back.getHeaders().getContentDisposition().isAttachment()).isTrue();
        assertThat(back.getHeaders().getFirst("X-Receipt-SHA256")).isEqualTo(sha);
        Path archived = home.archive("receipts").resolve(sha.substring(0, 2)).resolve(sha + ".png");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(archived));
        assertThat(Files.readAllBytes(archived)).isEqualTo(png);

        int before = expenses("contract=exp-markup").size();
        // an HTML page named like an image: refused by its content, nothing recorded
        ResponseEntity<Map> html = billing().postForEntity("/api/expenses", multipart(json("2023-02-16", "10.00"),
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "receipt.png"), Map.class);
        assertThat(html.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((List<String>) html.getBody().get("problems"))
                .containsExactly("receipt: the receipt is not a PDF, JPEG or PNG file (told by its content, whatever its name)");
        // a receipt past crahub.expense.receipt-max-size (10 MB): 413
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(png, 0, big, 0, png.length);
        ResponseEntity<Map> tooLarge = billing().postForEntity("/api/expenses",
                multipart(json("2023-02-16", "10.00"), big, "big.png"), Map.class);
        assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(tooLarge.getBody().get("detail").toString()).contains("crahub.expense.receipt-max-size");
        assertThat(expenses("contract=exp-markup")).hasSize(before);
        // an expense without a receipt has none to give
        Object bare = billing().postForEntity("/api/expenses", json(json("2023-02-17", "11.00")), Map.class).getBody().get("id");
        assertThat(billing().getForEntity("/api/expenses/" + bare + "/receipt", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void onlyBillingAndAdminRecordOrReadExpenses() {
        TestRestTemplate ops = rest.withBasicAuth("ops", OPS_PASSWORD);
        assertThat(ops.postForEntity("/api/expenses", json(json("2023-02-14", "10.00")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(ops.getForEntity("/api/expenses", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.postForEntity("/api/expenses", json(json("2023-02-14", "10.00")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/api/expenses/1/receipt", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(admin().postForEntity("/api/expenses", json(json("2023-02-14", "10.00")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }
}
