package dev.crahub.timesheet.connector;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Every configured connector by name ({@code crahub.connectors.<name>.*}); the name is the entries' source. */
@ConfigurationProperties("crahub")
public record ConnectorsProperties(Map<String, ConnectorSettings> connectors) {

    public ConnectorsProperties {
        connectors = connectors == null ? Map.of() : new TreeMap<>(connectors);
    }
}
