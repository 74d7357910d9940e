package dev.crahub.timesheet.connector;

import java.util.UUID;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/** WireMock answers that fail first, as rate limits and outages do. */
public final class Stubs {

    private Stubs() {
    }

    /** The request first gets {@code failure}, then {@code success} on every later call. */
    public static void failingOnce(WireMockExtension wm, Supplier<MappingBuilder> request,
                                   ResponseDefinitionBuilder failure, ResponseDefinitionBuilder success) {
        String scenario = UUID.randomUUID().toString();
        wm.stubFor(request.get().inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willReturn(failure)
                .willSetStateTo("recovered"));
        wm.stubFor(request.get().inScenario(scenario).whenScenarioStateIs("recovered").willReturn(success));
    }

    public static ResponseDefinitionBuilder tooManyRequests(String retryAfter) {
        return aResponse().withStatus(429).withHeader("Retry-After", retryAfter);
    }
}
