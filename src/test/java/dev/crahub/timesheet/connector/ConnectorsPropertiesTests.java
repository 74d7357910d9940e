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
