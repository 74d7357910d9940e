package dev.crahub.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.YearMonth;

import dev.crahub.referential.ReferentialImporter;
import dev.crahub.system.CrahubHome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With {@code crahub.demo.enabled=true}: loads the bundled demo referential at start, then drops last month's demo
 * timesheet into the timesheet inbox, where the ordinary file route imports it. Safe to repeat: both are upserts.
 */
@Component
@ConditionalOnProperty(name = "crahub.demo.enabled", havingValue = "true")
class DemoLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

    private final CrahubHome home;
    private final Clock clock;
    private final ReferentialImporter referential;

    DemoLoader(CrahubHome home, Clock clock, ReferentialImporter referential) {
        this.home = home;
        this.clock = clock;
        this.referential = referential;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/demo/referential.yaml")) {
            referential.load(in.readAllBytes(), "demo/referential.yaml");
        }
        YearMonth month = YearMonth.now(clock).minusMonths(1);
        String name = "demo-timesheet-" + month + ".csv";
        Path inbox = home.inbox("timesheets");
        Path temp = inbox.resolve("." + name + ".tmp");
        Files.writeString(temp, DemoData.timesheetCsv(month), StandardCharsets.UTF_8);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.info("Demo: referential loaded, timesheet {} dropped into {}. Month to close: {}", name, inbox, month);
    }
}
