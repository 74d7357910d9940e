package dev.crahub;

import java.nio.file.Files;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README's demo walkthrough promises: with {@code crahub.demo.enabled=true} last month closes in a few calls,
 * for a French client (VAT 20 %) and a German one (reverse charge, English documents).
 */
@TestPropertySource(properties = "crahub.demo.enabled=true")
class DemoIntegrationTests extends HubTestSupport {

    @Autowired
    Clock clock;

    @Test
    @SuppressWarnings("unchecked")
    void theDemoMonthClosesForBothClients() throws Exception {
        String month = YearMonth.now(clock).minusMonths(1).toString();
        awaitDone("timesheets", "demo-timesheet-" + month + ".csv");

        List<Map<String, Object>> cras = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/" + month + "/cras", null, Map.class).get("cras");
        assertThat(cras).extracting(c -> c.get("contract")).containsExactly("globex-facturation", "initech-audit");
        assertThat(cras).allSatisfy(c -> assertThat(c).containsEntry("outcome", "CREATED"));
        for (Map<String, Object> cra : cras) {
            assertThat(approve(cra.get("id"), "signed timesheet received by mail")).containsEntry("status", "APPROVED");
        }

        List<Map<String, Object>> invoices = (List<Map<String, Object>>) admin()
                .postForObject("/api/months/" + month + "/invoices", null, Map.class).get("invoices");
        assertThat(invoices).hasSize(2).allSatisfy(i -> assertThat(i).containsEntry("status", "ISSUED"));
        assertThat(invoices).extracting(i -> i.get("number")).allSatisfy(n -> assertThat((String) n).startsWith("DEMO-"));
        Map<String, Object> initech = invoices.stream().filter(i -> "initech".equals(i.get("client"))).findFirst().orElseThrow();
        assertThat(((Number) initech.get("totalVat")).doubleValue()).isZero();
        String text = MonthEndIntegrationTests.text(admin().getForObject("/api/invoices/" + initech.get("id") + "/pdf", byte[].class));
        assertThat(text).contains("INVOICE").containsIgnoringCase("reverse charge").contains("DE123456789");

        awaitValidEInvoices(month); // the gate lets only VALID e-invoices leave
        List<Map<String, Object>> dispatches = (List<Map<String, Object>>) dispatchMonth(month).get("dispatches");
        assertThat(dispatches).hasSize(2).allSatisfy(d -> assertThat(d).containsEntry("status", "SENT"));
        try (var files = Files.list(home.outbox("mail"))) {
            // the two invoice mails, beside the CRA workflow's (validation requests that left before the approval,
            // notices of the approvals recorded on the approvers' behalf), which may still be being written (a hidden
            // .tmp- file renamed once whole)
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".eml") && !f.startsWith(".")))
                    .filteredOn(f -> !f.startsWith("cra-")).hasSize(2).allSatisfy(f -> assertThat(f).startsWith("DEMO-"));
        }
    }
}
