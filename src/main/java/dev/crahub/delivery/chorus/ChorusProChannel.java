package dev.crahub.delivery.chorus;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crahub.delivery.ChannelDelivery;
import dev.crahub.delivery.ChannelOutcome;
import dev.crahub.delivery.PlatformCall;
import dev.crahub.einvoice.EInvoiceDocument;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.EInvoiceNotValidException;
import dev.crahub.einvoice.EInvoices;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.system.SecureXml;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The {@code chorus-pro} channel (route {@code delivery-send-chorus-pro}): a public buyer's invoice deposited on
 * Chorus Pro as Factur-X (the only syntax this channel sends). Chorus Pro routes it by the buyer's service code
 * (BT-10) and checks the engagement number (BT-13) when the buyer requires one: the contract's {@code invoicing:
 * {serviceCode, engagementNumber}}. A delivery whose invoice lacks them fails for good, saying which is missing
 * (channel settings {@code service-code-required}, default true, and {@code engagement-required}, default false).
 */
@Component("chorusProChannel")
public class ChorusProChannel {

    private static final String NS = "urn:crahub:invoice:1";

    private final ChorusProSettings settings;
    private final EInvoices einvoices;
    private final ReferentialStore referential;
    private final JdbcClient jdbc;
    private final ChorusProClient client;

    @Autowired
    public ChorusProChannel(ChorusProSettings settings, EInvoices einvoices, ReferentialStore referential,
                            JdbcClient jdbc, Clock clock, ObjectMapper json) {
        this(settings, einvoices, referential, jdbc, clock, json, PlatformCall.Sleeper.REAL);
    }

    ChorusProChannel(ChorusProSettings settings, EInvoices einvoices, ReferentialStore referential, JdbcClient jdbc,
                     Clock clock, ObjectMapper json, PlatformCall.Sleeper sleeper) {
        this.settings = settings;
        this.einvoices = einvoices;
        this.referential = referential;
        this.jdbc = jdbc;
        this.client = settings.configured() ? new ChorusProClient(settings, clock, json, sleeper) : null;
    }

    public ChannelOutcome send(ChannelDelivery delivery) throws InterruptedException {
        if (client == null) {
            return ChannelOutcome.failed("Chorus Pro is not configured (crahub.chorus-pro.base-url, token-url)");
        }
        Optional<String> missing = missingReferences(delivery);
        if (missing.isPresent()) {
            return ChannelOutcome.failed(missing.get());
        }
        EInvoiceDocument facturx;
        try {
            facturx = einvoices.document(delivery.invoiceId(), EInvoiceFormat.FACTURX);
        } catch (EInvoiceNotValidException e) {
            return ChannelOutcome.failed(e.getMessage());
        }
        return client.deposit(facturx);
    }

    /** Why the invoice cannot go to Chorus Pro as issued (a reference its buyer needs is not on it), if so. */
    Optional<String> missingReferences(ChannelDelivery delivery) {
        Map<String, Object> row = jdbc.sql("SELECT number, contract_code, xml FROM invoice WHERE id = :id")
                .param("id", delivery.invoiceId()).query().listOfRows().stream().findFirst().orElse(null);
        if (row == null) {
            return Optional.of("no issued invoice " + delivery.invoiceId());
        }
        String number = (String) row.get("number");
        String contractCode = (String) row.get("contract_code");
        Contract contract = contractCode == null ? null : referential.contract(contractCode).orElse(null);
        String serviceCode = contract == null ? null : contract.invoicing().serviceCode();
        Element root = SecureXml.parse(((String) row.get("xml")).getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        String buyerReference = text(root, "buyerReference");
        String purchaseOrder = text(root, "purchaseOrder");
        boolean serviceRequired = !"false".equalsIgnoreCase(String.valueOf(delivery.settings().getOrDefault("service-code-required", "true")));
        boolean engagementRequired = "true".equalsIgnoreCase(delivery.settings().getOrDefault("engagement-required", "false"));
        if (serviceRequired && serviceCode == null) {
            return Optional.of("Chorus Pro needs the buyer's service code: contract " + contractCode
                    + " has no invoicing.serviceCode (set it in the referential, then credit invoice " + number
                    + " and issue it again)");
        }
        if (serviceRequired && !serviceCode.equals(buyerReference)) {
            return Optional.of("invoice " + number + " was issued with buyer reference " + buyerReference
                    + ", not the service code " + serviceCode + " Chorus Pro routes by: credit it and issue it again");
        }
        if (engagementRequired && purchaseOrder == null) {
            return Optional.of("Chorus Pro needs an engagement number for this buyer: invoice " + number
                    + " has none (contract " + contractCode + ": invoicing.engagementNumber or poNumber)");
        }
        return Optional.empty();
    }

    private static String text(Element root, String name) {
        NodeList list = root.getElementsByTagNameNS(NS, name);
        if (list.getLength() == 0) {
            return null;
        }
        String text = list.item(0).getTextContent().strip();
        return text.isEmpty() ? null : text;
    }
}
