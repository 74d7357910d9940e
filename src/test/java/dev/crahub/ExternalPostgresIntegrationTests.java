package dev.crahub;

import dev.crahub.system.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same month end on a real PostgreSQL server given by {@code SPRING_DATASOURCE_URL}-style settings, proving the
 * non-embedded path. {@code .ci/run} installs Debian's PostgreSQL, creates a fresh database and sets
 * {@code CRAHUB_TEST_DATASOURCE_URL}, {@code _USERNAME} and {@code _PASSWORD}; without them this class is skipped.
 */
@EnabledIfEnvironmentVariable(named = "CRAHUB_TEST_DATASOURCE_URL", matches = "jdbc:postgresql:.+",
        disabledReason = "tier external PostgreSQL: CRAHUB_TEST_DATASOURCE_URL is not set (.ci/run installs a server and sets it)")
class ExternalPostgresIntegrationTests extends MonthEndIntegrationTests {

    @DynamicPropertySource
    static void externalDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("CRAHUB_TEST_DATASOURCE_URL"));
        registry.add("spring.datasource.username", () -> System.getenv("CRAHUB_TEST_DATASOURCE_USERNAME"));
        registry.add("spring.datasource.password", () -> System.getenv("CRAHUB_TEST_DATASOURCE_PASSWORD"));
    }

    @Autowired
    ApplicationContext context;

    @Test
    void theHubUsesTheConfiguredServerAndStartsNoEmbeddedOne() {
        assertThat(context.getBeanNamesForType(EmbeddedPostgresServer.class)).isEmpty();
        String url = JdbcClient.create(context.getBean(javax.sql.DataSource.class))
                .sql("SELECT current_database()").query(String.class).single();
        assertThat(System.getenv("CRAHUB_TEST_DATASOURCE_URL")).endsWith("/" + url);
        assertThat(home.data().resolve("pgdata/PG_VERSION")).doesNotExist();
    }
}
