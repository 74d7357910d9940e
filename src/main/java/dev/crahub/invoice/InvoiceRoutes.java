package dev.crahub.invoice;

import java.util.List;

/** The invoice routes as the rest of the hub calls them (a proxy on {@code direct:invoice-issue}). */
public interface InvoiceRoutes {

    /** Issues one invoice per approved, not yet invoiced CRA of the month ({@code yyyy-MM}). */
    List<InvoiceSummary> issue(String month);
}
