package dev.crahub.delivery.reminder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.crahub.delivery.mail.MailAccount;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailFormats;
import dev.crahub.delivery.mail.MailKind;
import dev.crahub.delivery.mail.MailTemplateEngine;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.invoice.InvoiceStore;
import dev.crahub.invoice.InvoiceSummary;
import dev.crahub.referential.Client;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import dev.crahub.system.SecureXml;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Builds a payment reminder (ADR 0027) from the templates {@code payment-reminder.<lang>.*} of the invoice's template
 * set ({@link MailTemplateEngine}): before the due date a friendly notice, after it the amount overdue with the
 * late-payment penalty rate and the fixed recovery indemnity exactly as the invoice states them (read from its
 * canonical XML, formatted as its PDF prints them), and what remains due when it was partly paid. Its Message-ID is
 * the reminder's (one per invoice and stage); it leaves from the contract's mailbox to the client's billing contact.
 */
@Component
public class PaymentReminderComposer {

    private final InvoiceStore invoices;
    private final ReferentialStore referential;
    private final MailAccounts accounts;
    private final MailTemplateEngine templates;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public PaymentReminderComposer(InvoiceStore invoices, ReferentialStore referential, MailAccounts accounts,
                                   MailTemplateEngine templates, Clock clock) {
        this.invoices = invoices;
        this.referential = referential;
        this.accounts = accounts;
        this.templates = templates;
        this.clock = clock;
    }

    /** The reminder's mail, for route {@code delivery-mail-send}. */
    public OutgoingMail compose(PaymentReminderStore.Reminder reminder, InvoiceBalance balance) throws MessagingException {
        InvoiceSummary invoice = invoices.find(reminder.invoiceId()).orElseThrow();
        Contract contract = referential.contract(invoice.contract()).orElseThrow();
        Client client = referential.client(invoice.client()).orElseThrow();
        Seller seller = referential.seller(invoice.seller()).orElseThrow();
        String language = invoices.language(invoice.id()).orElse(client.language() == null ? "fr" : client.language());
        Map<String, Object> model = model(invoice, invoiceXml(invoice), balance, contract, client, seller, language,
                LocalDate.now(clock));
        MailTemplateEngine.Rendered text = templates.render(Arrays.asList(contract.templateSet(), client.templateSet()),
                MailKind.PAYMENT_REMINDER, language, model);

        MailAccount account = accounts.choose(contract.mail().account(),
                contract.accountManager() == null ? null : contract.accountManager().email(), seller.mailAccount());
        MimeMessage message = new FixedIdMessage(session, reminder.messageId());
        message.setFrom(accounts.sender(account, seller.name(), seller.email()));
        if (seller.email() != null) {
            message.setReplyTo(new InternetAddress[] {new InternetAddress(seller.email())});
        }
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(client.billing().email(), true));
        if (client.billing().cc() != null && !client.billing().cc().isEmpty()) {
            message.setRecipients(Message.RecipientType.CC,
                    InternetAddress.parse(String.join(",", client.billing().cc()), true));
        }
        message.setSubject(text.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Crahub-Invoice", invoice.number());
        message.setHeader("X-Crahub-Reminder", String.valueOf(reminder.offsetDays()));
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text.text(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(text.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return new OutgoingMail(MailKind.PAYMENT_REMINDER, account.name(), message, invoice.id(), null, null, null,
                "reminder-" + invoice.number() + "-d" + (reminder.offsetDays() < 0 ? "" : "+") + reminder.offsetDays()
                        + ".eml");
    }

    /** The templates' variables; amounts, dates and rates as the invoice's PDF of that language prints them. */
    static Map<String, Object> model(InvoiceSummary invoice, byte[] invoiceXml, InvoiceBalance balance,
                                     Contract contract, Client client, Seller seller, String language, LocalDate today) {
        Document xml = SecureXml.parse(invoiceXml);
        String currency = invoice.currency();
        long days = ChronoUnit.DAYS.between(invoice.dueDate(), today);
        Map<String, Object> m = new HashMap<>();
        m.put("number", invoice.number());
        m.put("issueDate", MailFormats.date(invoice.issueDate(), language));
        m.put("dueDate", MailFormats.date(invoice.dueDate(), language));
        m.put("period", MailFormats.month(YearMonth.parse(invoice.month()), language));
        m.put("contract", contract.label());
        m.put("purchaseOrder", text(xml, "purchaseOrder"));
        m.put("totalGross", MailFormats.amount(invoice.totalGross(), currency, language));
        m.put("paid", MailFormats.amount(balance.paid(), currency, language));
        m.put("credited", MailFormats.amount(balance.credited(), currency, language));
        m.put("outstanding", MailFormats.amount(balance.outstanding(), currency, language));
        m.put("paidAny", balance.paid().signum() > 0);
        m.put("creditedAny", balance.credited().signum() > 0);
        m.put("partlyPaid", balance.paid().signum() > 0 || balance.credited().signum() > 0);
        m.put("overdue", days > 0);
        m.put("dueToday", days == 0);
        m.put("daysOverdue", Math.max(0, days));
        m.put("daysUntilDue", Math.max(0, -days));
        String rate = text(xml, "latePenaltyRate");
        m.put("latePenaltyRate", rate == null ? null : percent(new BigDecimal(rate), language));
        String indemnity = text(xml, "recoveryIndemnity");
        m.put("recoveryIndemnity", indemnity == null ? null
                : MailFormats.amount(new BigDecimal(indemnity), attribute(xml, "recoveryIndemnity", "currency"), language));
        m.put("seller", seller.name());
        m.put("sellerEmail", seller.email());
        m.put("iban", seller.iban() == null ? null : dev.crahub.delivery.mail.MailFormats.iban(seller.iban()));
        m.put("bic", seller.bic());
        m.put("client", client.name());
        m.put("contactName", client.billing().name());
        return m;
    }

    /** As {@code f:percent} of {@code xsl/fo/format.xsl}: fr {@code 12,15 %}, en {@code 12.15%}. */
    static String percent(BigDecimal value, String language) {
        boolean fr = !"en".equals(language);
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setDecimalSeparator(fr ? ',' : '.');
        symbols.setGroupingSeparator(fr ? '\u00a0' : ',');
        DecimalFormat format = new DecimalFormat("#,##0.##", symbols);
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format.format(value) + (fr ? "\u00a0%" : "%");
    }

    private byte[] invoiceXml(InvoiceSummary invoice) {
        return invoices.xml(invoice.id()).orElseThrow(() -> new IllegalStateException("invoice " + invoice.number()
                + " has no XML")).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Document xml, String element) {
        NodeList nodes = xml.getElementsByTagNameNS("*", element);
        if (nodes.getLength() == 0) {
            return null;
        }
        String value = nodes.item(0).getTextContent();
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String attribute(Document xml, String element, String name) {
        NodeList nodes = xml.getElementsByTagNameNS("*", element);
        if (nodes.getLength() == 0) {
            return null;
        }
        String value = ((org.w3c.dom.Element) nodes.item(0)).getAttribute(name);
        return value.isEmpty() ? null : value;
    }

    /** Keeps the reminder's own Message-ID ({@code saveChanges} would otherwise make a new one). */
    static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
