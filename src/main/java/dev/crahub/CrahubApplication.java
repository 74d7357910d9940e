package dev.crahub;

import dev.crahub.system.HomeEnvironmentPostProcessor;
import dev.crahub.system.HubLock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The crahub integration hub: timesheets in, CRAs and invoices out. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CrahubApplication {

    public static void main(String[] args) {
        // one hub per home, checked before anything starts: a second one stops here with one line
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        try {
            HubLock.holdForProcess(HomeEnvironmentPostProcessor.resolve(environment));
        } catch (HubLock.HomeInUseException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        SpringApplication.run(CrahubApplication.class, args);
    }
}
