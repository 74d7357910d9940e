package dev.crahub.system;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One clock for the whole hub, in the business time zone (Europe/Paris by default); tests replace it. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    Clock clock(@Value("${crahub.zone:Europe/Paris}") String zone) {
        return Clock.system(ZoneId.of(zone));
    }
}
