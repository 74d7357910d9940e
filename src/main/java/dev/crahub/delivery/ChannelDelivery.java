package dev.crahub.delivery;

import java.util.Map;

import dev.crahub.einvoice.EInvoiceFormat;

/**
 * One attempt to deliver an issued invoice through one channel of its client (ADR 0021): the body a channel route
 * ({@code direct:delivery-send-<channel>}) receives. {@code channel} is the referential's type ({@code file},
 * {@code pa}, {@code chorus-pro}, {@code email}); {@code settings} the channel's own entries from the referential
 * (never a secret: credentials come from the environment); {@code attempt} counts from 1 for this dispatch.
 */
public record ChannelDelivery(long dispatchId, long invoiceId, String invoiceNumber, String sellerCode,
                              String clientCode, String channel, EInvoiceFormat format, Map<String, String> settings,
                              int attempt) {

    public ChannelDelivery {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public String setting(String key) {
        return settings.get(key);
    }
}
