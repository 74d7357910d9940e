package dev.crahub.timesheet.connector;

import java.time.Clock;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.crahub.timesheet.connector.clockify.ClockifyTracker;
import dev.crahub.timesheet.connector.harvest.HarvestTracker;
import dev.crahub.timesheet.connector.jira.JiraApi;
import dev.crahub.timesheet.connector.jira.JiraTracker;
import dev.crahub.timesheet.connector.kimai.KimaiTracker;
import dev.crahub.timesheet.connector.redmine.RedmineTracker;
import dev.crahub.timesheet.connector.tempo.TempoTracker;
import dev.crahub.timesheet.connector.toggl.TogglReportsTracker;
import dev.crahub.timesheet.connector.toggl.TogglTracker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link Tracker} of a configured connector, by its kind, with its credential read from the environment.
 * Trackers are cheap and built per pull; the HTTP side of a connector ({@link TrackerHttp}: client, request budget,
 * retry) is built once, on its first use, and shared by every later pull, sync and Tempo look-up (ADR 0030).
 */
@Component
public class Trackers {

    private final Map<String, ConnectorSettings> settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Function<String, String> env;
    private final MeterRegistry meters;
    private final Map<String, TrackerHttp> clients = new ConcurrentHashMap<>();

    @Autowired
    public Trackers(ConnectorsProperties properties, Clock clock, MeterRegistry meters) {
        this(properties.connectors(), clock, Sleeper.REAL, System::getenv, meters);
    }

    public Trackers(Map<String, ConnectorSettings> settings, Clock clock, Sleeper sleeper, Function<String, String> env) {
        this(settings, clock, sleeper, env, new SimpleMeterRegistry());
    }

    public Trackers(Map<String, ConnectorSettings> settings, Clock clock, Sleeper sleeper, Function<String, String> env,
                    MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.env = env;
        this.meters = meters;
    }

    /** The one HTTP side of connector {@code name}, built on first use (thread-safe), then always the same. */
    public TrackerHttp http(String name) {
        ConnectorSettings s = settings(name);
        return clients.computeIfAbsent(name, n -> {
            TrackerHttp http = new TrackerHttp(n, TrackerHttp.Policy.of(s, VendorQuotas.of(s.kind())), clock, sleeper);
            http.bindTo(meters, String.valueOf(s.kind()));
            return http;
        });
    }

    public Map<String, ConnectorSettings> settings() {
        return settings;
    }

    public ConnectorSettings settings(String name) {
        ConnectorSettings s = settings.get(name);
        if (s == null) {
            throw new NoSuchElementException("No connector '" + name + "' (crahub.connectors." + name + ".kind)");
        }
        return s;
    }

    public Tracker tracker(String name) {
        ConnectorSettings s = settings(name);
        String kind = s.kind() == null ? "" : s.kind();
        return switch (kind) {
            case "harvest" -> new HarvestTracker(name, s, s.credential(name, env), http(name), clock);
            case "toggl" -> new TogglTracker(name, s, s.credential(name, env), http(name), clock);
            case "toggl-reports" -> new TogglReportsTracker(name, s, s.credential(name, env), http(name), clock);
            case "redmine" -> new RedmineTracker(name, s, s.credential(name, env), http(name), clock);
            case "clockify" -> new ClockifyTracker(name, s, s.credential(name, env), http(name), clock);
            case "kimai" -> new KimaiTracker(name, s, s.credential(name, env), http(name), clock);
            case "jira" -> new JiraTracker(name, s, jira(name), clock);
            case "tempo" -> new TempoTracker(name, s, s.credential(name, env), http(name), jira(tempoJira(name, s)),
                    clock);
            default -> throw new IllegalStateException("Connector '" + name + "': unknown kind '" + kind
                    + "' (toggl, toggl-reports, harvest, redmine, jira, tempo, clockify, kimai)");
        };
    }

    private JiraApi jira(String name) {
        ConnectorSettings s = settings(name);
        return new JiraApi(name, s, s.credential(name, env), http(name)); // Tempo's look-ups spend Jira's budget
    }

    private String tempoJira(String name, ConnectorSettings s) {
        if (s.jira() == null || !settings.containsKey(s.jira()) || !"jira".equals(settings.get(s.jira()).kind())) {
            throw new IllegalStateException("Connector '" + name + "' (tempo) needs crahub.connectors." + name
                    + ".jira naming a connector of kind jira (issue keys and authors are resolved there)");
        }
        return s.jira();
    }
}
