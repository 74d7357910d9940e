package dev.crahub.system;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;

/**
 * Resolves {@code crahub.home} (env {@code CRAHUB_HOME}, default the working directory) to an absolute, normalised
 * path before anything reads it, so that route patterns, the reload watcher and file endpoints never depend on the
 * directory the JVM was started from.
 */
public class HomeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "crahub.home";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path home = resolve(environment);
        // forward slashes keep Camel's file: URIs and Ant patterns valid on every platform
        String value = home.toString().replace('\\', '/');
        environment.getPropertySources().addFirst(new MapPropertySource("crahubHome", Map.of(PROPERTY, value)));
    }

    /** The home named by {@code crahub.home} or {@code CRAHUB_HOME}, else the working directory; absolute. */
    public static Path resolve(PropertyResolver environment) {
        String configured = environment.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = environment.getProperty("CRAHUB_HOME");
        }
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("user.dir");
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }

    @Override
    public int getOrder() {
        // after application.yml and the environment are loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
