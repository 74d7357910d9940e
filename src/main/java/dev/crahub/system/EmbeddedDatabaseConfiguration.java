package dev.crahub.system;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Zero-setup database: when {@code spring.datasource.url} (env {@code SPRING_DATASOURCE_URL}) is not set, a real
 * PostgreSQL from io.zonky's binaries starts with the hub ({@link EmbeddedPostgresServer}: durable commits,
 * password authentication, orphan of a killed hub stopped), its data kept in {@code data/pgdata} across restarts.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
public class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(CrahubHome home, @Value("${crahub.database.embedded.port:0}") int port) {
        return new EmbeddedPostgresServer(home, port).start();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgresServer postgres, @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("crahub-embedded");
        return new HikariDataSource(config);
    }

    /** Matches only when no datasource URL is configured (Boot 3.5 has no @ConditionalOnMissingProperty). */
    static class NoDataSourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
