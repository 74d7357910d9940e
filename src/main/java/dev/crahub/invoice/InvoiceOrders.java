package dev.crahub.invoice;

import java.util.List;

/**
 * What users ask of invoices beyond the month run, as the rest of the hub calls it (a proxy on
 * {@code direct:invoice-issue-on-demand}): issue a draft, credit an invoice, cancel and replace it.
 */
public interface InvoiceOrders {

    /** The documents issued, in number order; nothing is issued when one of them fails. */
    List<InvoiceSummary> issue(InvoiceCorrections.Order order);
}
