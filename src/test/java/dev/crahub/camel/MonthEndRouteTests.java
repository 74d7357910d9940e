package dev.crahub.camel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.crahub.HubTestSupport;
import dev.crahub.cra.CraRoutes;
import dev.crahub.cra.CraStore;
import dev.crahub.cra.CraSummary;
import dev.crahub.delivery.DeliveryRoutes;
import dev.crahub.delivery.DispatchStatus;
import dev.crahub.delivery.DispatchSummary;
import dev.crahub.invoice.InvoiceRoutes;
import dev.crahub.invoice.InvoiceSummary;
import dev.crahub.referential.ReferentialImporter;
import dev.crahub.timesheet.TimesheetImporter;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import dev.crahub.delivery.mail.MailKind;
import dev.crahub.delivery.mail.OutgoingMail;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The month-end routes from YAML, woven with AdviceWith: a failure after an invoice number was taken gives the
 * number back (no gap), failures land in the dead letters, and a mail is sent once, retried only after a failure
 * that certainly happened before it left.
 */
@CamelSpringBootTest
@UseAdviceWith
// Camel's test listener would otherwise switch JMX off JVM-wide (a static), hiding Camel from Hawtio in later tests
@DisableJmx(false)
// a context of its own: the woven routes must not leak into the other full-stack tests
@TestPropertySource(properties = "crahub.test.context=advised-routes")
class MonthEndRouteTests extends HubTestSupport {

    static final AtomicBoolean failStore = new AtomicBoolean();
    static final AtomicBoolean failMail = new AtomicBoolean();

    @Autowired
    CamelContext camel;
    @Autowired
    CraRoutes cras;
    @Autowired
    CraStore craStore;
    @Autowired
    dev.crahub.cra.CraWorkflow craWorkflow;
    @Autowired
    InvoiceRoutes invoices;
    @Autowired
    DeliveryRoutes delivery;
    @Autowired
    ReferentialImporter referential;
    @Autowired
    TimesheetImporter timesheets;
    @Autowired
    DeadLetterStore deadLetters;

    @EndpointInject("mock:rendered")
    MockEndpoint rendered;
    @EndpointInject("mock:outbox")
    MockEndpoint outbox;

    @BeforeEach
    void weave() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "invoice-issue-one", route -> {
            route.weaveById("invoice-issue-one-render").after().to("mock:rendered");
            route.weaveById("invoice-issue-one-store").before().process(exchange -> {
                if (failStore.getAndSet(false)) {
                    throw new IllegalStateException("simulated crash after numbering and rendering");
                }
            });
        });
        // the outbox write of invoice mails (the CRA workflow's mails take the same route and are let through)
        AdviceWith.adviceWith(camel, "delivery-mail-send", route ->
                route.weaveById("delivery-mail-send-write").replace().process(exchange -> {
                    boolean invoice = exchange.getIn().getHeader("crahubMail", OutgoingMail.class).kind() == MailKind.INVOICE;
                    if (invoice && failMail.getAndSet(false)) {
                        throw new IllegalStateException("simulated SMTP refusal");
                    }
                }).filter(exchange -> exchange.getIn().getHeader("crahubMail", OutgoingMail.class).kind() == MailKind.INVOICE)
                        .to("mock:outbox"));
        camel.start();
    }

    @Test
    void aFailedIssueGivesItsNumberBackAndAMailLeavesOnce() throws Exception {
        referential.load(resource("/fixtures/referential.yaml").getBytes(StandardCharsets.UTF_8), "test");
        timesheets.importFile(resource("/fixtures/timesheet-2026-10.csv").getBytes(StandardCharsets.UTF_8), "t.csv");
        List<CraSummary> built = cras.build("2026-10");
        assertThat(built).singleElement().satisfies(c -> assertThat(c.outcome()).isEqualTo(CraSummary.Outcome.CREATED));
        craWorkflow.recordApproval(built.get(0).id(), "test", "signed paper CRA", null);

        rendered.expectedMessageCount(2);
        failStore.set(true);
        List<InvoiceSummary> failed = invoices.issue("2026-10");
        assertThat(failed).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo("FAILED");
            assertThat(i.error()).contains("simulated crash");
        });
        assertThat(deadLetters.list(true)).anySatisfy(d -> {
            assertThat(d.endpointUri()).isEqualTo("direct:invoice-issue-one");
            assertThat(d.error()).contains("simulated crash");
        });

        List<InvoiceSummary> issued = invoices.issue("2026-10");
        assertThat(issued).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo("ISSUED");
            assertThat(i.number()).endsWith("-000001");
        });
        rendered.assertIsSatisfied();
        assertThat(new String(rendered.getExchanges().get(1).getIn().getBody(byte[].class), 0, 5, StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");

        awaitValidEInvoices("2026-10"); // the gate lets only VALID e-invoices leave
        failMail.set(true);
        List<DispatchSummary> first = delivery.dispatch("2026-10");
        assertThat(first).singleElement().satisfies(d -> {
            // the mail did not leave: the e-mail channel is to be tried again (an operator's dispatch does not wait)
            assertThat(d.status()).isEqualTo(DispatchStatus.RETRY);
            assertThat(d.error()).contains("simulated SMTP refusal");
        });
        outbox.expectedMessageCount(1);
        outbox.expectedHeaderReceived("CamelFileName", issued.get(0).number() + ".eml");
        List<DispatchSummary> retry = delivery.dispatch("2026-10");
        assertThat(retry).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DispatchStatus.SENT);
            assertThat(d.attempts()).isEqualTo(2);
        });
        assertThat(delivery.dispatch("2026-10")).isEmpty();
        outbox.assertIsSatisfied();
    }
}
