package dev.crahub.cra;

import java.time.Clock;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import dev.crahub.system.MonthOperation;
import dev.crahub.system.MonthRunBusyException;
import dev.crahub.system.MonthRuns;
import dev.crahub.system.WorkingCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * When each seller's CRAs are built without anyone asking: the last working day of the month at 18:00 in
 * {@code crahub.zone}, or the seller's {@code craBuildCron} (the month built is the month of the fire time). A fire
 * time is built once across restarts and instances: it is claimed in {@code cra_build_schedule_run} while holding
 * the month's build run ({@link MonthRuns}); a fire time missed while the hub was down is caught up the same day only.
 */
@Component
public class CraBuildSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(CraBuildSchedule.class);
    static final LocalTime DEFAULT_TIME = LocalTime.of(18, 0);
    /** A cron firing more often than this within a day is only looked at up to here. */
    private static final int MAX_FIRES_A_DAY = 1440;

    private final JdbcClient jdbc;
    private final ReferentialStore referential;
    private final MonthRuns runs;
    private final Clock clock;
    private final boolean enabled;

    public CraBuildSchedule(JdbcClient jdbc, ReferentialStore referential, MonthRuns runs, Clock clock,
                            @Value("${crahub.cra.build-schedule.enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.referential = referential;
        this.runs = runs;
        this.clock = clock;
        this.enabled = enabled;
    }

    /** A seller's build that is due: the seller, the fire time, the month to build. */
    public record Due(String seller, OffsetDateTime fireAt, String month) {
    }

    /** The latest fire time of today (in the zone) that is not after {@code now}, if any. */
    public static Optional<ZonedDateTime> fireTimeToday(String cron, ZonedDateTime now) {
        ZonedDateTime dayStart = now.toLocalDate().atStartOfDay(now.getZone());
        if (cron == null || cron.isBlank()) {
            ZonedDateTime fire = WorkingCalendar.lastWorkingDay(YearMonth.from(now)).atTime(DEFAULT_TIME)
                    .atZone(now.getZone());
            return fire.toLocalDate().equals(now.toLocalDate()) && !fire.isAfter(now) ? Optional.of(fire) : Optional.empty();
        }
        CronExpression expression = CronExpression.parse(cron.strip());
        ZonedDateTime last = null;
        ZonedDateTime next = expression.next(dayStart.minusNanos(1));
        for (int i = 0; i < MAX_FIRES_A_DAY && next != null && !next.isAfter(now); i++) {
            last = next;
            next = expression.next(next);
        }
        return Optional.ofNullable(last);
    }

    /** The sellers' builds due now and not claimed yet. */
    public List<Due> due() {
        if (!enabled) {
            return List.of();
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<Due> due = new ArrayList<>();
        for (Seller seller : referential.sellers()) {
            Optional<ZonedDateTime> fire;
            try {
                fire = fireTimeToday(seller.craBuildCron(), now);
            } catch (IllegalArgumentException e) {
                LOG.warn("Seller {}: craBuildCron '{}' is not a cron expression; no scheduled build", seller.code(),
                        seller.craBuildCron());
                continue;
            }
            if (fire.isPresent() && !claimed(seller.code(), fire.get().toOffsetDateTime())) {
                due.add(new Due(seller.code(), fire.get().toOffsetDateTime(), YearMonth.from(fire.get()).toString()));
            }
        }
        return due;
    }

    private boolean claimed(String seller, OffsetDateTime fireAt) {
        return jdbc.sql("SELECT count(*) FROM cra_build_schedule_run WHERE seller_code = :seller AND fire_at = :at")
                .param("seller", seller).param("at", fireAt).query(Integer.class).single() > 0;
    }

    /**
     * Takes the month's build run and claims the fire time; answers the claim to close once built, or null when
     * another build of the month runs (tried again at the next tick) or the fire time was claimed already.
     */
    public Claim claim(Due due) {
        MonthRuns.Run run;
        try {
            run = runs.start(MonthOperation.CRAS, YearMonth.parse(due.month()), "schedule");
        } catch (MonthRunBusyException e) {
            LOG.info("Scheduled CRA build of {} for {} waits: {}", due.month(), due.seller(), e.getMessage());
            return null;
        }
        int claimed = jdbc.sql("""
                INSERT INTO cra_build_schedule_run (seller_code, fire_at, month, started_at)
                VALUES (:seller, :at, :month, :now) ON CONFLICT DO NOTHING
                """)
                .param("seller", due.seller()).param("at", due.fireAt()).param("month", due.month())
                .param("now", OffsetDateTime.now(clock)).update();
        if (claimed == 0) {
            run.close();
            return null;
        }
        LOG.info("Scheduled CRA build of {} for seller {} (fire time {})", due.month(), due.seller(), due.fireAt());
        return new Claim(due.seller(), due.month(), run);
    }

    /** Ends a claimed build (whatever its outcome): the month's build run is released. */
    public void finish(Claim claim) {
        if (claim != null) {
            claim.close();
        }
    }

    /** A claimed scheduled build, holding the month's build run until closed. */
    public static final class Claim implements AutoCloseable {
        private final String seller;
        private final String month;
        private final MonthRuns.Run run;

        Claim(String seller, String month, MonthRuns.Run run) {
            this.seller = seller;
            this.month = month;
            this.run = run;
        }

        public String seller() {
            return seller;
        }

        public String month() {
            return month;
        }

        @Override
        public void close() {
            run.close();
        }
    }
}
