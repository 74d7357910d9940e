package dev.crahub;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.crahub.document.PdfRenderer;
import dev.crahub.document.XslTransformer;
import dev.crahub.expense.ExpenseStore;
import dev.crahub.expense.ReceiptSamples;
import dev.crahub.invoice.InvoiceIssuer;
import dev.crahub.invoice.InvoiceReceipts;
import dev.crahub.invoice.InvoiceStore;
import dev.crahub.invoice.IssuedInvoice;
import dev.crahub.system.Hashing;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-billed expenses from the inbox and the API onto the month's invoice, end to end (ADR 0016): a contract with a
 * 10 % markup, January 2023, every amount computed by hand below; lines, totals, canonical XML, the PDF's expenses
 * annex and the receipts appended after it; an issue rolled back leaves the expenses to the next one, and an expense
 * is billed once.
 */
class ExpenseInvoiceIntegrationTests extends HubTestSupport {

    static final String TIMESHEET = "consultant,date,hours,project,comment\n"
            + "exp-lea,2023-01-10,8,EXP-MARKUP,Revue des notes de frais\n"
            + "exp-lea,2023-01-12,8,EXP-MARKUP,Atelier à Lyon\n"
            + "exp-tom,2023-01-13,8,EXP-MARKUP,Atelier à Lyon\n";

    // amount excl. VAT -> billed with 10 % markup, rounded once to the cent (half up):
    //   train 110.00 incl. 10 %  = 100.00 -> 110.00
    //   hotel 123.45 excl. 10 %  (VAT 12.35)  -> 135.795 -> 135.80
    //   mileage 14.40 at 0 %     -> 15.84
    //   lunch 33.00 incl. 10 %   = 30.00 -> 33.00   (API, PNG receipt)
    //   taxi 45.67 excl. 10 %    (VAT 4.57)   -> 50.237 -> 50.24 (API, 2-page PDF receipt)
    //   expenses billed: 110.00 + 135.80 + 15.84 + 33.00 + 50.24 = 344.88
    //   time: Léa 16 h / 8 h = 2 days x 600.00 = 1,200.00; Tom 1 day = 600.00; 1,800.00
    //   net 2,144.88; VAT 20 % (the contract's rate, vat: CONTRACT) 428.976 -> 428.98; gross 2,573.86
    static final String EXPENSES = "Collaborateur;Contrat;Date;Catégorie;Libellé;Montant HT;Montant TTC;Taux TVA;Justificatif\n"
            + "exp-lea;exp-markup;12/01/2023;Train;Train Paris-Lyon A/R;;110,00;10;SNCF-4471\n"
            + "exp-tom;exp-markup;13/01/2023;Hôtel;Hôtel Lyon Part-Dieu, 1 nuit;123,45;;10;HOT-0113\n"
            + "exp-lea;exp-markup;20/01/2023;Indemnités kilométriques;Trajet Lyon - Villeurbanne;14,40;;0;\n"
            + "exp-lea;exp-none;20/01/2023;Repas;Non refacturé;20,00;;10;\n";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    InvoiceIssuer issuer;
    @Autowired
    InvoiceStore invoices;
    @Autowired
    ExpenseStore expenses;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    XslTransformer xsl;
    @Autowired
    PdfRenderer fop;
    @Autowired
    InvoiceReceipts receipts;

    private TestRestTemplate billing() {
        return rest.withBasicAuth("billing", BILLING_PASSWORD);
    }

    private static Map<String, Object> expense(String consultant, String date, String category, String description,
                                               String amountField, String amount) {
        return new java.util.LinkedHashMap<>(Map.of("consultant", consultant, "contract", "exp-markup", "date", date,
                "category", category, "description", description, amountField, amount, "vatRate", 10));
    }

    @Test
    @SuppressWarnings("unchecked")
    void expensesFromTheInboxAndTheApiAreBilledOnceWithTheirReceiptsAfterTheAnnexes() throws Exception {
        if (!Files.exists(home.inbox("referential").resolve(".done").resolve("expenses-referential.yaml"))) {
            drop("referential", "expenses-referential.yaml", resource("/expenses/referential.yaml"));
            awaitDone("referential", "expenses-referential.yaml");
        }
        drop("timesheets", "exp-2023-01.csv", TIMESHEET);
        awaitDone("timesheets", "exp-2023-01.csv");
        drop("expenses", "exp-janvier.csv", EXPENSES);
        awaitDone("expenses", "exp-janvier.csv");
        byte[] png = ReceiptSamples.image("png", 600, 900, "Brasserie Georges - 33,00 EUR TTC");
        byte[] pdf = ReceiptSamples.pdf(2, "Taxi Lyon facture");
        ResponseEntity<Map> lunch = billing().postForEntity("/api/expenses", ExpenseApiIntegrationTests.multipart(
                expense("exp-lea", "2023-01-17", "MEALS", "Déjeuner de travail", "amountInclVat", "33.00"), png,
                "ticket.png"), Map.class);
        ResponseEntity<Map> taxi = billing().postForEntity("/api/expenses", ExpenseApiIntegrationTests.multipart(
                expense("exp-tom", "2023-01-18", "TRAVEL", "Taxi gare - client", "amountExclVat", "45.67"), pdf,
                "taxi.pdf"), Map.class);
        assertThat(lunch.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(taxi.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        List<Map<String, Object>> built = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2023-01/cras", null, Map.class).getBody().get("cras");
        Map<String, Object> cra = built.stream().filter(c -> "exp-markup".equals(c.get("contract"))).findFirst().orElseThrow();
        long craId = ((Number) cra.get("id")).longValue();
        assertThat(approve(craId, "CRA signé reçu par courrier")).containsEntry("status", "APPROVED");

        // an issue that fails after its lines were drawn up (rolled back): the expenses stay to be billed
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(status -> {
            IssuedInvoice issued = issuer.issue(craId);
            invoices.save(issued, "%PDF-rolled-back".getBytes(StandardCharsets.US_ASCII));
            assertThat(expenses.list("exp-markup", java.time.YearMonth.of(2023, 1)))
                    .allSatisfy(e -> assertThat(e.invoiceId()).isEqualTo(issued.invoice().id()));
            status.setRollbackOnly();
        });
        assertThat(expenses.list("exp-markup", java.time.YearMonth.of(2023, 1)))
                .hasSize(5).allSatisfy(e -> assertThat(e.invoiceId()).isNull());

        List<Map<String, Object>> issued = (List<Map<String, Object>>) admin()
                .postForEntity("/api/months/2023-01/invoices", null, Map.class).getBody().get("invoices");
        Map<String, Object> invoice = issued.stream().filter(i -> "exp-markup".equals(i.get("contract"))).findFirst().orElseThrow();
        long invoiceId = ((Number) invoice.get("id")).longValue();
        String number = (String) invoice.get("number");
        assertThat(new BigDecimal(invoice.get("totalNet").toString())).isEqualByComparingTo("2144.88");
        assertThat(new BigDecimal(invoice.get("totalVat").toString())).isEqualByComparingTo("428.98");
        assertThat(new BigDecimal(invoice.get("totalGross").toString())).isEqualByComparingTo("2573.86");

        // every January expense of the contract is billed by this invoice; the one of a contract that does not
        // re-bill is not, nor could an expense be billed by another invoice
        assertThat(expenses.list("exp-markup", java.time.YearMonth.of(2023, 1)))
                .allSatisfy(e -> assertThat(e.invoiceId()).isEqualTo(invoiceId));
        assertThat(expenses.list("exp-none", java.time.YearMonth.of(2023, 1)))
                .allSatisfy(e -> assertThat(e.invoiceId()).isNull());
        List<dev.crahub.expense.Expense> left = tx.execute(s -> expenses.uninvoicedForUpdate("exp-markup",
                java.time.LocalDate.of(2023, 1, 31)));
        assertThat(left).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM invoice_line WHERE invoice_id = :id AND kind = 'EXPENSE'")
                .param("id", invoiceId).query(Long.class).single()).isEqualTo(5L);

        // canonical XML: EXPENSE lines, their amounts, the annex with the receipts' SHA-256
        byte[] xml = admin().getForObject("/api/invoices/" + invoiceId + "/xml", String.class).getBytes(StandardCharsets.UTF_8);
        Document doc = parse(xml);
        List<String> billedLines = new ArrayList<>();
        NodeList lines = doc.getElementsByTagNameNS("urn:crahub:invoice:1", "line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            if (line.hasAttribute("kind")) {
                billedLines.add(line.getAttribute("kind") + " " + text(line, "netAmount") + " " + text(line, "vatRate"));
            }
        }
        assertThat(billedLines).containsExactly("TIME 1200.00 20.00", "TIME 600.00 20.00", "EXPENSE 110.00 20.00", "EXPENSE 135.80 20.00",
                "EXPENSE 33.00 20.00", "EXPENSE 50.24 20.00", "EXPENSE 15.84 20.00");
        NodeList annexed = doc.getElementsByTagNameNS("urn:crahub:invoice:1", "expense");
        assertThat(annexed.getLength()).isEqualTo(5);
        String xmlText = new String(xml, StandardCharsets.UTF_8);
        assertThat(xmlText).contains("<expenses rebill=\"MARKUP\" markupPercent=\"10.00\">",
                "sha256=\"" + Hashing.sha256(png) + "\" mediaType=\"image/png\"",
                "sha256=\"" + Hashing.sha256(pdf) + "\" mediaType=\"application/pdf\"",
                "<amountExclVat>123.45</amountExclVat>", "<vatAmount>12.35</vatAmount>", "<billedAmount>135.80</billedAmount>");

        // the PDF: invoice, time detail, expenses annex (numbered 1 to 3), then the receipts (2: three pages)
        byte[] invoicePdf = admin().getForObject("/api/invoices/" + invoiceId + "/pdf", byte[].class);
        Files.write(Path.of("target", "expenses-invoice-fr.pdf"), invoicePdf);
        try (PDDocument document = Loader.loadPDF(invoicePdf)) {
            String page1 = text(document, 1, 1);
            java.util.regex.Matcher of = java.util.regex.Pattern.compile("Page 1 / (\\d+)").matcher(page1);
            assertThat(of.find()).isTrue();
            int rendered = Integer.parseInt(of.group(1)); // the invoice and its annexes, numbered as one document
            assertThat(document.getNumberOfPages()).isEqualTo(rendered + 1 + 2); // + the PNG's page + the PDF's 2
            assertThat(page1).contains(number);
            assertThat(text(document, 1, rendered)).contains("Annexe 2 – Frais refacturés (ci-jointe)", "2 573,86");
            String annex = text(document, rendered, rendered);
            assertThat(annex).contains("Annexe 2 – Frais refacturés", "Page " + rendered + " / " + rendered,
                    "Train Paris-Lyon A/R", "Justificatif SNCF-4471", "Hôtel Lyon Part-Dieu", "135,80 €",
                    "Indemnités", "kilométriques", "Total (5 frais)", "344,88 €", "majorés de 10", "2 justificatif(s) joint(s)");
            assertThat(text(document, 1, rendered)).doesNotContain("justificatif 1/2");
            for (int page = rendered + 1; page <= rendered + 3; page++) {
                assertThat(text(document, page, page)).as("receipt page " + page).contains("Facture " + number + " – justificatif");
            }
            assertThat(text(document, rendered + 2, rendered + 3)).contains("Taxi Lyon facture 1", "Taxi Lyon facture 2",
                    "justificatif 2/2");
        }
        // the receipts are archived under their SHA-256
        assertThat(home.archive("receipts").resolve(Hashing.sha256(pdf).substring(0, 2))
                .resolve(Hashing.sha256(pdf) + ".pdf")).exists();

        // a late January expense recorded after the invoice waits for the next one
        ResponseEntity<Map> late = billing().postForEntity("/api/expenses", org.springframework.http.RequestEntity
                .post("/api/expenses").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(expense("exp-lea", "2023-01-25", "OTHER", "Clé USB chiffrée", "amountExclVat", "20.00")).getBody(),
                Map.class);
        assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(late.getBody().get("invoiceId")).isNull();
        // the approved CRA is invoiced once
        assertThat((List<Object>) admin().postForEntity("/api/months/2023-01/invoices", null, Map.class).getBody()
                .get("invoices")).noneMatch(i -> "exp-markup".equals(((Map<String, Object>) i).get("contract")));

        // the same invoice rendered in English, both kept for a look (target/expenses-invoice-{fr,en}.pdf)
        byte[] en = new String(xml, StandardCharsets.UTF_8).replaceFirst("language=\"fr\"", "language=\"en\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] enPdf = receipts.append(en, fop.render(xsl.transform("invoice-fo.xsl", en)));
        Files.write(Path.of("target", "expenses-invoice-en.pdf"), enPdf);
        try (PDDocument document = Loader.loadPDF(enPdf)) {
            int rendered = document.getNumberOfPages() - 3;
            assertThat(text(document, rendered, rendered)).contains("Annex 2 – Re-billed expenses", "Lodging", "€135.80",
                    "2 receipt(s) attached");
            assertThat(text(document, rendered + 1, rendered + 1)).contains("Invoice " + number + " – receipt 1/2 – line");
        }
    }

    private static String text(PDDocument document, int from, int to) throws Exception {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(from);
        stripper.setEndPage(to);
        return stripper.getText(document).replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("urn:crahub:invoice:1", name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }
}
