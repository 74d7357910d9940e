package dev.crahub.camel;

import javax.sql.DataSource;

import dev.crahub.cra.CraRoutes;
import dev.crahub.delivery.DeliveryRoutes;
import dev.crahub.invoice.InvoiceRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ProxyBuilder;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where Camel meets the rest: the features call plain interfaces ({@link CraRoutes}, ...) that are proxies on the
 * routes' {@code direct:} endpoints, so business code never imports Camel and integrators own the flow in YAML.
 */
@Configuration(proxyBeanMethods = false)
public class CamelWiring {

    @Bean
    CraRoutes craRoutes(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("direct:cra-build").build(CraRoutes.class);
    }

    @Bean
    InvoiceRoutes invoiceRoutes(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("direct:invoice-issue").build(InvoiceRoutes.class);
    }

    @Bean
    DeliveryRoutes deliveryRoutes(CamelContext camel) throws Exception {
        return new ProxyBuilder(camel).endpoint("direct:delivery-dispatch").build(DeliveryRoutes.class);
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
