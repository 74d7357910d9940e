package dev.crahub;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.crahub.document.XmlSchemaValidator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drafts, credit notes and "annule et remplace" through the real API (ADR 0018), amounts computed by hand: a draft
 * has no number until issued (once); a partial credit note (part of a line's quantity, and an amount) and a full
 * one, VAT per rate recomputed on the credited lines; the guard against crediting more than remains; a replacement
 * invoice; the citing mentions read back from the PDFs in French and English; every document valid against
 * invoice-1.xsd; the schema refusing changes to issued documents. Months 2023-07..09, codes cn-*.
 */
class CreditNoteIntegrationTests extends HubTestSupport {

    static final String REFERENTIAL = """
            sellers:
              - code: cn-acme
                name: ACME Avoirs SAS
                legalForm: SAS
                shareCapital: 10000
                registration: RCS Paris 123 456 782
                siren: "123456782"
                vatNumber: FR11123456782
                address: {lines: ["12 rue de la Paix"], postcode: "75002", city: Paris, country: FR}
                email: facturation@acme.example
                iban: FR7630006000011234567890189
                bic: AGRIFRPP
                invoicePrefix: CN
            clients:
              - code: cn-globex
                name: Globex Avoirs SA
                siren: "987654324"
                vatNumber: FR14987654324
                address: {lines: ["Tour Horizon"], postcode: "92800", city: Puteaux, country: FR}
                language: fr
                approver: {name: Claire Martin, email: claire.martin@globex.example}
                billing: {name: Comptabilité, email: factures@globex.example}
              - code: cn-initech
                name: Initech Paris SAS
                siren: "552100554"
                vatNumber: FR96552100554
                address: {lines: ["1 avenue de France"], postcode: "75013", city: Paris, country: FR}
                language: en
                approver: {name: Bill Lumbergh, email: bill@initech.example}
                billing: {name: Accounts payable, email: ap@initech.example}
            consultants:
              - code: cn-jdupont
                name: Jean Dupont
                trackers: [{source: cn, user: cn-jd}]
              - code: cn-amoreau
                name: Alice Moreau
                trackers: [{source: cn, user: cn-am}]
            contracts:
            %s
            """;

    static String contract(String code, String client, String rate, String extra) {
        return """
                  - code: %s
                    seller: cn-acme
                    client: %s
                    label: Projet %s
                    consultants: [cn-jdupont, cn-amoreau]
                    dailyRate: %s
                    currency: EUR
                    hoursPerDay: 8
                    vatRegime: STANDARD
                    vatRate: 20.00
                    paymentTermsDays: 30
                    poNumber: PO-%s
                    validationDeadlineDays: 5
                    trackers: [{source: cn, project: %s}]
                %s
                """.formatted(code, client, code, rate, code.toUpperCase(), code.toUpperCase(), extra == null ? "" : extra);
    }

    static final List<String> PARALLEL = List.of("cn-p01", "cn-p02", "cn-p03", "cn-p04", "cn-p05", "cn-p06", "cn-p07",
            "cn-p08", "cn-p09", "cn-p10");

    static String referential() {
        StringBuilder contracts = new StringBuilder();
        contracts.append(contract("cn-draft", "cn-globex", "600.00", "    invoicing: {issue: DRAFT}"));
        contracts.append(contract("cn-mixed", "cn-globex", "650.00", "    terms: [{from: 2023-08-16, vatRate: 10.00}]"));
        contracts.append(contract("cn-en", "cn-initech", "700.00", null));
        contracts.append(contract("cn-fail", "cn-globex", "500.00", "    invoicing: {issue: DRAFT}"));
        for (String code : PARALLEL) {
            contracts.append(contract(code, "cn-globex", "600.00", "    invoicing: {issue: DRAFT}"));
        }
        return REFERENTIAL.formatted(contracts.toString().stripTrailing());
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    XmlSchemaValidator schemas;

    private static boolean loaded;

    @BeforeEach
    void referentialLoaded() {
        loadReferential(admin());
    }

    /** Loads the cn-* referential once per Spring context (this class and the numbering tests share it). */
    static void loadReferential(TestRestTemplate admin) {
        synchronized (CreditNoteIntegrationTests.class) {
            if (!loaded) {
                HttpHeaders yaml = new HttpHeaders();
                yaml.setContentType(MediaType.parseMediaType("application/yaml"));
                ResponseEntity<String> answer = admin.postForEntity("/api/referential",
                        new HttpEntity<>(referential(), yaml), String.class);
                assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
                loaded = true;
            }
        }
    }

    TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    // ------------------------------------------------------------------------------------------------ drafts

    @Test
    void aDraftHasNoNumberUntilIssuedOnceAndIsThenReplacedLikeAnyInvoice() throws Exception {
        // by hand: 8 h + 4 h = 12 h of 8 h days = 1.5 days x 600.00 = 900.00; VAT 20 % 180.00; 1 080.00
        Map<String, Object> draft = invoiceOf("cn-draft", "2023-07",
                entry("cn-jd", "cn-draft", "2023-07-03", 8), entry("cn-jd", "cn-draft", "2023-07-04", 4));
        assertThat(draft).containsEntry("status", "DRAFT").containsEntry("typeCode", "380");
        assertThat(draft.get("number")).isNull();
        assertAmounts(draft, "900.00", "180.00", "1080.00");
        long id = id(draft);

        String draftXml = billing().getForObject("/api/invoices/" + id + "/xml", String.class);
        assertThat(draftXml).contains("<draft>true</draft>").doesNotContain("<number>");
        schemas.validate(draftXml.getBytes(StandardCharsets.UTF_8), "invoice-1.xsd");
        byte[] previewPdf = billing().getForObject("/api/invoices/" + id + "/pdf", byte[].class);
        writeForReview("draft-fr", previewPdf);
        String preview = text(previewPdf);
        assertThat(preview).contains("BROUILLON", "sans numéro, ce document n'est pas une facture", "900,00")
                .doesNotContainPattern("CN-\\d{4}-\\d{6}");
        assertThat(list("?month=2023-07&status=DRAFT")).extracting(s -> s.get("id")).contains(draft.get("id"));

        // a second month run draws it up again (the draft is replaced, not duplicated; same id)
        List<Map<String, Object>> rerun = monthRun("2023-07");
        assertThat(rerun).filteredOn(s -> "cn-draft".equals(s.get("contract"))).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("status", "DRAFT").containsEntry("id", draft.get("id")));

        // a lesser role cannot issue it
        assertThat(rest.withBasicAuth("ops", OPS_PASSWORD).postForEntity("/api/invoices/" + id + "/issue", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<Map> issued = billing().postForEntity("/api/invoices/" + id + "/issue", null, Map.class);
        assertThat(issued.getStatusCode()).as(String.valueOf(issued.getBody())).isEqualTo(HttpStatus.OK);
        String number = (String) issued.getBody().get("number");
        assertThat(number).matches("CN-\\d{4}-\\d{6}");
        assertThat(issued.getBody()).containsEntry("status", "ISSUED").containsEntry("id", draft.get("id"));
        assertAmounts(issued.getBody(), "900.00", "180.00", "1080.00");
        String pdf = text(billing().getForObject("/api/invoices/" + id + "/pdf", byte[].class));
        assertThat(pdf).contains(number).doesNotContain("BROUILLON");
        schemas.validate(billing().getForObject("/api/invoices/" + id + "/xml", String.class).getBytes(StandardCharsets.UTF_8),
                "invoice-1.xsd");
        assertArchived(number);

        // issued once: a second issue is a conflict, and the month run leaves it alone
        ResponseEntity<Map> again = billing().postForEntity("/api/invoices/" + id + "/issue", null, Map.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) again.getBody().get("detail")).contains("already issued as " + number);
        assertThat(monthRun("2023-07")).noneMatch(s -> "cn-draft".equals(s.get("contract")));
        assertThat(list("?month=2023-07&status=DRAFT")).noneMatch(s -> "cn-draft".equals(s.get("contract")));
        assertThat(billing().postForEntity("/api/invoices/987654321/issue", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        // annule et remplace, in French, without changes: the same lines under a new number
        ResponseEntity<Map> replaced = billing().postForEntity("/api/invoices/" + id + "/replace",
                json(Map.of("reason", "Adresse de facturation erronée")), Map.class);
        assertThat(replaced.getStatusCode()).as(String.valueOf(replaced.getBody())).isEqualTo(HttpStatus.OK);
        Map<String, Object> note = (Map<String, Object>) replaced.getBody().get("creditNote");
        Map<String, Object> replacement = (Map<String, Object>) replaced.getBody().get("replacement");
        assertAmounts(note, "900.00", "180.00", "1080.00");
        assertAmounts(replacement, "900.00", "180.00", "1080.00");
        String date = LocalDate.now(ZoneId.of("Europe/Paris")).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        String originalDate = date; // issued today, like its corrections
        assertThat(text(pdf(note))).contains("AVOIR", "Avoir n° " + note.get("number") + " – annule la facture n° "
                + number + " du " + originalDate, "Motif : Adresse de facturation erronée", "1 080,00");
        assertThat(text(pdf(replacement))).contains("Annule et remplace la facture n° " + number + " du " + originalDate,
                (String) replacement.get("number"), "1 080,00");
        writeForReview("replacement-fr", pdf(replacement));
        writeForReview("credit-note-fr-full", pdf(note));
    }

    // ------------------------------------------------------------------------------------------------ credit notes

    @Test
    void aPartialCreditNoteCreditsPartOfALineAndAnAmountWithVatPerRateAndNeverMoreThanRemains() throws Exception {
        // the VAT rate falls to 10 % on 16 August: Jean's time splits at that date
        Map<String, Object> invoice = invoiceOf("cn-mixed", "2023-08",
                entry("cn-jd", "cn-mixed", "2023-08-01", 8), entry("cn-jd", "cn-mixed", "2023-08-02", 8),
                entry("cn-jd", "cn-mixed", "2023-08-03", 4), entry("cn-jd", "cn-mixed", "2023-08-17", 8),
                entry("cn-am", "cn-mixed", "2023-08-21", 6));
        // by hand: Jean 1-15/08 20 h = 2.5 days x 650 = 1 625.00 at 20 %; Jean 16-31/08 1 day = 650.00 at 10 %;
        // Alice 6 h = 0.75 day = 487.50 at 10 %. Net 2 762.50; VAT 1 625.00 x 20 % = 325.00 + 1 137.50 x 10 % =
        // 113.75 -> 438.75; gross 3 201.25
        assertAmounts(invoice, "2762.50", "438.75", "3201.25");
        long id = id(invoice);
        String number = (String) invoice.get("number");
        String xml = billing().getForObject("/api/invoices/" + id + "/xml", String.class);
        int jeanAt20 = lineNumber(xml, "cn-jdupont", "20.00");
        int aliceAt10 = lineNumber(xml, "cn-amoreau", "10.00");

        // 1.5 of Jean's 2.5 days at 20 % (975.00, VAT 195.00) and 100.00 of Alice's line at 10 % (VAT 10.00):
        // net 1 075.00, VAT 205.00, gross 1 280.00
        ResponseEntity<Map> partial = billing().postForEntity("/api/invoices/" + id + "/credit-note", json(Map.of(
                "lines", List.of(Map.of("line", jeanAt20, "quantity", 1.5), Map.of("line", aliceAt10, "amount", 100.00)),
                "reason", "Journée du 3 août non due")), Map.class);
        assertThat(partial.getStatusCode()).as(String.valueOf(partial.getBody())).isEqualTo(HttpStatus.OK);
        Map<String, Object> note = partial.getBody();
        assertThat(note).containsEntry("typeCode", "381").containsEntry("status", "ISSUED")
                .containsEntry("precedingInvoiceNumber", number).containsEntry("correction", "CREDIT")
                .containsEntry("contract", "cn-mixed");
        assertThat((String) note.get("number")).matches("CN-AV-\\d{4}-\\d{6}");
        assertAmounts(note, "1075.00", "205.00", "1280.00");
        String noteXml = billing().getForObject("/api/invoices/" + id(note) + "/xml", String.class);
        schemas.validate(noteXml.getBytes(StandardCharsets.UTF_8), "invoice-1.xsd");
        assertThat(noteXml).contains("<typeCode>381</typeCode>", "<precedingInvoice correction=\"CREDIT\" partial=\"true\">",
                "<number>" + number + "</number>", "<vat category=\"S\" rate=\"20.00\">", "<taxableAmount>975.00</taxableAmount>",
                "<taxAmount>195.00</taxAmount>", "<taxableAmount>100.00</taxableAmount>", "<taxAmount>10.00</taxAmount>");
        String date = LocalDate.now(ZoneId.of("Europe/Paris")).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        byte[] notePdf = pdf(note);
        assertThat(text(notePdf)).contains("Avoir n° " + note.get("number") + " – annule partiellement la facture n° "
                + number + " du " + date, "Motif : Journée du 3 août non due", "975,00", "1 280,00",
                "ACME Avoirs SAS", "SIREN", "Globex Avoirs SA", "FR14987654324");
        writeForReview("credit-note-fr-partial", notePdf);

        // what remains on Jean's line at 20 % is 1 day (650.00): 1.5 days more (975.00) is refused
        ResponseEntity<Map> tooMuch = billing().postForEntity("/api/invoices/" + id + "/credit-note",
                json(Map.of("lines", List.of(Map.of("line", jeanAt20, "quantity", 1.5)))), Map.class);
        assertThat(tooMuch.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat((String) tooMuch.getBody().get("detail")).contains("975.00 is more than the 650.00 that remain un-credited on line " + jeanAt20);
        // a whole credit note once part of it is credited: refused, saying by what
        ResponseEntity<Map> whole = billing().postForEntity("/api/invoices/" + id + "/credit-note", null, Map.class);
        assertThat(whole.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) whole.getBody().get("detail")).contains((String) note.get("number"));
        // requests the invoice cannot answer
        for (Object bad : List.of(Map.of("line", 99, "amount", 1), Map.of("line", jeanAt20), Map.of("line", jeanAt20,
                "amount", 1, "quantity", 1), Map.of("line", jeanAt20, "amount", -5), Map.of("line", jeanAt20, "amount", 0.001),
                Map.of("line", jeanAt20, "quantity", 0))) {
            ResponseEntity<Map> refused = billing().postForEntity("/api/invoices/" + id + "/credit-note",
                    json(Map.of("lines", List.of(bad))), Map.class);
            assertThat(refused.getStatusCode()).as(bad.toString()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        }
        // hostile bodies: too big (413, nothing parsed), not JSON (400), a reason with a control character (422)
        ResponseEntity<Map> huge = billing().postForEntity("/api/invoices/" + id + "/credit-note",
                json("{\"reason\": \"" + "x".repeat(70 * 1024) + "\"}"), Map.class);
        assertThat(huge.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(billing().postForEntity("/api/invoices/" + id + "/credit-note", json("{\"lines\": [}"), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(billing().postForEntity("/api/invoices/" + id + "/credit-note", json(Map.of("reason", "a\u0001b",
                "lines", List.of(Map.of("line", aliceAt10, "amount", 1)))), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        ResponseEntity<Map> twice = billing().postForEntity("/api/invoices/" + id + "/credit-note", json(Map.of("lines",
                List.of(Map.of("line", aliceAt10, "amount", 1), Map.of("line", aliceAt10, "amount", 1)))), Map.class);
        assertThat(twice.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);

        // the rest of Jean's line, exactly: 650.00, VAT 10 %? no: 20 % -> 130.00
        ResponseEntity<Map> rest = billing().postForEntity("/api/invoices/" + id + "/credit-note",
                json(Map.of("lines", List.of(Map.of("line", jeanAt20, "amount", 650.00)))), Map.class);
        assertThat(rest.getStatusCode()).as(String.valueOf(rest.getBody())).isEqualTo(HttpStatus.OK);
        assertAmounts(rest.getBody(), "650.00", "130.00", "780.00");
        assertThat(billing().postForEntity("/api/invoices/" + id + "/credit-note",
                json(Map.of("lines", List.of(Map.of("line", jeanAt20, "amount", 0.01)))), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);

        // credit notes are listed beside invoices, with their type and the invoice they cite
        List<Map<String, Object>> notes = list("?month=2023-08&type=381");
        assertThat(notes).filteredOn(n -> number.equals(n.get("precedingInvoiceNumber"))).hasSize(2)
                .allSatisfy(n -> assertThat(n).containsEntry("typeCode", "381").containsEntry("precedingInvoiceId", (int) id));
        assertThat(list("?month=2023-08")).extracting(n -> n.get("typeCode")).contains("380", "381");
        assertThat(billing().getForEntity("/api/invoices?type=999", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(billing().getForEntity("/api/invoices?status=PAID", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        // a credit note is not credited
        assertThat(billing().postForEntity("/api/invoices/" + id(note) + "/credit-note", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertArchived((String) note.get("number"));
    }

    @Test
    void aFullCreditNoteCreditsEverythingOnceAndTheSchemaKeepsItAsIssued() throws Exception {
        Map<String, Object> invoice = invoiceOf("cn-mixed", "2023-09",
                entry("cn-jd", "cn-mixed", "2023-09-04", 8), entry("cn-am", "cn-mixed", "2023-09-05", 4));
        // by hand (10 % since 16 August): 1 day + 0.5 day = 650.00 + 325.00 = 975.00; VAT 97.50; 1 072.50
        assertAmounts(invoice, "975.00", "97.50", "1072.50");
        long id = id(invoice);
        ResponseEntity<Map> full = billing().postForEntity("/api/invoices/" + id + "/credit-note", null, Map.class);
        assertThat(full.getStatusCode()).as(String.valueOf(full.getBody())).isEqualTo(HttpStatus.OK);
        Map<String, Object> note = full.getBody();
        assertAmounts(note, "975.00", "97.50", "1072.50");
        String noteXml = billing().getForObject("/api/invoices/" + id(note) + "/xml", String.class);
        schemas.validate(noteXml.getBytes(StandardCharsets.UTF_8), "invoice-1.xsd");
        assertThat(noteXml).contains("partial=\"false\"");
        assertThat(text(pdf(note))).contains("annule la facture n° " + invoice.get("number")).doesNotContain("partiellement");

        // nothing remains: no second credit note, no replacement
        assertThat(billing().postForEntity("/api/invoices/" + id + "/credit-note", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(billing().postForEntity("/api/invoices/" + id + "/credit-note",
                json(Map.of("lines", List.of(Map.of("line", 1, "amount", 1.00)))), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(billing().postForEntity("/api/invoices/" + id + "/replace", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);

        // issued documents, their lines and what they credited are never edited nor deleted, even in SQL
        long noteId = id(note);
        assertThatThrownBy(() -> jdbc.sql("UPDATE invoice SET reason = 'x' WHERE id = :id").param("id", noteId).update())
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM invoice WHERE id = :id").param("id", noteId).update())
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.sql("UPDATE invoice_line SET net_amount = 0 WHERE invoice_id = :id").param("id", noteId).update())
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.sql("UPDATE invoice_credit SET amount = 1 WHERE credit_note_id = :id").param("id", noteId).update())
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM invoice_credit WHERE credit_note_id = :id").param("id", noteId).update())
                .hasMessageContaining("immutable");
        // a draft of an invoiced CRA cannot be slipped in
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO invoice_draft (id, cra_id, seller_code, client_code, contract_code, month, currency, total_net,
                                           total_vat, total_gross, xml, pdf)
                SELECT nextval(pg_get_serial_sequence('invoice', 'id')), cra_id, seller_code, client_code, contract_code,
                       month, currency, 0, 0, 0, '<x/>', ''::bytea FROM invoice WHERE id = :id
                """).param("id", id).update()).hasMessageContaining("already invoiced");
        // a credit note must cite what it credits
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO invoice (seller_code, series, sequence_number, number, type_code, client_code, contract_code,
                                     month, issue_date, due_date, currency, total_net, total_vat, total_gross, xml, pdf, sha256)
                VALUES ('cn-acme', 'X', 1, 'X-1', '381', 'cn-globex', 'cn-mixed', '2023-09', current_date, current_date,
                        'EUR', 1, 0, 1, '<x/>', ''::bytea, repeat('0', 64))
                """).update()).hasMessageContaining("invoice_correction_cites");
    }

    @Test
    void annuleEtRemplaceIssuesTheCreditNoteAndTheReplacementTogetherInEnglish() throws Exception {
        Map<String, Object> invoice = invoiceOf("cn-en", "2023-08",
                entry("cn-jd", "cn-en", "2023-08-07", 8), entry("cn-jd", "cn-en", "2023-08-08", 8));
        // by hand: 2 days x 700.00 = 1 400.00; VAT 280.00; 1 680.00
        assertAmounts(invoice, "1400.00", "280.00", "1680.00");
        long id = id(invoice);
        String number = (String) invoice.get("number");

        ResponseEntity<Map> bad = billing().postForEntity("/api/invoices/" + id + "/replace",
                json(Map.of("lines", List.of(Map.of("line", 1, "quantity", 0)))), Map.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(list("?month=2023-08&type=381")).noneMatch(n -> number.equals(n.get("precedingInvoiceNumber")));

        ResponseEntity<Map> replaced = billing().postForEntity("/api/invoices/" + id + "/replace", json(Map.of(
                "reason", "Half a day was not worked", "purchaseOrder", "PO-CN-EN-2",
                "lines", List.of(Map.of("line", 1, "quantity", 1.5)))), Map.class);
        assertThat(replaced.getStatusCode()).as(String.valueOf(replaced.getBody())).isEqualTo(HttpStatus.OK);
        Map<String, Object> note = (Map<String, Object>) replaced.getBody().get("creditNote");
        Map<String, Object> replacement = (Map<String, Object>) replaced.getBody().get("replacement");
        assertAmounts(note, "1400.00", "280.00", "1680.00");
        // by hand: 1.5 days x 700.00 = 1 050.00; VAT 210.00; 1 260.00
        assertAmounts(replacement, "1050.00", "210.00", "1260.00");
        assertThat(replacement).containsEntry("typeCode", "380").containsEntry("correction", "REPLACEMENT")
                .containsEntry("precedingInvoiceNumber", number).containsEntry("status", "ISSUED");
        assertThat((String) replacement.get("number")).matches("CN-\\d{4}-\\d{6}");
        for (Map<String, Object> doc : List.of(note, replacement)) {
            schemas.validate(billing().getForObject("/api/invoices/" + id(doc) + "/xml", String.class)
                    .getBytes(StandardCharsets.UTF_8), "invoice-1.xsd");
            assertArchived((String) doc.get("number"));
        }
        assertThat(billing().getForObject("/api/invoices/" + id(replacement) + "/xml", String.class))
                .contains("<purchaseOrder>PO-CN-EN-2</purchaseOrder>", "<precedingInvoice correction=\"REPLACEMENT\" partial=\"false\">");
        String noteText = text(pdf(note));
        assertThat(noteText).contains("CREDIT NOTE", "Credit note no. " + note.get("number") + " cancelling invoice no. " + number,
                "Reason: Half a day was not worked", "1,680.00");
        String replacementText = text(pdf(replacement));
        assertThat(replacementText).contains("Cancels and replaces invoice no. " + number, "1,260.00", "PO-CN-EN-2");
        writeForReview("credit-note-en", pdf(note));
        writeForReview("replacement-en", pdf(replacement));

        // replaced once
        assertThat(billing().postForEntity("/api/invoices/" + id + "/replace", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        // the replacement itself can be credited (it is an invoice)
        ResponseEntity<Map> ofReplacement = billing().postForEntity("/api/invoices/" + id(replacement) + "/credit-note",
                json(Map.of("lines", List.of(Map.of("line", 1, "quantity", 0.5)))), Map.class);
        assertThat(ofReplacement.getStatusCode()).as(String.valueOf(ofReplacement.getBody())).isEqualTo(HttpStatus.OK);
        // 0.5 x 700.00 = 350.00, VAT 70.00
        assertAmounts(ofReplacement.getBody(), "350.00", "70.00", "420.00");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Pushes the entries, builds and approves the contract's CRA of the month, runs the month's invoicing. */
    Map<String, Object> invoiceOf(String contract, String month, Map<String, Object>... entries) {
        push(List.of(entries));
        List<Map<String, Object>> built = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/" + month + "/cras", null, Map.class).getBody().get("cras");
        Map<String, Object> cra = built.stream().filter(c -> contract.equals(c.get("contract"))).findFirst().orElseThrow(
                () -> new AssertionError("no CRA of " + contract + " in " + built));
        if (!"APPROVED".equals(cra.get("status"))) {
            assertThat(approve(cra.get("id"), "signed CRA received")).containsEntry("status", "APPROVED");
        }
        monthRun(month);
        return list("?month=" + month).stream().filter(s -> contract.equals(s.get("contract")) && s.get("craId") != null)
                .findFirst().orElseThrow();
    }

    List<Map<String, Object>> monthRun(String month) {
        ResponseEntity<Map> run = billing().postForEntity("/api/months/" + month + "/invoices", null, Map.class);
        assertThat(run.getStatusCode()).as(String.valueOf(run.getBody())).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) run.getBody().get("invoices");
        assertThat(invoices).noneMatch(i -> "FAILED".equals(i.get("status")));
        return invoices;
    }

    List<Map<String, Object>> list(String query) {
        return billing().getForObject("/api/invoices" + query, List.class);
    }

    static Map<String, Object> entry(String user, String contract, String date, double hours) {
        return Map.of("id", contract + "-" + user + "-" + date, "user", Map.of("id", user), "project",
                contract.toUpperCase(), "date", date, "hours", hours, "comment", "Travail sur " + contract);
    }

    void push(List<Map<String, Object>> entries) {
        ResponseEntity<Map> pushed = admin().postForEntity("/api/time-entries", Map.of("source", "cn", "entries", entries),
                Map.class);
        assertThat(pushed.getStatusCode()).as(String.valueOf(pushed.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(pushed.getBody()).containsEntry("unmapped", 0);
    }

    byte[] pdf(Map<String, Object> document) {
        return billing().getForObject("/api/invoices/" + id(document) + "/pdf", byte[].class);
    }

    static long id(Map<String, Object> document) {
        return ((Number) document.get("id")).longValue();
    }

    static void assertAmounts(Map<String, Object> s, String net, String vat, String gross) {
        assertThat(new BigDecimal(s.get("totalNet").toString())).as("net of " + s).isEqualByComparingTo(net);
        assertThat(new BigDecimal(s.get("totalVat").toString())).as("VAT of " + s).isEqualByComparingTo(vat);
        assertThat(new BigDecimal(s.get("totalGross").toString())).as("gross of " + s).isEqualByComparingTo(gross);
    }

    /** The number of the line of a consultant at a VAT rate in an invoice's canonical XML. */
    static int lineNumber(String xml, String consultant, String rate) {
        var matcher = java.util.regex.Pattern.compile("<line number=\"(\\d+)\"[^>]*>((?:(?!</line>).)*)</line>",
                java.util.regex.Pattern.DOTALL).matcher(xml);
        while (matcher.find()) {
            String body = matcher.group(2);
            if (body.contains("<consultant>" + consultant + "</consultant>") && body.contains("<vatRate>" + rate + "</vatRate>")) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("no line of " + consultant + " at " + rate + " in " + xml);
    }

    void assertArchived(String number) throws Exception {
        try (var files = Files.walk(home.archive("invoices").resolve("cn-acme"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains(number + ".pdf", number + ".xml");
        }
    }

    /** Keeps a rendering for a person to look at (target/credit-notes/*.pdf). */
    static void writeForReview(String name, byte[] pdf) throws Exception {
        Path dir = Path.of("target", "credit-notes");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".pdf"), pdf);
    }

    static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replace('\u202f', ' ').replaceAll("\\s+", " ");
        }
    }
}
