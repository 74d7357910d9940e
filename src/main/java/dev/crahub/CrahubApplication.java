package dev.crahub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The crahub integration hub: timesheets in, CRAs and invoices out. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CrahubApplication {

    public static void main(String[] args) {
        SpringApplication.run(CrahubApplication.class, args);
    }
}
