package dev.crahub.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Replaces Spring Boot's error controller by {@link ProblemErrorController} (problem details, no status 999). */
@Configuration(proxyBeanMethods = false)
public class ErrorConfiguration {

    @Bean
    ProblemErrorController problemErrorController(ErrorAttributes errorAttributes, ServerProperties server,
                                                  ObjectProvider<ErrorViewResolver> resolvers) {
        return new ProblemErrorController(errorAttributes, server.getError(), resolvers.orderedStream().toList());
    }
}
