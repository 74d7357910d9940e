package dev.crahub.delivery.pa;

import dev.crahub.delivery.ChannelDelivery;
import dev.crahub.delivery.ChannelOutcome;
import dev.crahub.einvoice.EInvoiceDocument;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.EInvoiceNotValidException;
import dev.crahub.einvoice.EInvoices;
import org.springframework.stereotype.Component;

/**
 * The {@code pa} channel (route {@code delivery-send-pa}): the client's approved platform, named by the channel's
 * {@code platform} setting, receives the e-invoice (Factur-X unless the channel asks {@code cii} or {@code ubl}),
 * tracked by the invoice number; the {@code flowId} it answers is the attempt's remote id.
 */
@Component("paChannel")
public class PaChannel {

    private final PaClients clients;
    private final EInvoices einvoices;

    public PaChannel(PaClients clients, EInvoices einvoices) {
        this.clients = clients;
        this.einvoices = einvoices;
    }

    public ChannelOutcome send(ChannelDelivery delivery) throws InterruptedException {
        String platform = delivery.setting("platform");
        PaClient client = clients.client(platform).orElse(null);
        if (client == null) {
            return ChannelOutcome.failed(platform == null || platform.isBlank()
                    ? "the pa channel of client " + delivery.clientCode() + " names no platform and "
                    + clients.platforms().size() + " are configured (crahub.platforms.<name>.base-url, token-url)"
                    : "platform '" + platform + "' is not configured (crahub.platforms." + platform + ".base-url, token-url)");
        }
        EInvoiceFormat format = delivery.format() == null ? EInvoiceFormat.FACTURX : delivery.format();
        EInvoiceDocument document;
        try {
            document = einvoices.document(delivery.invoiceId(), format);
        } catch (EInvoiceNotValidException e) {
            return ChannelOutcome.failed(e.getMessage());
        }
        return client.submit(document, delivery.invoiceNumber());
    }
}
