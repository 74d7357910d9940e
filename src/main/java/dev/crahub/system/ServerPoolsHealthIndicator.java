package dev.crahub.system;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Health ({@code serverPools}) that fails when a pool the hub depends on is dead, so that a probe or a service manager
 * sees it: an HTTP connector not started, its request executor shut down, its acceptor or poller thread gone (a
 * thread that died of OutOfMemoryError left the port open and every request hanging), or the database pool closed or
 * unable to open any connection while callers wait. The database query itself is the {@code db} indicator's.
 */
@Component("serverPools")
public class ServerPoolsHealthIndicator implements HealthIndicator {

    /** What the indicator needs to know of one HTTP connector. */
    public record ConnectorView(String name, boolean started, boolean executorAlive) {
    }

    /** What it needs to know of the database pool ({@code null} when the pool is not Hikari). */
    public record PoolView(boolean closed, int total, int idle, int awaiting) {
    }

    private final ApplicationContext context;
    private final ObjectProvider<DataSource> dataSource;

    public ServerPoolsHealthIndicator(ApplicationContext context, ObjectProvider<DataSource> dataSource) {
        this.context = context;
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        return decide(connectors(), liveThreadNames(), pool());
    }

    /** The decision, apart from where its facts come from. */
    public static Health decide(List<ConnectorView> connectors, Set<String> liveThreads, PoolView pool) {
        List<String> dead = new ArrayList<>();
        for (ConnectorView c : connectors) {
            if (!c.started()) {
                dead.add("HTTP connector " + c.name() + " is not started");
                continue;
            }
            if (!c.executorAlive()) {
                dead.add("HTTP connector " + c.name() + ": its request executor is shut down");
            }
            for (String role : List.of("Acceptor", "Poller")) {
                if (!hasThread(liveThreads, c.name(), role)) {
                    dead.add("HTTP connector " + c.name() + ": its " + role.toLowerCase() + " thread is gone");
                }
            }
        }
        if (pool != null && pool.closed()) {
            dead.add("the database pool is closed");
        } else if (pool != null && pool.total() == 0 && pool.awaiting() > 0) {
            dead.add("the database pool cannot open any connection (" + pool.awaiting() + " waiting)");
        }
        Health.Builder health = dead.isEmpty() ? Health.up() : Health.down().withDetail("dead", dead);
        health.withDetail("httpConnectors", connectors.stream().map(ConnectorView::name).toList());
        if (pool != null) {
            health.withDetail("databasePool", "total " + pool.total() + ", idle " + pool.idle() + ", waiting "
                    + pool.awaiting());
        }
        return health.build();
    }

    /**
     * Tomcat names these threads after the connector's name when it started ({@code http-nio-8080-Acceptor}); with
     * a port chosen at start ({@code server.port=0}) the connector's name gained the port afterwards
     * ({@code http-nio-auto-1-41234}, threads {@code http-nio-auto-1-Acceptor}).
     */
    private static boolean hasThread(Set<String> liveThreads, String connector, String role) {
        String suffix = "-" + role;
        for (String thread : liveThreads) {
            if (thread.endsWith(suffix)) {
                String prefix = thread.substring(0, thread.length() - suffix.length());
                if (connector.equals(prefix) || connector.startsWith(prefix + "-")) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<ConnectorView> connectors() {
        List<ConnectorView> views = new ArrayList<>();
        if (context instanceof WebServerApplicationContext web && web.getWebServer() instanceof TomcatWebServer tomcat) {
            for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
                String name = connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol
                        ? protocol.getName().replace("\"", "") : connector.toString();
                Executor executor = connector.getProtocolHandler().getExecutor();
                boolean alive = !(executor instanceof ExecutorService service) || !service.isShutdown();
                views.add(new ConnectorView(name, connector.getState() == LifecycleState.STARTED, alive));
            }
        }
        return views;
    }

    private static Set<String> liveThreadNames() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int n = root.enumerate(threads, true);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (threads[i].isAlive()) {
                names.add(threads[i].getName());
            }
        }
        return names;
    }

    private PoolView pool() {
        if (dataSource.getIfAvailable() instanceof HikariDataSource hikari) {
            HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
            if (hikari.isClosed() || mx == null) {
                return new PoolView(hikari.isClosed(), 0, 0, 0);
            }
            return new PoolView(false, mx.getTotalConnections(), mx.getIdleConnections(),
                    mx.getThreadsAwaitingConnection());
        }
        return null;
    }
}
