package dev.crahub.timesheet.connector;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding {@code crahub.connectors.*} as Spring does, its checks, and schedules. */
class ConnectorsPropertiesTests {

    private static ConnectorsProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("crahub", ConnectorsProperties.class);
    }

    @Test
    void severalInstancesOfOneKindWithDefaults() {
        ConnectorsProperties p = bind(Map.of(
                "crahub.connectors.toggl-acme.kind", "toggl",
                "crahub.connectors.toggl-acme.token-env", "TOGGL_ACME_TOKEN",
                "crahub.connectors.toggl-acme.schedule", "15m",
                "crahub.connectors.toggl-globex.kind", "toggl",
                "crahub.connectors.toggl-globex.enabled", "false",
                "crahub.connectors.harvest.kind", "harvest",
                "crahub.connectors.harvest.account-id", "123456",
                "crahub.connectors.harvest.look-back", "3d"));
        assertThat(p.connectors()).containsOnlyKeys("toggl-acme", "toggl-globex", "harvest");
        ConnectorSettings acme = p.connectors().get("toggl-acme");
        assertThat(acme.enabled()).isTrue();
        assertThat(acme.maxAttempts()).isEqualTo(4);
        assertThat(acme.firstPull()).hasDays(31);
        assertThat(acme.credential("toggl-acme", Map.of("TOGGL_ACME_TOKEN", "t")::get)).isEqualTo("t");
        assertThat(p.connectors().get("toggl-globex").enabled()).isFalse();
        assertThat(p.connectors().get("harvest").lookBack()).hasDays(3);
        assertThat(p.connectors().get("harvest").accountId()).isEqualTo("123456");
    }

    @Test
    void aConnectorAndItsTokenFromEnvironmentVariables() {
        var env = new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment", Map.<String, Object>of(
                "CRAHUB_CONNECTORS_HARVEST2_KIND", "harvest", "CRAHUB_CONNECTORS_HARVEST2_TOKEN", "from-env",
                "CRAHUB_CONNECTORS_HARVEST2_ACCOUNT_ID", "77"));
        ConnectorsProperties p = new Binder(org.springframework.boot.context.properties.source
                .ConfigurationPropertySources.from(env)).bindOrCreate("crahub", ConnectorsProperties.class);
        assertThat(p.connectors()).containsOnlyKeys("harvest2");
        assertThat(p.connectors().get("harvest2").credential("harvest2", n -> null)).isEqualTo("from-env");
        assertThat(p.connectors().get("harvest2").accountId()).isEqualTo("77");
    }

    @Test
    void everyProblemIsListedAtStart() {
        assertThatThrownBy(() -> bind(Map.of(
                "crahub.connectors.Bad Name.kind", "toggl",
                "crahub.connectors.x.kind", "togl",
                "crahub.connectors.y.kind", "redmine",
                "crahub.connectors.y.schedule", "every hour")))
                .rootCause()
                .hasMessageContaining("crahub.connectors.x.kind: 'togl' is not one of")
                .hasMessageContaining("crahub.connectors.y.schedule: 'every hour'");
    }

    @Test
    void aBudgetAndItsWaitsAreBoundedAndTheirDefaultsComeFromTheVendor() {
        assertThatThrownBy(() -> bind(Map.of(
                "crahub.connectors.a.kind", "harvest",
                "crahub.connectors.a.quota", "-1",
                "crahub.connectors.a.quota-window", "0s",
                "crahub.connectors.b.kind", "toggl",
                "crahub.connectors.b.max-attempts", "1000",
                "crahub.connectors.b.max-wait", "30d",
                "crahub.connectors.c.kind", "jira",
                "crahub.connectors.c.timeout", "0s")))
                .rootCause()
                .hasMessageContaining("crahub.connectors.a.quota: -1 is negative")
                .hasMessageContaining("crahub.connectors.a.quota-window: PT0S must be a positive duration")
                .hasMessageContaining("crahub.connectors.b.max-attempts: 1000 is not between 1 and 10")
                .hasMessageContaining("crahub.connectors.b.max-wait: PT720H is not between 1 ms and PT1H")
                .hasMessageContaining("crahub.connectors.c.timeout: PT0S must be a positive duration");

        ConnectorsProperties p = bind(Map.of(
                "crahub.connectors.toggl.kind", "toggl",
                "crahub.connectors.paid.kind", "toggl",
                "crahub.connectors.paid.quota", "600",
                "crahub.connectors.paid.quota-window", "1h",
                "crahub.connectors.paid.max-wait", "2m"));
        TrackerHttp.Policy free = TrackerHttp.Policy.of(p.connectors().get("toggl"), VendorQuotas.of("toggl"));
        assertThat(free.quota()).isEqualTo(30);
        assertThat(free.window()).hasHours(1);
        assertThat(free.maxWait()).hasMinutes(5);
        TrackerHttp.Policy paid = TrackerHttp.Policy.of(p.connectors().get("paid"), VendorQuotas.of("toggl"));
        assertThat(paid.quota()).isEqualTo(600);
        assertThat(paid.window()).hasHours(1);
        assertThat(paid.maxWait()).hasMinutes(2);
        assertThat(VendorQuotas.of("harvest")).isEqualTo(new VendorQuotas.Quota(100, java.time.Duration.ofSeconds(15)));
        assertThat(VendorQuotas.of("redmine")).isEqualTo(new VendorQuotas.Quota(10, java.time.Duration.ofSeconds(1)));
    }

    @Test
    void aMissingCredentialNamesTheVariables() {
        ConnectorSettings s = ConnectorSettings.of("toggl", null, Map.of());
        assertThatThrownBy(() -> s.credential("toggl-acme", n -> null))
                .hasMessageContaining("crahub.connectors.toggl-acme.token-env").hasMessageNotContaining("CRAHUB_");
        assertThatThrownBy(() -> s.credential("toggl", n -> null))
                .hasMessageContaining("CRAHUB_CONNECTORS_TOGGL_TOKEN");
    }

    @Test
    void schedulesAreCronOrIntervals() {
        ZonedDateTime last = ZonedDateTime.of(2024, 12, 20, 10, 7, 0, 0, ZoneId.of("Europe/Paris"));
        assertThat(ConnectorPulls.nextRun("15m", last)).isEqualTo(last.plusMinutes(15));
        assertThat(ConnectorPulls.nextRun("PT1H", last)).isEqualTo(last.plusHours(1));
        assertThat(ConnectorPulls.nextRun("0 0/15 * * * *", last)).isEqualTo(last.withMinute(15));
    }
}
