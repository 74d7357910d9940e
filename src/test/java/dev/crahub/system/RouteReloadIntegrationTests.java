package dev.crahub.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.crahub.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Routes live in the home's routes/: a saved change is live without a restart; a broken save changes nothing. */
class RouteReloadIntegrationTests extends HubTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    private static String route(String answer) {
        return """
                - route:
                    id: system-probe
                    description: Answers %s (route reload test)
                    from:
                      uri: direct:system-probe
                      steps:
                        - setBody:
                            constant: %s
                """.formatted(answer, answer);
    }

    @Test
    void aSavedRouteIsReloadedAndABrokenSaveKeepsThePreviousOne() throws Exception {
        Path file = home.routes().resolve("system/system-probe.yaml");
        Files.writeString(file, route("v1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("system-probe") != null);
        assertThat(producer.requestBody("direct:system-probe", "", String.class)).isEqualTo("v1");

        Files.writeString(file, route("v2"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "v2".equals(producer.requestBody("direct:system-probe", "", String.class)));
        assertThat(camel.getRoute("system-probe").getDescription()).isEqualTo("Answers v2 (route reload test)");

        Files.writeString(file, "- route:\n    id: system-probe\n    from: [ this is : not valid");
        // give the watcher time to try (and fail) the reload
        Thread.sleep(4000);
        assertThat(camel.getRoute("system-probe")).isNotNull();
        assertThat(producer.requestBody("direct:system-probe", "", String.class)).isEqualTo("v2");
        // the other routes are untouched
        assertThat(camel.getRoute("invoice-issue")).isNotNull();

        Files.writeString(file, route("v3"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "v3".equals(producer.requestBody("direct:system-probe", "", String.class)));
    }
}
