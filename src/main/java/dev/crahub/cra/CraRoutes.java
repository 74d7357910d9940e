package dev.crahub.cra;

import java.util.List;

/**
 * The CRA routes as the rest of the hub calls them. Implemented by a proxy on {@code direct:cra-build}
 * (see {@code routes/cra/cra-build.yaml}), so an integrator can change the flow without touching Java.
 */
public interface CraRoutes {

    /** Builds one CRA per contract with billable time in the month ({@code yyyy-MM}). */
    List<CraSummary> build(String month);
}
