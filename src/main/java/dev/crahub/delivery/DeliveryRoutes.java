package dev.crahub.delivery;

import java.util.List;

/** The delivery routes as the rest of the hub calls them (a proxy on {@code direct:delivery-dispatch}). */
public interface DeliveryRoutes {

    /** Mails every issued invoice of the month ({@code yyyy-MM}) not sent yet to its client's billing contact. */
    List<DispatchSummary> dispatch(String month);
}
