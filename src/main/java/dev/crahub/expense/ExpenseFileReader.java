package dev.crahub.expense;

import java.io.IOException;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.crahub.timesheet.file.CsvTable;
import dev.crahub.timesheet.file.ProblemLog;
import dev.crahub.timesheet.file.RowSource;
import dev.crahub.timesheet.file.Values;

/**
 * Reads an expenses file (CSV or the first sheet of an XLSX, opened by the timesheet readers: BOM, UTF-8 or
 * Windows-1252, separator sniffed, streaming) row by row into {@link ExpenseInput}s. Columns in any order, named in
 * French or English ({@code Montant HT}, {@code Amount excl. VAT}, {@code Taux TVA}...); dates ISO, {@code 31/01/2023}
 * (day first: the hub's users are French firms) or a spreadsheet date; amounts {@code 12.50}, {@code 12,50 €},
 * {@code 1 234,50}; rates {@code 20}, {@code 5,5 %}. A bare "Amount" or "Montant" is refused as unknown: whether it
 * includes VAT is exactly what must not be guessed. Every unreadable value is recorded with its line and the header's
 * name of its column; the rules of the expense itself are checked by {@link ExpenseRules}.
 */
public final class ExpenseFileReader implements AutoCloseable {

    /** What a column holds. */
    enum Column {
        CONSULTANT, CONTRACT, DATE, CATEGORY, DESCRIPTION, AMOUNT_EXCL_VAT, AMOUNT_INCL_VAT, VAT_RATE, VAT_AMOUNT,
        CURRENCY, RECEIPT
    }

    /** Header names (normalised: no accents, lower case, punctuation as spaces) of each column, French and English. */
    private static final Map<Column, List<String>> NAMES = new EnumMap<>(Map.ofEntries(
            Map.entry(Column.CONSULTANT, List.of("consultant", "consultant code", "code consultant", "collaborateur",
                    "intervenant", "employee")),
            Map.entry(Column.CONTRACT, List.of("contract", "contract code", "contrat", "code contrat", "mission")),
            Map.entry(Column.DATE, List.of("date", "expense date", "date de la depense", "date depense", "jour")),
            Map.entry(Column.CATEGORY, List.of("category", "categorie", "type", "nature")),
            Map.entry(Column.DESCRIPTION, List.of("description", "libelle", "designation", "objet", "motif")),
            Map.entry(Column.AMOUNT_EXCL_VAT, List.of("amount excl vat", "amount excluding vat", "net amount", "net",
                    "montant ht", "ht", "montant hors taxes")),
            Map.entry(Column.AMOUNT_INCL_VAT, List.of("amount incl vat", "amount including vat", "gross amount",
                    "gross", "total", "montant ttc", "ttc", "montant toutes taxes comprises")),
            Map.entry(Column.VAT_RATE, List.of("vat rate", "vat %", "vat rate %", "taux tva", "taux de tva", "tva %",
                    "taux")),
            Map.entry(Column.VAT_AMOUNT, List.of("vat", "vat amount", "montant tva", "montant de tva", "tva")),
            Map.entry(Column.CURRENCY, List.of("currency", "devise")),
            Map.entry(Column.RECEIPT, List.of("receipt", "receipt reference", "receipt ref", "justificatif",
                    "reference justificatif", "ref justificatif", "n justificatif", "piece"))));

    /** Canonical field names, as {@link ExpenseRules} reports them, by column. */
    private static final Map<String, Column> FIELDS = Map.ofEntries(Map.entry("consultant", Column.CONSULTANT),
            Map.entry("contract", Column.CONTRACT), Map.entry("date", Column.DATE),
            Map.entry("category", Column.CATEGORY), Map.entry("description", Column.DESCRIPTION),
            Map.entry("amountExclVat", Column.AMOUNT_EXCL_VAT), Map.entry("amountInclVat", Column.AMOUNT_INCL_VAT),
            Map.entry("vatRate", Column.VAT_RATE), Map.entry("vatAmount", Column.VAT_AMOUNT),
            Map.entry("currency", Column.CURRENCY), Map.entry("receiptReference", Column.RECEIPT));

    private static final Pattern MONEY_NOISE = Pattern.compile("(?i)€|eur|%");

    /** A data row read: its line, and the expense it states (null when a value could not be read). */
    public record Row(long line, ExpenseInput input) {
    }

    private final RowSource rows;
    private final ProblemLog problems;
    private final Map<Column, Integer> columns = new EnumMap<>(Column.class);
    private final Map<Column, String> shown = new EnumMap<>(Column.class);
    private final boolean valid;

    public ExpenseFileReader(RowSource rows, ProblemLog problems) {
        this.rows = rows;
        this.problems = problems;
        this.valid = header(rows.header());
    }

    static String normalise(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}%]+", " ").strip();
    }

    private boolean header(List<String> header) {
        if (header.stream().allMatch(String::isBlank)) {
            problems.add(1, null, "the file is empty");
            return false;
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = normalise(header.get(i));
            if (!name.isEmpty() && byName.putIfAbsent(name, i) != null) {
                problems.add(1, header.get(i).strip(), "the column appears twice in the header");
            }
        }
        for (var column : NAMES.entrySet()) {
            for (String name : column.getValue()) {
                Integer index = byName.get(name);
                if (index != null && !columns.containsValue(index)) {
                    columns.put(column.getKey(), index);
                    shown.put(column.getKey(), header.get(index).strip());
                    break;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Column required : List.of(Column.CONSULTANT, Column.CONTRACT, Column.DATE, Column.CATEGORY,
                Column.DESCRIPTION, Column.VAT_RATE)) {
            if (!columns.containsKey(required)) {
                missing.add(NAMES.get(required).get(0));
            }
        }
        if (!columns.containsKey(Column.AMOUNT_EXCL_VAT) && !columns.containsKey(Column.AMOUNT_INCL_VAT)) {
            missing.add("amount excl. VAT or amount incl. VAT");
        }
        if (!missing.isEmpty()) {
            problems.add(1, null, "required column(s) missing: " + String.join(", ", missing) + " (header: "
                    + String.join(", ", header) + "; French names work too: collaborateur, contrat, date, catégorie, "
                    + "libellé, montant HT or montant TTC, taux TVA, montant TVA, devise, justificatif)");
        }
        return missing.isEmpty();
    }

    /** The header's name of the column a field of {@link ExpenseRules} came from. */
    public String column(String field) {
        Column column = FIELDS.get(field);
        return column == null ? field : shown.getOrDefault(column, field);
    }

    /** @return the next data row, or {@code null} at the end (or when the header is unusable) */
    public Row next() throws IOException {
        if (!valid) {
            return null;
        }
        CsvTable.Row row = rows.next();
        if (row == null) {
            return null;
        }
        long line = row.line();
        List<String> f = row.fields();
        long before = problems.count();
        LocalDate date = date(line, get(f, Column.DATE));
        String categoryText = get(f, Column.CATEGORY);
        ExpenseCategory category = null;
        if (!categoryText.isEmpty()) {
            category = ExpenseCategory.parse(categoryText).orElse(null);
            if (category == null) {
                problems.add(line, shown.get(Column.CATEGORY), "'" + categoryText + "' is not a category (TRAVEL, "
                        + "LODGING, MEALS, MILEAGE, OTHER, or in French: déplacement, hébergement, repas, indemnités "
                        + "kilométriques, autre)");
            }
        }
        BigDecimal net = number(line, f, Column.AMOUNT_EXCL_VAT);
        BigDecimal gross = number(line, f, Column.AMOUNT_INCL_VAT);
        BigDecimal rate = number(line, f, Column.VAT_RATE);
        BigDecimal vat = number(line, f, Column.VAT_AMOUNT);
        if (problems.count() > before) {
            return new Row(line, null);
        }
        return new Row(line, new ExpenseInput(get(f, Column.CONSULTANT), get(f, Column.CONTRACT), date,
                categoryText.isEmpty() ? null : category, get(f, Column.DESCRIPTION), net, gross, rate, vat,
                get(f, Column.CURRENCY), get(f, Column.RECEIPT)));
    }

    private LocalDate date(long line, String text) {
        if (text.isEmpty()) {
            return null; // reported by the rules
        }
        try {
            return Values.date(text, Locale.FRANCE);
        } catch (IllegalArgumentException e) {
            problems.add(line, shown.get(Column.DATE), e.getMessage());
            return null;
        }
    }

    private BigDecimal number(long line, List<String> fields, Column column) {
        String text = get(fields, column);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Values.decimal(MONEY_NOISE.matcher(text).replaceAll("").strip());
        } catch (IllegalArgumentException e) {
            problems.add(line, shown.get(column), "'" + text + "' is not a number");
            return null;
        }
    }

    private String get(List<String> fields, Column column) {
        Integer index = columns.get(column);
        return index == null || index >= fields.size() ? "" : fields.get(index).strip();
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
