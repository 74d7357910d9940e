package dev.crahub.delivery;

import java.lang.management.ManagementFactory;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jmx.export.MBeanExporter;
import org.springframework.jmx.support.RegistrationPolicy;
import org.springframework.jmx.export.annotation.AnnotationJmxAttributeSource;
import org.springframework.jmx.export.assembler.MetadataMBeanInfoAssembler;

/**
 * Publishes {@link DispatchRunMonitor} as MBean {@code dev.crahub:type=DispatchRuns} in the platform MBean server,
 * where Hawtio reads it through Jolokia (read-only: {@code system/JolokiaAccessPolicy}). Only this bean: Spring's
 * general exporter ({@code spring.jmx.enabled}) stays off, so nothing else of the application is exported by chance.
 * The first hub in the JVM keeps the name (tests start several).
 */
@Configuration(proxyBeanMethods = false)
class DispatchRunJmx {

    static final String NAME = "dev.crahub:type=DispatchRuns";

    @Bean
    MBeanExporter dispatchRunExporter(DispatchRunMonitor monitor) {
        MBeanExporter exporter = new MBeanExporter();
        exporter.setServer(ManagementFactory.getPlatformMBeanServer());
        exporter.setAssembler(new MetadataMBeanInfoAssembler(new AnnotationJmxAttributeSource()));
        exporter.setAutodetect(false);
        exporter.setRegistrationPolicy(RegistrationPolicy.IGNORE_EXISTING);
        exporter.setBeans(Map.of(NAME, monitor));
        return exporter;
    }
}
