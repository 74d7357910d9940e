package dev.crahub.system;

import java.util.List;
import java.util.Set;

import dev.crahub.system.ServerPoolsHealthIndicator.ConnectorView;
import dev.crahub.system.ServerPoolsHealthIndicator.PoolView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

class ServerPoolsHealthIndicatorTests {

    private static final List<ConnectorView> HTTP = List.of(new ConnectorView("http-nio-8080", true, true));
    private static final Set<String> THREADS = Set.of("main", "http-nio-8080-Acceptor", "http-nio-8080-Poller");
    private static final PoolView POOL = new PoolView(false, 10, 8, 0);

    @Test
    void upWhenTheAcceptorPollerExecutorAndPoolLive() {
        Health health = ServerPoolsHealthIndicator.decide(HTTP, THREADS, POOL);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("httpConnectors", List.of("http-nio-8080"));
    }

    @Test
    void aConnectorOnAPortChosenAtStartIsRecognisedByItsThreads() {
        assertThat(ServerPoolsHealthIndicator.decide(List.of(new ConnectorView("http-nio-auto-1-41234", true, true)),
                Set.of("http-nio-auto-1-Acceptor", "http-nio-auto-1-Poller"), POOL).getStatus()).isEqualTo(Status.UP);
        assertThat(ServerPoolsHealthIndicator.decide(List.of(new ConnectorView("http-nio-auto-1-41234", true, true)),
                Set.of("http-nio-auto-12-Acceptor", "http-nio-auto-1-Poller"), POOL).getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void downWhenTheAcceptorThreadDied() {
        Health health = ServerPoolsHealthIndicator.decide(HTTP, Set.of("http-nio-8080-Poller"), POOL);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("dead")).asList()
                .containsExactly("HTTP connector http-nio-8080: its acceptor thread is gone");
    }

    @Test
    void downWhenTheExecutorIsShutDownOrTheConnectorStopped() {
        assertThat(ServerPoolsHealthIndicator.decide(List.of(new ConnectorView("http-nio-8080", true, false)), THREADS,
                POOL).getDetails().get("dead")).asList()
                .containsExactly("HTTP connector http-nio-8080: its request executor is shut down");
        assertThat(ServerPoolsHealthIndicator.decide(List.of(new ConnectorView("http-nio-8080", false, true)), Set.of(),
                POOL).getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void downWhenTheDatabasePoolIsClosedOrCannotOpenAConnection() {
        assertThat(ServerPoolsHealthIndicator.decide(HTTP, THREADS, new PoolView(true, 0, 0, 0)).getStatus())
                .isEqualTo(Status.DOWN);
        Health starved = ServerPoolsHealthIndicator.decide(HTTP, THREADS, new PoolView(false, 0, 0, 4));
        assertThat(starved.getDetails().get("dead")).asList()
                .containsExactly("the database pool cannot open any connection (4 waiting)");
        assertThat(ServerPoolsHealthIndicator.decide(HTTP, THREADS, new PoolView(false, 10, 0, 4)).getStatus())
                .as("busy is not dead").isEqualTo(Status.UP);
    }
}
