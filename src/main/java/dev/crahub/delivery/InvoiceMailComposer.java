package dev.crahub.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.crahub.delivery.mail.MailAccount;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailKind;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.EInvoices;
import dev.crahub.invoice.InvoiceStore;
import dev.crahub.invoice.InvoiceSummary;
import dev.crahub.referential.Client;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.springframework.stereotype.Component;

/**
 * Builds the standardized invoice mail: personalised text in the client's language, the invoice's Factur-X (its PDF
 * with annexes as PDF/A-3, the CII embedded) attached as {@code <number>.pdf}, asked of the validation gate
 * ({@link EInvoices#document}: never a file the gate did not pass), and a Message-ID fixed at dispatch creation, so that any resend is recognisable as the same
 * message.
 */
@Component
public class InvoiceMailComposer {

    private final DispatchStore dispatches;
    private final InvoiceStore invoices;
    private final ReferentialStore referential;
    private final MailAccounts accounts;
    private final EInvoices einvoices;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public InvoiceMailComposer(DispatchStore dispatches, InvoiceStore invoices, ReferentialStore referential,
                               MailAccounts accounts, EInvoices einvoices, Clock clock) {
        this.einvoices = einvoices;
        this.dispatches = dispatches;
        this.invoices = invoices;
        this.referential = referential;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The invoice mail of a dispatch, ready for route {@code delivery-mail-send}, from its contract's mailbox. */
    public OutgoingMail compose(long dispatchId) throws MessagingException, IOException {
        DispatchSummary dispatch = dispatches.find(dispatchId).orElseThrow();
        InvoiceSummary invoice = invoices.find(dispatch.invoiceId()).orElseThrow();
        Client client = referential.client(invoice.client()).orElseThrow();
        Seller seller = referential.seller(invoice.seller()).orElseThrow();
        Contract contract = referential.contract(invoice.contract()).orElseThrow();
        byte[] pdf = einvoices.document(invoice.id(), EInvoiceFormat.FACTURX).content();
        // the invoice's own language (its template set may fix one), else the client's
        String language = invoices.language(invoice.id()).orElse(client.language() == null ? "fr" : client.language());
        MailTemplates.Rendered text = MailTemplates.render("invoice", language, values(invoice, client, seller, contract, language));

        MailAccount account = accounts.choose(contract.mail().account(),
                contract.accountManager() == null ? null : contract.accountManager().email(), seller.mailAccount());
        MimeMessage message = new FixedIdMimeMessage(session, dispatch.messageId());
        message.setFrom(accounts.sender(account, seller.name(), seller.email()));
        if (seller.email() != null) {
            message.setReplyTo(new InternetAddress[] {new InternetAddress(seller.email())});
        }
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(client.billing().email()));
        if (!client.billing().cc().isEmpty()) {
            message.setRecipients(Message.RecipientType.CC, InternetAddress.parse(String.join(",", client.billing().cc())));
        }
        message.setSubject(text.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Crahub-Invoice", invoice.number());

        MimeBodyPart body = new MimeBodyPart();
        body.setText(text.body(), "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
        attachment.setFileName(invoice.number() + ".pdf");
        attachment.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart multipart = new MimeMultipart("mixed");
        multipart.addBodyPart(body);
        multipart.addBodyPart(attachment);
        message.setContent(multipart);
        message.saveChanges();
        MailKind kind = "381".equals(invoice.typeCode()) ? MailKind.CREDIT_NOTE : MailKind.INVOICE;
        return new OutgoingMail(kind, account.name(), message, invoice.id(), null, dispatchId, null,
                invoice.number() + ".eml");
    }

    /** The message as an RFC 822 {@code .eml} file. */
    public byte[] toEml(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private Map<String, String> values(InvoiceSummary invoice, Client client, Seller seller, Contract contract, String language) {
        Locale locale = Locale.forLanguageTag(language);
        DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
        YearMonth month = YearMonth.parse(invoice.month());
        Map<String, String> v = new HashMap<>();
        v.put("number", invoice.number());
        v.put("seller", seller.name());
        v.put("sellerEmail", seller.email() == null ? "" : seller.email());
        v.put("period", month.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale) + " " + month.getYear());
        v.put("greetingName", client.billing().name() == null ? "" : " " + client.billing().name());
        v.put("issueDate", dates.format(invoice.issueDate()));
        v.put("dueDate", dates.format(invoice.dueDate()));
        v.put("totalGross", money(invoice.totalGross(), invoice.currency(), locale));
        v.put("totalNet", money(invoice.totalNet(), invoice.currency(), locale));
        v.put("contract", contract.label());
        v.put("purchaseOrderLine", contract.poNumber() == null ? ""
                : ("fr".equals(language) ? "Votre bon de commande : " : "Your purchase order: ") + contract.poNumber() + "\n");
        v.put("bankLine", seller.iban() == null ? "-" : "IBAN " + seller.iban() + (seller.bic() == null ? "" : " – BIC " + seller.bic()));
        return v;
    }

    static String money(BigDecimal amount, String currency, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(Currency.getInstance(currency));
        return format.format(amount);
    }

    /** Keeps the Message-ID chosen at dispatch creation ({@code saveChanges} would otherwise make a new one). */
    static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
