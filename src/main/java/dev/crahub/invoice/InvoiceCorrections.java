package dev.crahub.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.crahub.referential.Client;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import dev.crahub.referential.VatRegime;
import dev.crahub.system.SecureXml;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Corrects issued invoices the only way French law allows, by new documents: a credit note (type 381, its own
 * gapless series {@code <prefix>-AV-<year>}) crediting the whole invoice or chosen lines and amounts, and "annule et
 * remplace" (a full credit note and a replacement invoice under the next invoice number). Amounts on a credit note
 * are positive (EN 16931: the type says it credits); VAT per rate is computed again on the credited lines.
 *
 * <p>Never more is credited than remains on the original, per line and in total: the original's row is locked
 * ({@code FOR NO KEY UPDATE}) while the credited amounts ({@code invoice_credit}, insert-only) are read and the new
 * credit note stored, so two concurrent credit notes of one invoice take turns. Runs inside the issuing
 * transaction, which renders and stores the documents (route {@code invoice-issue-on-demand}).
 */
@Component
public class InvoiceCorrections {

    private static final String NS = InvoiceXmlWriter.NAMESPACE;
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private final JdbcClient jdbc;
    private final ReferentialStore referential;
    private final InvoiceIssuer issuer;
    private final InvoiceNumbering numbering;
    private final InvoiceStore store;
    private final Clock clock;

    private final dev.crahub.document.TemplateSets templateSets;

    public InvoiceCorrections(JdbcClient jdbc, ReferentialStore referential, InvoiceIssuer issuer,
                              InvoiceNumbering numbering, InvoiceStore store, Clock clock,
                              dev.crahub.document.TemplateSets templateSets) {
        this.templateSets = templateSets;
        this.jdbc = jdbc;
        this.referential = referential;
        this.issuer = issuer;
        this.numbering = numbering;
        this.store = store;
        this.clock = clock;
    }

    /** What a user asks of the invoices: issue a draft, credit an invoice, or cancel and replace it. */
    public sealed interface Order permits IssueDraft, CreditNote, Replace {
    }

    /** Issue the held draft {@code id}. */
    public record IssueDraft(long id) implements Order {
    }

    /**
     * Credit invoice {@code invoice}: wholly when {@code lines} is empty, else the chosen lines, each by a quantity
     * (at the line's price) or by a net amount.
     */
    public record CreditNote(long invoice, List<LineCredit> lines, String reason) implements Order {
        public CreditNote {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** One line to credit: its number on the original and either a quantity or a net amount. */
    public record LineCredit(Integer line, BigDecimal quantity, BigDecimal amount) {
    }

    /**
     * Cancel invoice {@code invoice} and replace it: a full credit note, then an invoice of the same lines, with the
     * purchase order and the lines' quantities and unit prices changed as asked (quantity 0 leaves a line out).
     */
    public record Replace(long invoice, String reason, String purchaseOrder, List<LineChange> lines) implements Order {
        public Replace {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** A change to one line of the replaced invoice. */
    public record LineChange(Integer line, BigDecimal quantity, BigDecimal unitPrice) {
    }

    /** The documents an order issues, in the order they are numbered (a credit note before its replacement). */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<IssuedInvoice> drawUp(Order order) {
        if (order instanceof IssueDraft d) {
            return List.of(issuer.issueDraft(d.id()));
        }
        if (order instanceof CreditNote c) {
            return List.of(credit(c));
        }
        return replace((Replace) order);
    }

    private IssuedInvoice credit(CreditNote order) {
        Original original = lockOriginal(order.invoice());
        Remaining remaining = remaining(original);
        boolean whole = order.lines().isEmpty();
        List<InvoiceLine> lines = new ArrayList<>();
        List<IssuedInvoice.Credited> credited = new ArrayList<>();
        List<AllowanceCharge> documentAllowances = List.of();
        if (whole) {
            requireUntouched(original, remaining);
            for (InvoiceLine l : original.invoice().lines()) {
                lines.add(l);
                credited.add(new IssuedInvoice.Credited(l.number(), l.quantity(), l.netAmount()));
            }
            documentAllowances = original.invoice().allowanceCharges();
        } else {
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < order.lines().size(); k++) {
                LineCredit wanted = order.lines().get(k);
                String at = "lines[" + k + "]";
                if (wanted == null || wanted.line() == null) {
                    throw DocumentRefusedException.invalid(at + ".line: the number of a line of invoice "
                            + original.invoice().number() + " is required");
                }
                InvoiceLine l = original.line(wanted.line()).orElseThrow(() -> DocumentRefusedException.invalid(
                        at + ".line: invoice " + original.invoice().number() + " has no line " + wanted.line()));
                if (!seen.add(l.number())) {
                    throw DocumentRefusedException.invalid(at + ".line: line " + l.number() + " is named twice");
                }
                BigDecimal left = l.netAmount().subtract(remaining.creditedOn(l.number()));
                InvoiceLine line = creditLine(at, lines.size() + 1, l, wanted, left);
                lines.add(line);
                credited.add(new IssuedInvoice.Credited(l.number(), wanted.quantity() == null ? null : line.quantity(),
                        line.netAmount()));
            }
        }
        InvoiceTotals totals = InvoiceCalculator.totals(lines, documentAllowances);
        BigDecimal leftInTotal = original.invoice().totals().taxExclusive().subtract(remaining.creditedInTotal());
        if (totals.taxExclusive().compareTo(leftInTotal) > 0) {
            throw DocumentRefusedException.invalid("This credit note would credit " + totals.taxExclusive() + " "
                    + original.invoice().currency() + " excl. VAT, more than the " + leftInTotal
                    + " that remain un-credited on invoice " + original.invoice().number());
        }
        Invoice note = creditNote(original, lines, documentAllowances, totals, !whole, order.reason());
        return new IssuedInvoice(note, issuer.written(note).xml(), credited);
    }

    private List<IssuedInvoice> replace(Replace order) {
        Original original = lockOriginal(order.invoice());
        requireUntouched(original, remaining(original));
        Invoice o = original.invoice();
        List<InvoiceLine> creditLines = o.lines();
        List<IssuedInvoice.Credited> credited = creditLines.stream()
                .map(l -> new IssuedInvoice.Credited(l.number(), l.quantity(), l.netAmount())).toList();
        Invoice note = creditNote(original, creditLines, o.allowanceCharges(),
                InvoiceCalculator.totals(creditLines, o.allowanceCharges()), false, order.reason());

        Map<Integer, LineChange> changes = new HashMap<>();
        for (int k = 0; k < order.lines().size(); k++) {
            LineChange change = order.lines().get(k);
            String at = "lines[" + k + "]";
            if (change == null || change.line() == null || original.line(change.line()).isEmpty()) {
                throw DocumentRefusedException.invalid(at + ".line: invoice " + o.number() + " has no line "
                        + (change == null ? null : change.line()));
            }
            if (changes.put(change.line(), change) != null) {
                throw DocumentRefusedException.invalid(at + ".line: line " + change.line() + " is named twice");
            }
            positive(at + ".quantity", change.quantity(), true, 6);
            positive(at + ".unitPrice", change.unitPrice(), true, 6);
        }
        List<InvoiceLine> lines = new ArrayList<>();
        for (InvoiceLine l : o.lines()) {
            LineChange change = changes.get(l.number());
            BigDecimal quantity = change == null || change.quantity() == null ? l.quantity() : change.quantity();
            BigDecimal price = change == null || change.unitPrice() == null ? l.unitPrice() : change.unitPrice();
            if (quantity.signum() == 0) {
                continue;
            }
            lines.add(new InvoiceLine(lines.size() + 1, l.kind(), l.description(), l.consultant(), l.reference(),
                    l.periodStart(), l.periodEnd(), quantity, l.unitCode(), price, l.baseQuantity(), l.allowanceCharges(),
                    l.vatCategory(), l.vatRate(), null).priced());
        }
        if (lines.isEmpty()) {
            throw DocumentRefusedException.invalid("lines: the replacement would have no line left; to cancel invoice "
                    + o.number() + " without replacing it, issue a credit note");
        }
        LocalDate today = LocalDate.now(clock);
        String po = order.purchaseOrder() == null || order.purchaseOrder().isBlank() ? o.purchaseOrder()
                : order.purchaseOrder().strip();
        Invoice replacement = new Invoice(store.nextId(), "380", null, 0, null, o.language(), today,
                today.plusDays(o.paymentTermsDays()), o.currency(), o.periodStart(), o.periodEnd(), o.month(), po,
                o.contract(), o.seller(), o.buyer(), o.paymentTermsDays(), o.latePenaltyRate(), o.vatRegime(),
                lines, InvoiceCalculator.totals(lines, o.allowanceCharges()), null, List.of(), o.allowanceCharges(),
                new Invoice.Preceding(o.id(), o.number(), o.issueDate(), Invoice.Correction.REPLACEMENT, false,
                        order.reason())).withBuyerReference(serviceCode(o));
        IssuedInvoice noteIssued = new IssuedInvoice(note, issuer.written(note).xml(), credited);
        return List.of(noteIssued, issuer.written(issuer.number(original.correction(replacement))));
    }

    /** A line of the credit note: the original line's quantity (at its price) or a net amount, within what is left. */
    private static InvoiceLine creditLine(String at, int number, InvoiceLine l, LineCredit wanted, BigDecimal left) {
        if ((wanted.quantity() == null) == (wanted.amount() == null)) {
            throw DocumentRefusedException.invalid(at + ": give either a quantity or an amount to credit on line "
                    + l.number());
        }
        InvoiceLine line;
        if (wanted.quantity() != null) {
            positive(at + ".quantity", wanted.quantity(), false, 6);
            if (!l.allowanceCharges().isEmpty()) {
                throw DocumentRefusedException.invalid(at + ": line " + l.number() + " carries a discount or a charge: "
                        + "credit it by amount");
            }
            if (wanted.quantity().compareTo(l.quantity()) > 0) {
                throw DocumentRefusedException.invalid(at + ".quantity: " + wanted.quantity().stripTrailingZeros()
                        .toPlainString() + " is more than the " + l.quantity().stripTrailingZeros().toPlainString()
                        + " " + l.unitCode() + " invoiced on line " + l.number());
            }
            line = new InvoiceLine(number, l.kind(), l.description(), l.consultant(), l.reference(), l.periodStart(),
                    l.periodEnd(), wanted.quantity(), l.unitCode(), l.unitPrice(), l.baseQuantity(), List.of(),
                    l.vatCategory(), l.vatRate(), null).priced();
        } else {
            positive(at + ".amount", wanted.amount(), false, 2);
            BigDecimal amount = wanted.amount().setScale(2, RoundingMode.UNNECESSARY);
            line = new InvoiceLine(number, l.kind(), l.description(), l.consultant(), l.reference(), l.periodStart(),
                    l.periodEnd(), BigDecimal.ONE, "C62", amount, BigDecimal.ONE, List.of(), l.vatCategory(),
                    l.vatRate(), amount);
        }
        if (line.netAmount().signum() <= 0) {
            throw DocumentRefusedException.invalid(at + ": crediting " + wanted.quantity() + " on line " + l.number()
                    + " comes to 0.00");
        }
        if (line.netAmount().compareTo(left) > 0) {
            throw DocumentRefusedException.invalid(at + ": " + line.netAmount() + " is more than the " + left
                    + " that remain un-credited on line " + l.number());
        }
        return line;
    }

    private static void positive(String at, BigDecimal value, boolean zeroAllowed, int scale) {
        if (value == null) {
            return;
        }
        if (value.signum() < 0 || (!zeroAllowed && value.signum() == 0)) {
            throw DocumentRefusedException.invalid(at + ": must be " + (zeroAllowed ? "0 or more" : "more than 0")
                    + " (a credit note's amounts are positive; its type says it credits)");
        }
        if (value.stripTrailingZeros().scale() > scale || value.compareTo(BigDecimal.valueOf(1_000_000_000L)) >= 0) {
            throw DocumentRefusedException.invalid(at + ": " + value.toPlainString() + " has more than " + scale
                    + " decimals or is out of range");
        }
    }

    private Invoice creditNote(Original original, List<InvoiceLine> lines, List<AllowanceCharge> documentAllowances,
                               InvoiceTotals totals, boolean partial, String reason) {
        Invoice o = original.invoice();
        LocalDate today = LocalDate.now(clock);
        Invoice note = new Invoice(store.nextId(), "381", null, 0, null, o.language(), today, today, o.currency(),
                o.periodStart(), o.periodEnd(), o.month(), o.purchaseOrder(), o.contract(), o.seller(), o.buyer(),
                o.paymentTermsDays(), o.latePenaltyRate(), o.vatRegime(), lines, totals, null, List.of(),
                documentAllowances, new Invoice.Preceding(o.id(), o.number(), o.issueDate(), Invoice.Correction.CREDIT,
                partial, reason)).withBuyerReference(serviceCode(o));
        String series = InvoiceNumbering.creditSeries(o.seller().invoicePrefix(), today.getYear());
        return original.correction(note).numbered(series, numbering.next(o.seller().code(), series));
    }

    /** The service code (BT-10) the contract names now: a correction reaches the same public buyer's service. */
    private String serviceCode(Invoice original) {
        return referential.contract(original.contract()).map(c -> c.invoicing().serviceCode()).orElse(null);
    }

    private static void requireUntouched(Original original, Remaining remaining) {
        if (remaining.creditedInTotal().signum() != 0) {
            throw DocumentRefusedException.conflict("Invoice " + original.invoice().number() + " is already credited by "
                    + String.join(", ", remaining.notes()) + ": credit what remains line by line, by amount");
        }
    }

    // ------------------------------------------------------------------ the original, read back from the database

    /** An issued invoice as stored, its row locked until the transaction ends. */
    private record Original(Invoice invoice, Invoice.Template template, ExchangeRate rate) {

        /** A correction of this invoice, with its template and its VAT in euros at the original's rate. */
        Invoice correction(Invoice document) {
            return document.with(rate == null ? null
                    : new Invoice.TaxCurrency("EUR", rate.toEur(document.totals().tax()), rate), template);
        }

        java.util.Optional<InvoiceLine> line(int number) {
            return invoice.lines().stream().filter(l -> l.number() == number).findFirst();
        }
    }

    /** What credit notes already credited on an invoice. */
    private record Remaining(Map<Integer, BigDecimal> byLine, BigDecimal creditedInTotal, List<String> notes) {
        BigDecimal creditedOn(int line) {
            return byLine.getOrDefault(line, ZERO);
        }
    }

    private Remaining remaining(Original original) {
        long id = original.invoice().id();
        Map<Integer, BigDecimal> byLine = new HashMap<>();
        jdbc.sql("SELECT line_number, sum(amount) FROM invoice_credit WHERE original_id = :id GROUP BY line_number")
                .param("id", id).query(rs -> {
                    byLine.put(rs.getInt(1), rs.getBigDecimal(2));
                });
        BigDecimal total = jdbc.sql("""
                SELECT coalesce(sum(total_net), 0) FROM invoice WHERE preceding_invoice_id = :id AND correction = 'CREDIT'
                """).param("id", id).query(BigDecimal.class).single();
        List<String> notes = jdbc.sql("""
                SELECT number FROM invoice WHERE preceding_invoice_id = :id AND correction = 'CREDIT' ORDER BY sequence_number
                """).param("id", id).query(String.class).list();
        return new Remaining(byLine, total.setScale(2), notes);
    }

    private Original lockOriginal(long id) {
        Map<String, Object> row = jdbc.sql("""
                SELECT id, number, type_code, issue_date, seller_code, client_code, contract_code, month, currency, xml,
                       template_set, template_version, tax_currency, exchange_rate, exchange_rate_date
                FROM invoice WHERE id = :id FOR NO KEY UPDATE
                """).param("id", id).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> isDraft(id)
                        ? DocumentRefusedException.conflict("Invoice " + id + " is a draft: it has not been issued, "
                        + "there is nothing to credit or replace (issue it, or draw it up again)")
                        : DocumentRefusedException.notFound("No invoice " + id));
        String number = (String) row.get("number");
        if ("381".equals(String.valueOf(row.get("type_code")).strip())) {
            throw DocumentRefusedException.conflict(number + " is a credit note: only invoices are credited or replaced");
        }
        Seller seller = referential.seller((String) row.get("seller_code")).orElseThrow();
        Client buyer = referential.client((String) row.get("client_code")).orElseThrow();
        Element root = SecureXml.parse(((String) row.get("xml")).getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        List<InvoiceLine> lines = lines(id);
        List<AllowanceCharge> documentAllowances = allowances(id, null);
        Invoice invoice = new Invoice(id, "380", null, 0, number, root.getAttribute("language"),
                ((java.sql.Date) row.get("issue_date")).toLocalDate(), null, (String) row.get("currency"),
                LocalDate.parse(text(root, "periodStart")), LocalDate.parse(text(root, "periodEnd")),
                ((String) row.get("month")).strip(), text(root, "purchaseOrder"), (String) row.get("contract_code"),
                seller, buyer, Integer.parseInt(text((Element) root.getElementsByTagNameNS(NS, "paymentTerms").item(0), "days")),
                new BigDecimal(text(root, "latePenaltyRate")), VatRegime.valueOf(text(root, "vatRegime")), lines,
                InvoiceCalculator.totals(lines, documentAllowances), null, List.of(), documentAllowances);
        BigDecimal storedNet = jdbc.sql("SELECT total_net FROM invoice WHERE id = :id").param("id", id)
                .query(BigDecimal.class).single();
        if (invoice.totals().taxExclusive().compareTo(storedNet) != 0) {
            throw new IllegalStateException("Invoice " + number + " read back comes to " + invoice.totals().taxExclusive()
                    + ", not its stored " + storedNet);
        }
        // the corrections keep the original's template set and its exchange rate (BT-111)
        // a correction is a new document: the current version of the original's set (an archived older version may
        // predate the wording a credit note prints), rendered and archived as any invoice
        Invoice.Template template = null;
        if (row.get("template_set") != null) {
            var prepared = templateSets.prepare((String) row.get("template_set"));
            template = new Invoice.Template(prepared.name(), prepared.version());
        }
        ExchangeRate rate = row.get("exchange_rate") == null ? null
                : new ExchangeRate((String) row.get("currency"), ((java.sql.Date) row.get("exchange_rate_date")).toLocalDate(),
                        (BigDecimal) row.get("exchange_rate"), ExchangeRate.Source.MANUAL);
        return new Original(invoice, template, rate);
    }

    private boolean isDraft(long id) {
        return jdbc.sql("SELECT count(*) FROM invoice_draft WHERE id = :id").param("id", id).query(Integer.class).single() > 0;
    }

    /** 31.875000 as 31.875, 10.000000 as 10 (never 1E+1). */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private List<InvoiceLine> lines(long invoice) {
        List<InvoiceLine> lines = jdbc.sql("""
                SELECT * FROM invoice_line WHERE invoice_id = :id ORDER BY line_number
                """).param("id", invoice).query((rs, n) -> line(rs)).list();
        List<InvoiceLine> withAllowances = new ArrayList<>();
        for (InvoiceLine l : lines) {
            withAllowances.add(new InvoiceLine(l.number(), l.kind(), l.description(), l.consultant(), l.reference(),
                    l.periodStart(), l.periodEnd(), l.quantity(), l.unitCode(), l.unitPrice(), l.baseQuantity(),
                    allowances(invoice, l.number()), l.vatCategory(), l.vatRate(), l.netAmount()));
        }
        return withAllowances;
    }

    private static InvoiceLine line(ResultSet rs) throws SQLException {
        return new InvoiceLine(rs.getInt("line_number"), InvoiceLine.Kind.valueOf(rs.getString("kind")),
                rs.getString("description"), rs.getString("consultant_code"), null,
                rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class),
                plain(rs.getBigDecimal("quantity")), rs.getString("unit_code"),
                plain(rs.getBigDecimal("unit_price")), plain(rs.getBigDecimal("base_quantity")),
                List.of(), rs.getString("vat_category"), rs.getBigDecimal("vat_rate"), rs.getBigDecimal("net_amount"));
    }

    private List<AllowanceCharge> allowances(long invoice, Integer line) {
        return jdbc.sql("""
                SELECT * FROM invoice_allowance_charge
                WHERE invoice_id = :id AND line_number IS NOT DISTINCT FROM CAST(:line AS INTEGER) ORDER BY position
                """).param("id", invoice).param("line", line)
                .query((rs, n) -> new AllowanceCharge(rs.getBoolean("charge"), rs.getBigDecimal("amount"),
                        rs.getBigDecimal("base_amount"), rs.getBigDecimal("percent"), rs.getString("reason"),
                        rs.getString("reason_code"), rs.getString("vat_category"), rs.getBigDecimal("vat_rate")))
                .list();
    }

    private static String text(Element parent, String name) {
        NodeList list = parent.getElementsByTagNameNS(NS, name);
        return list.getLength() == 0 ? null : list.item(0).getTextContent().strip();
    }
}
