package dev.crahub.invoice;

import java.util.ArrayList;
import java.util.List;

import dev.crahub.document.Labels;
import dev.crahub.document.ReceiptPages;
import dev.crahub.expense.ExpenseStore;
import dev.crahub.system.Hashing;
import dev.crahub.system.SecureXml;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Appends the receipts an invoice's expenses annex names (by SHA-256) after its rendered pages, each page stamped with
 * the invoice number and the line it justifies (route {@code invoice-render-pdf}, step
 * {@code invoice-render-pdf-receipts}). It reads the canonical XML only, so an invoice rendered again years later
 * gets the same receipts; a receipt whose bytes no longer match the SHA-256 the invoice recorded stops the rendering.
 */
@Component("invoiceReceipts")
public class InvoiceReceipts {

    private final ExpenseStore expenses;
    private final ReceiptPages pages;
    private final Labels labels;

    public InvoiceReceipts(ExpenseStore expenses, ReceiptPages pages, Labels labels) {
        this.expenses = expenses;
        this.pages = pages;
        this.labels = labels;
    }

    public byte[] append(byte[] xml, byte[] pdf) {
        Document doc = SecureXml.parse(xml);
        Element invoice = doc.getDocumentElement();
        String language = invoice.getAttribute("language").isEmpty() ? "fr" : invoice.getAttribute("language");
        String number = text(invoice, "number");
        NodeList receipts = invoice.getElementsByTagNameNS(InvoiceXmlWriter.NAMESPACE, "receipt");
        List<ReceiptPages.Receipt> appended = new ArrayList<>();
        for (int i = 0; i < receipts.getLength(); i++) {
            Element receipt = (Element) receipts.item(i);
            Element expense = (Element) receipt.getParentNode();
            String sha = receipt.getAttribute("sha256");
            byte[] content = expenses.receiptContent(sha).orElseThrow(() -> new IllegalStateException(
                    "invoice " + number + " names receipt " + sha + ", which the database does not hold"));
            if (!Hashing.sha256(content).equals(sha)) {
                throw new IllegalStateException("receipt " + sha + " of invoice " + number + " no longer matches its SHA-256");
            }
            String date = java.time.LocalDate.parse(expense.getAttribute("date")).format("fr".equals(language)
                    ? java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")
                    : java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ENGLISH));
            String stamp = labels.get(language, "annex.expenses.receipt-stamp", number, i + 1, receipts.getLength(),
                    expense.getAttribute("line"), date + " – " + text(expense, "description"));
            appended.add(new ReceiptPages.Receipt(receipt.getAttribute("mediaType"), content, stamp));
        }
        return pages.append(pdf, appended);
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(InvoiceXmlWriter.NAMESPACE, name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }
}
