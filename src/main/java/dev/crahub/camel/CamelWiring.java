package dev.crahub.camel;

import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import dev.crahub.cra.CraRoutes;
import dev.crahub.delivery.DeliveryRoutes;
import dev.crahub.delivery.DispatchRunQueue;
import dev.crahub.einvoice.EInvoiceRoutes;
import dev.crahub.invoice.InvoiceOrders;
import dev.crahub.invoice.InvoiceRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ProxyBuilder;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where Camel meets the rest: the features call plain interfaces ({@link CraRoutes}, ...) that are proxies on the
 * routes' {@code direct:} endpoints, so business code never imports Camel and integrators own the flow in YAML.
 */
@Configuration(proxyBeanMethods = false)
public class CamelWiring {

    /** Logger of Camel's error handler; off in application.yml (see {@link #quietErrorHandler()}). */
    static final String ERROR_HANDLER_LOG = "dev.crahub.camel.CamelErrorHandler";

    @Bean
    CraRoutes craRoutes(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("direct:cra-build").build(CraRoutes.class);
    }

    @Bean
    InvoiceRoutes invoiceRoutes(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("direct:invoice-issue").build(InvoiceRoutes.class);
    }

    @Bean
    InvoiceOrders invoiceOrders(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("direct:invoice-issue-on-demand").build(InvoiceOrders.class);
    }

    @Bean
    EInvoiceRoutes einvoiceRoutes(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("direct:einvoice-build").build(EInvoiceRoutes.class);
    }

    @Bean
    DeliveryRoutes deliveryRoutes(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("direct:delivery-dispatch").build(DeliveryRoutes.class);
    }

    /**
     * Dispatch runs go to the background: the caller of {@link DispatchRunQueue#enqueue} does not wait for the run
     * (seda with {@code waitForTaskToComplete=Never}); route {@code delivery-dispatch-run} takes them one at a time.
     */
    @Bean
    DispatchRunQueue dispatchRunQueue(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("seda:delivery-dispatch-run?waitForTaskToComplete=Never")
                .build(DispatchRunQueue.class);
    }

    /**
     * The threads that carry out a dispatch run's documents side by side ({@code crahub.delivery.run-threads},
     * default 4): each mailbox throttles its own mails in {@code delivery-mail-send}, so one slow mailbox or channel
     * does not hold up the others.
     */
    @Bean(destroyMethod = "")
    ExecutorService dispatchRunPool(CamelContext camel, @Value("${crahub.delivery.run-threads:4}") int threads) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "delivery-dispatch-run", Math.max(1, threads));
    }

    /**
     * The month end's bounded pool ({@code crahub.month-end.threads}, default 0 = the available processors): route
     * {@code cra-build} builds the month's CRAs on it side by side, each in its own transaction (ADR 0032). Only the
     * calling thread (HTTP or timer) waits on it, never a thread of the pool itself, so it cannot deadlock on itself.
     */
    @Bean(destroyMethod = "")
    ExecutorService monthEndPool(CamelContext camel, @Value("${crahub.month-end.threads:0}") int threads) {
        int size = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "month-end", Math.max(1, size));
    }

    /**
     * Camel's own error handler logs nothing: every failure is logged once, where it is understood, through
     * {@link dev.crahub.system.FailureLog} (dead letters, inbox reports, the consumers' exception handler) or by
     * the HTTP caller it reaches. Left on, it printed the message history and the whole stack trace of every
     * failed unit, even those a route handles in its {@code doTry} (ADR 0011).
     */
    @Bean
    static BeanPostProcessor quietErrorHandler() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof CamelContext camel) {
                    // before the YAML routes are loaded: each route takes the context's handler when it is read.
                    // Inside a transaction Camel logs a rolled back failure whatever logExhausted says (one line at
                    // ERROR): under its own logger name, off in application.yml.
                    camel.getCamelContextExtension().setErrorHandlerFactory(new DefaultErrorHandlerDefinition()
                            .logExhausted(false).logStackTrace(false).logExhaustedMessageHistory(false)
                            .logRetryAttempted(false).logHandled(false).logNewException(false)
                            .log(ERROR_HANDLER_LOG));
                }
                return bean;
            }
        };
    }

    /** Collects the split's results into a list: what the month endpoints answer. */
    @Bean
    GroupedBodyAggregationStrategy groupedBodies() {
        return new GroupedBodyAggregationStrategy();
    }

    /** File inboxes take a file once, even across restarts and instances sharing the database. */
    @Bean
    JdbcMessageIdRepository inboxIdempotentRepository(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, "file-inbox");
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
