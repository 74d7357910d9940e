package dev.crahub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scaled month end for profiling by hand (not a benchmark, no timing asserted): N contracts (system property
 * {@code crahub.probe.contracts}), one consultant each, 21 working days x 3 sessions; CRAs built, approved through the
 * API, invoices issued, e-invoices through the gate, dispatched by mail to GreenMail. Prints each stage's wall time.
 * Run: {@code mvn -o -B test -Dtest=MonthEndThroughputProbe -Dcrahub.probe.contracts=30
 * -DargLine=-XX:StartFlightRecording=filename=target/probe.jfr}
 */
@EnabledIfSystemProperty(named = "crahub.probe.contracts", matches = "\\d+")
class MonthEndThroughputProbe extends HubTestSupport {

    static final int N = Integer.getInteger("crahub.probe.contracts", 0);

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("crahub.mail.smtp.host", () -> "127.0.0.1");
        registry.add("crahub.mail.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("crahub.mail.from", () -> "factures@acme.example");
        registry.add("crahub.mail.rate", () -> "0");
        registry.add("crahub.cra.mail-poll", () -> "200");
    }

    @Test
    @SuppressWarnings("unchecked")
    void monthEnd() throws Exception {
        String fixture = resource("/fixtures/referential.yaml");
        String head = fixture.substring(0, fixture.indexOf("consultants:"));
        StringBuilder ref = new StringBuilder(head).append("consultants:\n");
        for (int i = 0; i < N; i++) {
            ref.append("  - code: c").append(i).append("\n    name: Consultant Numéro ").append(i).append('\n');
        }
        ref.append("contracts:\n");
        for (int i = 0; i < N; i++) {
            ref.append("""
                      - code: k%d
                        seller: acme
                        client: globex
                        label: Mission %d
                        consultants: [c%d]
                        dailyRate: 650.00
                        currency: EUR
                        hoursPerDay: 8
                        vatRegime: STANDARD
                        vatRate: 20.00
                        paymentTermsDays: 30
                        poNumber: PO-2026-%04d
                        validationDeadlineDays: 5
                        trackers:
                          - source: generic
                            project: P-%d
                    """.formatted(i, i, i, i, i));
        }
        StringBuilder csv = new StringBuilder("consultant,date,hours,project,comment\n");
        for (int i = 0; i < N; i++) {
            for (LocalDate d = LocalDate.of(2026, 10, 1); d.getMonthValue() == 10; d = d.plusDays(1)) {
                if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    continue;
                }
                csv.append("c").append(i).append(',').append(d).append(",3,P-").append(i).append(",\"Atelier de cadrage\"\n");
                csv.append("c").append(i).append(',').append(d).append(",3,P-").append(i).append(",Développement du connecteur\n");
                csv.append("c").append(i).append(',').append(d).append(",2,P-").append(i).append(",Recette\n");
            }
        }
        drop("referential", "referential.yaml", ref.toString());
        awaitDone("referential", "referential.yaml");
        drop("timesheets", "timesheet-2026-10.csv", csv.toString());
        awaitDone("timesheets", "timesheet-2026-10.csv");

        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double load0 = os.getSystemLoadAverage();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Map<String, Object> cras = admin().postForObject("/api/months/2026-10/cras", null, Map.class);
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        List<Map<String, Object>> built = (List<Map<String, Object>>) cras.get("cras");
        assertThat(built).hasSize(N).allSatisfy(c -> assertThat(c).containsEntry("outcome", "CREATED"));
        assertThat(built).extracting(c -> c.get("contract")).isSorted();
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(100))
                .until(() -> smtp.getReceivedMessages().length >= N);
        long t2 = System.nanoTime();
        long c2 = os.getProcessCpuTime();
        for (Map<String, Object> c : built) {
            approve(c.get("id"), "probe");
        }
        long t3 = System.nanoTime();
        long c3 = os.getProcessCpuTime();
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/2026-10/invoices", null, Map.class).get("invoices");
        long t4 = System.nanoTime();
        long c4 = os.getProcessCpuTime();
        assertThat(invoices).hasSize(N);
        awaitValidEInvoices("2026-10");
        long t5 = System.nanoTime();
        long c5 = os.getProcessCpuTime();
        Map<String, Object> run = dispatchMonth("2026-10");
        long t6 = System.nanoTime();
        long c6 = os.getProcessCpuTime();
        assertThat((List<Object>) run.get("dispatches")).hasSize(N);
        String report = """
                probe contracts=%d cpus=%d
                cras %d ms (%.1f ms each); cra mails all received +%d ms
                approvals %d ms (%.1f ms each)
                invoices %d ms (%.1f ms each)
                einvoices valid +%d ms after the issue answered
                dispatch %d ms (%.1f ms each)
                process cpu ms: cras %d, cra mails %d, approvals %d, invoices %d, einvoices %d, dispatch %d
                load average at start %.2f, at end %.2f
                """.formatted(N, Runtime.getRuntime().availableProcessors(), ms(t0, t1), ms(t0, t1) / (double) N,
                ms(t1, t2), ms(t2, t3), ms(t2, t3) / (double) N, ms(t3, t4), ms(t3, t4) / (double) N, ms(t4, t5),
                ms(t5, t6), ms(t5, t6) / (double) N, ms(c0, c1), ms(c1, c2), ms(c2, c3), ms(c3, c4), ms(c4, c5),
                ms(c5, c6), load0, os.getSystemLoadAverage());
        System.out.println(report);
        Files.writeString(Path.of("target", "probe-" + N + ".txt"), report);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
