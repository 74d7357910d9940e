package dev.crahub.timesheet.connector;

import java.time.Clock;
import java.util.Map;
import java.util.NoSuchElementException;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Builds the {@link Tracker} of a configured connector, by its kind, with its credential read from the environment. */
@Component
public class Trackers {

    private final Map<String, ConnectorSettings> settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Function<String, String> env;

    @Autowired
    public Trackers(ConnectorsProperties properties, Clock clock) {
        this(properties.connectors(), clock, Sleeper.REAL, System::getenv);
    }

    public Trackers(Map<String, ConnectorSettings> settings, Clock clock, Sleeper sleeper, Function<String, String> env) {
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.env = env;
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
            case "harvest" -> new HarvestTracker(name, s, s.credential(name, env), clock, sleeper);
            case "toggl" -> new TogglTracker(name, s, s.credential(name, env), clock, sleeper);
            case "toggl-reports" -> new TogglReportsTracker(name, s, s.credential(name, env), clock, sleeper);
            case "redmine" -> new RedmineTracker(name, s, s.credential(name, env), clock, sleeper);
            case "clockify" -> new ClockifyTracker(name, s, s.credential(name, env), clock, sleeper);
            case "kimai" -> new KimaiTracker(name, s, s.credential(name, env), clock, sleeper);
            case "jira" -> new JiraTracker(name, s, jira(name), clock);
            case "tempo" -> new TempoTracker(name, s, s.credential(name, env), jira(tempoJira(name, s)), clock, sleeper);
            default -> throw new IllegalStateException("Connector '" + name + "': unknown kind '" + kind
                    + "' (toggl, toggl-reports, harvest, redmine, jira, tempo, clockify, kimai)");
        };
    }

    private JiraApi jira(String name) {
        ConnectorSettings s = settings(name);
        return new JiraApi(name, s, s.credential(name, env), clock, sleeper);
    }

    private String tempoJira(String name, ConnectorSettings s) {
        if (s.jira() == null || !settings.containsKey(s.jira()) || !"jira".equals(settings.get(s.jira()).kind())) {
            throw new IllegalStateException("Connector '" + name + "' (tempo) needs crahub.connectors." + name
                    + ".jira naming a connector of kind jira (issue keys and authors are resolved there)");
        }
        return s.jira();
    }
}
