package dev.crahub.expense;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import dev.crahub.MigratedDatabase;
import dev.crahub.referential.ReferentialParser;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.timesheet.TimesheetLimits;
import dev.crahub.timesheet.file.TextInput;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Expenses files into a real PostgreSQL: French and English headers, a French Excel CSV and an XLSX, whole or nothing,
 * re-dropped without duplicates; and the table that accepts no change but being marked invoiced, once.
 */
class ExpenseImporterTests {

    static MigratedDatabase db;
    static JdbcClient jdbc;
    static ExpenseStore store;
    static ExpenseImporter importer;

    @BeforeAll
    static void database() throws Exception {
        db = MigratedDatabase.start();
        jdbc = db.jdbc;
        try (InputStream in = ExpenseImporterTests.class.getResourceAsStream("/expenses/referential.yaml")) {
            new ReferentialStore(jdbc).upsert(new ReferentialParser().parse(in.readAllBytes()));
        }
        store = new ExpenseStore(jdbc);
        Clock clock = Clock.fixed(OffsetDateTime.parse("2023-04-03T10:00:00+02:00").toInstant(), ZoneId.of("Europe/Paris"));
        importer = new ExpenseImporter(store, db.transactions, TimesheetLimits.DEFAULTS, clock);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("ALTER TABLE expense DISABLE TRIGGER expense_insert_only").update();
        jdbc.sql("DELETE FROM expense").update();
        jdbc.sql("ALTER TABLE expense ENABLE TRIGGER expense_insert_only").update();
    }

    private static final String FRENCH = "\uFEFFCollaborateur;Contrat;Date;Catégorie;Libellé;Montant TTC;Taux TVA;"
            + "Montant TVA;Justificatif\r\n"
            + "exp-lea;exp-markup;12/01/2023;Train;Aller-retour Paris-Lyon;110,00 €;10 %;10,00;NDF-001\r\n"
            + "exp-tom;exp-markup;13/01/2023;Hôtel;Nuit à Lyon;\"132,00\";10;12,00;NDF-002\r\n"
            + "exp-tom;exp-markup;13/01/2023;Repas;Déjeuner client;24,20;10;;NDF-003\r\n"
            + "exp-lea;exp-markup;2023-02-02;Indemnités kilométriques;Lyon-Villeurbanne 2 x 12 km;14,40;0;;\r\n";

    @Test
    void aFrenchExcelCsvIsRecordedWithAmountsExcludingVat() {
        ExpenseImportResult result = importer.importFile(TextInput.of(FRENCH.getBytes(Charset.forName("windows-1252")),
                "notes-janvier.csv"));
        assertThat(result).isEqualTo(new ExpenseImportResult("notes-janvier.csv", 4, 4, 0));
        List<Expense> expenses = store.list("exp-markup", null);
        // 110.00 incl. 10 % with VAT 10.00: 100.00; 132.00 with 12.00: 120.00; 24.20 at 10 %: 22.00 + 2.20
        assertThat(expenses).extracting(e -> e.amountExclVat().toPlainString())
                .containsExactly("100.00", "120.00", "22.00", "14.40");
        assertThat(expenses).extracting(e -> e.vatAmount().toPlainString())
                .containsExactly("10.00", "12.00", "2.20", "0.00");
        assertThat(expenses).extracting(Expense::category).containsExactly(ExpenseCategory.TRAVEL,
                ExpenseCategory.LODGING, ExpenseCategory.MEALS, ExpenseCategory.MILEAGE);
        Expense first = expenses.get(0);
        assertThat(first.description()).isEqualTo("Aller-retour Paris-Lyon");
        assertThat(first.source()).isEqualTo("FILE");
        assertThat(first.sourceFile()).isEqualTo("notes-janvier.csv");
        assertThat(first.sourceLine()).isEqualTo(2L);
        assertThat(first.receiptReference()).isEqualTo("NDF-001");
        assertThat(first.currency()).isEqualTo("EUR");
        assertThat(first.createdBy()).isEqualTo("inbox");
        assertThat(store.list(null, java.time.YearMonth.of(2023, 2))).hasSize(1);
    }

    @Test
    void theSameLinesDroppedAgainUnderAnotherNameRecordNothingTwice() {
        importer.importFile(TextInput.of(FRENCH.getBytes(StandardCharsets.UTF_8), "a.csv"));
        // the same lines plus one (an overlapping export), in UTF-8 this time, and two identical taxis: two expenses
        String more = FRENCH + "exp-lea;exp-markup;14/01/2023;Taxi;Gare - client;18,00;10;;\r\n"
                + "exp-lea;exp-markup;14/01/2023;Taxi;Gare - client;18,00;10;;\r\n";
        ExpenseImportResult again = importer.importFile(TextInput.of(more.getBytes(StandardCharsets.UTF_8), "b.csv"));
        assertThat(again).isEqualTo(new ExpenseImportResult("b.csv", 6, 2, 4));
        assertThat(store.list("exp-markup", null)).hasSize(6);
        assertThat(importer.importFile(TextInput.of(more.getBytes(StandardCharsets.UTF_8), "c.csv")))
                .isEqualTo(new ExpenseImportResult("c.csv", 6, 0, 6));
    }

    @Test
    void oneBadLineRejectsTheWholeFileWithEveryProblemByLineAndColumn() {
        String english = "consultant,contract,date,category,description,amount excl. VAT,VAT rate\n"
                + "exp-lea,exp-markup,2023-01-10,TRAVEL,Train,100.00,10\n"
                + "exp-outsider,exp-markup,2023-01-11,LODGING,Hotel,80.00,10\n"
                + "exp-lea,exp-markup,2023-05-02,MEALS,Lunch,12.345,19.6\n"
                + "exp-lea,exp-markup,31/02/2023,champagne,Party,abc,20\n";
        assertThatThrownBy(() -> importer.importFile(TextInput.of(english.getBytes(StandardCharsets.UTF_8), "bad.csv")))
                .isInstanceOfSatisfying(InvalidExpenseFileException.class, e -> {
                    assertThat(e.problems()).extracting(Object::toString).containsExactly(
                            "line 3, column 'consultant': 'exp-outsider' does not work on contract 'exp-markup'",
                            "line 4, column 'date': 2023-05-02 is in the future",
                            "line 4, column 'VAT rate': 19.6 is not a French VAT rate (20, 10, 5.5, 2.1 or 0)",
                            "line 4, column 'amount excl. VAT': 12.345 has more than 2 decimals",
                            "line 5, column 'date': '31/02/2023' is not a date (expected 2024-03-31 or 31/03/2024)",
                            "line 5, column 'category': 'champagne' is not a category (TRAVEL, LODGING, MEALS, "
                                    + "MILEAGE, OTHER, or in French: déplacement, hébergement, repas, indemnités "
                                    + "kilométriques, autre)",
                            "line 5, column 'amount excl. VAT': 'abc' is not a number");
                    assertThat(e.report()).startsWith("File bad.csv was rejected and none of its expenses was recorded.");
                });
        assertThat(store.list(null, null)).isEmpty();
    }

    @Test
    void aHeaderWithoutTheAmountsOrAnAmbiguousAmountIsRefused() {
        String ambiguous = "consultant;contract;date;category;description;montant;taux TVA\n"
                + "exp-lea;exp-markup;2023-01-10;TRAVEL;Train;100,00;10\n";
        assertThatThrownBy(() -> importer.importFile(TextInput.of(ambiguous.getBytes(StandardCharsets.UTF_8), "m.csv")))
                .isInstanceOfSatisfying(InvalidExpenseFileException.class, e -> assertThat(e.problems())
                        .singleElement().asString().startsWith("line 1: required column(s) missing: amount excl. VAT or amount incl. VAT"));
        assertThatThrownBy(() -> importer.importFile(TextInput.of(new byte[0], "empty.csv")))
                .isInstanceOfSatisfying(InvalidExpenseFileException.class, e -> assertThat(e.problems())
                        .singleElement().asString().isEqualTo("line 1: the file is empty"));
    }

    @Test
    void anXlsxSheetWithDateCellsIsReadLikeACsv() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = book.createSheet("Frais");
            XSSFCellStyle dates = book.createCellStyle();
            dates.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            String[] header = {"Consultant", "Contract", "Date", "Category", "Description", "Amount excl. VAT",
                    "VAT rate", "Receipt"};
            XSSFRow h = sheet.createRow(0);
            for (int i = 0; i < header.length; i++) {
                h.createCell(i).setCellValue(header[i]);
            }
            XSSFRow r = sheet.createRow(1);
            r.createCell(0).setCellValue("exp-tom");
            r.createCell(1).setCellValue("exp-markup");
            r.createCell(2).setCellValue(LocalDate.of(2023, 3, 7));
            r.getCell(2).setCellStyle(dates);
            r.createCell(3).setCellValue("LODGING");
            r.createCell(4).setCellValue("Hotel, Lille");
            r.createCell(5).setCellValue(95.5);
            r.createCell(6).setCellValue(10);
            r.createCell(7).setCellValue("R-77");
            book.write(out);
            xlsx = out.toByteArray();
        }
        assertThat(importer.importFile(TextInput.of(xlsx, "frais.xlsx")).recorded()).isEqualTo(1);
        Expense hotel = store.list("exp-markup", null).get(0);
        assertThat(hotel.date()).isEqualTo(LocalDate.of(2023, 3, 7));
        assertThat(hotel.amountExclVat()).isEqualByComparingTo("95.50");
        assertThat(hotel.vatAmount()).isEqualByComparingTo("9.55");
        assertThat(hotel.receiptReference()).isEqualTo("R-77");
    }

    @Test
    void anExpenseIsNeverChangedNorDeletedButMarkedInvoicedOnce() {
        importer.importFile(TextInput.of(FRENCH.getBytes(StandardCharsets.UTF_8), "a.csv"));
        long id = store.list("exp-markup", null).get(0).id();
        assertThatThrownBy(() -> jdbc.sql("UPDATE expense SET amount_excl_vat = 1 WHERE id = :id").param("id", id).update())
                .hasMessageContaining("can only be marked invoiced, once");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM expense WHERE id = :id").param("id", id).update())
                .hasMessageContaining("can only be marked invoiced, once");
        long invoice = fakeInvoice();
        // marking invoiced while changing something else is refused too
        assertThatThrownBy(() -> jdbc.sql("UPDATE expense SET invoice_id = :i, invoiced_at = now(), description = 'x' "
                + "WHERE id = :id").param("i", invoice).param("id", id).update()).hasMessageContaining("once");
        store.markInvoiced(List.of(id), invoice, OffsetDateTime.now());
        assertThat(store.find(id).orElseThrow().invoiceId()).isEqualTo(invoice);
        assertThatThrownBy(() -> store.markInvoiced(List.of(id), invoice, OffsetDateTime.now()))
                .hasMessageContaining("billed meanwhile");
        assertThatThrownBy(() -> jdbc.sql("UPDATE expense SET invoice_id = NULL, invoiced_at = NULL WHERE id = :id")
                .param("id", id).update()).hasMessageContaining("once");
        assertThat(store.uninvoicedForUpdate("exp-markup", LocalDate.of(2023, 3, 31)))
                .extracting(Expense::id).doesNotContain(id).hasSize(3);
    }

    /** An invoice row for the foreign key (the invoice table's own checks apply). */
    private static long fakeInvoice() {
        return jdbc.sql("""
                INSERT INTO invoice (seller_code, series, sequence_number, number, client_code, contract_code, month,
                                     issue_date, due_date, currency, total_net, total_vat, total_gross, xml, pdf, sha256)
                VALUES ('exp-conseil', 'EXP-T', nextval('invoice_id_seq'), 'EXP-T-' || currval('invoice_id_seq'),
                        'exp-client', 'exp-markup', '2023-01', DATE '2023-02-01', DATE '2023-03-03', 'EUR', 0, 0, 0,
                        '<x/>', '\\x00', repeat('0', 64))
                RETURNING id
                """).query(Long.class).single();
    }

    @Test
    void theReferentialSaysHowAContractRebills() {
        var contracts = new ReferentialStore(jdbc).contracts();
        assertThat(contracts).filteredOn(c -> c.code().equals("exp-markup")).singleElement().satisfies(c -> {
            assertThat(c.expenses().rebill()).isEqualTo(dev.crahub.referential.ExpenseTerms.Rebill.MARKUP);
            assertThat(c.expenses().markupPercent()).isEqualByComparingTo(new BigDecimal("10"));
            assertThat(c.expenses().vat()).isEqualTo(dev.crahub.referential.ExpenseTerms.VatRule.CONTRACT);
        });
        assertThat(contracts).filteredOn(c -> c.code().equals("exp-none")).singleElement()
                .satisfies(c -> assertThat(c.expenses()).isEqualTo(dev.crahub.referential.ExpenseTerms.NONE));
    }

    @Test
    void twoIssuesAtOnceNeverBillTheSameExpense() throws Exception {
        importer.importFile(TextInput.of(FRENCH.getBytes(StandardCharsets.UTF_8), "a.csv"));
        long first = fakeInvoice();
        long second = fakeInvoice();
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // issue 1 takes the January expenses and holds its transaction open
            java.util.concurrent.Future<Integer> one = pool.submit(() -> db.tx.execute(status -> {
                List<Expense> mine = store.uninvoicedForUpdate("exp-markup", LocalDate.of(2023, 3, 31));
                store.markInvoiced(mine.stream().map(Expense::id).toList(), first, OffsetDateTime.now());
                locked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return mine.size();
            }));
            locked.await();
            // issue 2 asks for the same expenses: it waits for issue 1's commit, then finds none left
            java.util.concurrent.Future<List<Expense>> two = java.util.concurrent.Executors.newSingleThreadExecutor()
                    .submit(() -> db.tx.execute(status -> store.uninvoicedForUpdate("exp-markup", LocalDate.of(2023, 3, 31))));
            release.countDown();
            assertThat(one.get()).isEqualTo(4);
            assertThat(two.get()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list("exp-markup", null)).extracting(Expense::invoiceId).containsOnly(first);
        assertThatThrownBy(() -> db.tx.executeWithoutResult(s -> store.markInvoiced(
                store.list("exp-markup", null).stream().map(Expense::id).toList(), second, OffsetDateTime.now())))
                .hasMessageContaining("billed meanwhile");
    }
}
