package dev.crahub.timesheet.connector;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * What every vendor's connector test stands on: a WireMock server replaying the tracker's answers, the pull service
 * on an embedded PostgreSQL migrated like the hub's, and a clock the test moves (no real sleeping on Retry-After).
 */
public abstract class TrackerTestSupport {

    @RegisterExtension
    protected static final WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    protected static ConnectorDatabase db;

    protected final FakeTime time = new FakeTime();

    @BeforeAll
    static void database() throws Exception {
        db = new ConnectorDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }
}
