package dev.crahub.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.crahub.cra.CraStore;
import dev.crahub.delivery.mail.MailAccount;
import dev.crahub.delivery.mail.MailAccounts;
import dev.crahub.delivery.mail.MailFormats;
import dev.crahub.delivery.mail.MailKind;
import dev.crahub.delivery.mail.MailTemplateEngine;
import dev.crahub.delivery.mail.OutgoingMail;
import dev.crahub.document.TemplateRenderer;
import dev.crahub.document.TemplateSet;
import dev.crahub.document.TemplateSets;
import dev.crahub.einvoice.EInvoiceFormat;
import dev.crahub.einvoice.EInvoices;
import dev.crahub.invoice.InvoiceStore;
import dev.crahub.invoice.InvoiceSummary;
import dev.crahub.referential.Client;
import dev.crahub.referential.Contract;
import dev.crahub.referential.ContractDocuments;
import dev.crahub.referential.ReferentialStore;
import dev.crahub.referential.Seller;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Builds the standardized invoice and credit-note mail (ADR 0025) from the home's templates
 * ({@code templates/<set>/mail/invoice|credit-note.<lang>.*}, the contract's set, else the client's, else
 * {@code default}): subject, text and HTML saying the same, amounts and dates as the PDF of that language prints them
 * ({@link MailFormats}), a greeting that fits a person or a department, the personal message of the send above the
 * standard text. Attached: the Factur-X (asked of the validation gate, {@link EInvoices#document}: never a file the
 * gate did not pass) as {@code <number>.pdf}; the annexes alone and the approved CRA when the set's
 * {@code mail.attachments} says so; the quote and purchase order stored on the contract. A mail larger than
 * {@code crahub.mail.max-size} fails for good, naming its attachments and their sizes. The Message-ID is the one fixed
 * at dispatch creation, so any resend is recognisable as the same message.
 */
@Component
public class InvoiceMailComposer {

    private final DispatchStore dispatches;
    private final InvoiceStore invoices;
    private final ReferentialStore referential;
    private final MailAccounts accounts;
    private final EInvoices einvoices;
    private final MailTemplateEngine templates;
    private final TemplateSets sets;
    private final TemplateRenderer renderer;
    private final CraStore cras;
    private final ContractDocuments documents;
    private final Clock clock;
    private final long maxSize;
    private final Session session = Session.getInstance(new Properties());

    public InvoiceMailComposer(DispatchStore dispatches, InvoiceStore invoices, ReferentialStore referential,
                               MailAccounts accounts, EInvoices einvoices, MailTemplateEngine templates,
                               TemplateSets sets, TemplateRenderer renderer, CraStore cras, ContractDocuments documents,
                               Clock clock, @Value("${crahub.mail.max-size:10MB}") DataSize maxSize) {
        this.dispatches = dispatches;
        this.invoices = invoices;
        this.referential = referential;
        this.accounts = accounts;
        this.einvoices = einvoices;
        this.templates = templates;
        this.sets = sets;
        this.renderer = renderer;
        this.cras = cras;
        this.documents = documents;
        this.clock = clock;
        this.maxSize = maxSize.toBytes();
    }

    /** The invoice mail of a dispatch, ready for route {@code delivery-mail-send}, from its contract's mailbox. */
    public OutgoingMail compose(long dispatchId) throws MessagingException, IOException {
        DispatchSummary dispatch = dispatches.find(dispatchId).orElseThrow();
        InvoiceSummary invoice = invoices.find(dispatch.invoiceId()).orElseThrow();
        return compose(invoice, dispatch.messageId(), dispatches.personalMessage(dispatchId).orElse(null), null,
                dispatchId);
    }

    /**
     * The mail an invoice would get, without sending it nor recording anything (the preview): its Message-ID is a
     * preview's, never the one of a dispatch.
     *
     * @param language null: the invoice's
     * @param message  the personal message to show, or null
     */
    public OutgoingMail preview(long invoiceId, String language, String message) throws MessagingException, IOException {
        InvoiceSummary invoice = invoices.find(invoiceId).orElseThrow();
        return compose(invoice, "<preview." + invoiceId + "@crahub.invalid>", message, language, null);
    }

    /** The kind of mail a document gets: a credit note's (type 381) or an invoice's. */
    public static MailKind kind(InvoiceSummary invoice) {
        return "381".equals(invoice.typeCode()) ? MailKind.CREDIT_NOTE : MailKind.INVOICE;
    }

    private OutgoingMail compose(InvoiceSummary invoice, String messageId, String personalMessage, String languageOverride,
                                 Long dispatchId) throws MessagingException, IOException {
        if (invoice.number() == null) {
            throw new UnsendableMailException("invoice " + invoice.id() + " is not issued: a draft is never mailed");
        }
        Client client = referential.client(invoice.client()).orElseThrow();
        Seller seller = referential.seller(invoice.seller()).orElseThrow();
        Contract contract = referential.contract(invoice.contract()).orElseThrow();
        // the invoice's own language (its template set may fix one), else the client's
        String language = languageOverride != null ? languageOverride
                : invoices.language(invoice.id()).orElse(client.language() == null ? "fr" : client.language());
        language = "en".equals(language) ? "en" : "fr";
        MailKind kind = kind(invoice);
        List<String> setNames = new ArrayList<>();
        setNames.add(contract.templateSet());
        setNames.add(client.templateSet());
        List<Attachment> attachments = attachments(invoice, contract, client, language);

        Map<String, Object> model = model(invoice, client, seller, contract, language, personalMessage, attachments);
        MailTemplateEngine.Rendered rendered;
        try {
            rendered = templates.render(setNames, kind, language, model);
        } catch (IllegalStateException e) {
            throw new UnsendableMailException(e.getMessage()); // a template to fix: the mail fails for good, said why
        }

        MailAccount account = accounts.choose(contract.mail().account(),
                contract.accountManager() == null ? null : contract.accountManager().email(), seller.mailAccount());
        MimeMessage message = new FixedIdMimeMessage(session, messageId);
        message.setFrom(accounts.sender(account, MailSafety.oneLine(seller.name(), 200), seller.email()));
        var replyTo = MailSafety.replyTo(seller.email());
        if (replyTo != null) {
            message.setReplyTo(new jakarta.mail.Address[] {replyTo});
        }
        // the address alone, as before (the registry lists recipients by address); the name greets in the body
        message.setRecipient(Message.RecipientType.TO, MailSafety.address(client.billing().email(), null, "recipient"));
        var cc = MailSafety.ccList(client.billing().cc());
        if (cc.length > 0) {
            message.setRecipients(Message.RecipientType.CC, cc);
        }
        message.setSubject(MailSafety.oneLine(rendered.subject(), 250), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Crahub-Invoice", MailSafety.oneLine(invoice.number(), 100));
        message.setHeader("X-Crahub-Template-Set", rendered.set());

        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(rendered.text(), "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(rendered.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        for (Attachment a : attachments) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.type())));
            part.setFileName(a.name());
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            mixed.addBodyPart(part);
        }
        message.setContent(mixed);
        message.saveChanges();
        requireSize(message, invoice, attachments);
        return new OutgoingMail(kind, account.name(), message, invoice.id(), null, dispatchId, null,
                invoice.number().replaceAll("[^A-Za-z0-9._-]", "_") + ".eml");
    }

    /** A file the mail carries. */
    record Attachment(String name, String type, byte[] content) {
    }

    /** The Factur-X, then what the set's {@code mail.attachments} adds, then the contract's stored documents. */
    private List<Attachment> attachments(InvoiceSummary invoice, Contract contract, Client client, String language) {
        List<Attachment> list = new ArrayList<>();
        String base = invoice.number().replaceAll("[^A-Za-z0-9._-]", "_");
        list.add(new Attachment(base + ".pdf", "application/pdf",
                einvoices.document(invoice.id(), EInvoiceFormat.FACTURX).content()));
        List<String> options = mailOptions(contract, client);
        if (options.contains(TemplateSet.MAIL_ANNEXES_SEPARATELY) && invoice.craId() != null) {
            byte[] xml = invoices.xml(invoice.id()).orElseThrow().getBytes(StandardCharsets.UTF_8);
            list.add(new Attachment(base + ("en".equals(language) ? "-time-detail.pdf" : "-detail-des-temps.pdf"),
                    "application/pdf", renderer.renderInvoice(xml, TemplateRenderer.PART_TIME_DETAIL)));
        }
        if (options.contains(TemplateSet.MAIL_CRA) && invoice.craId() != null) {
            byte[] pdf = cras.pdf(invoice.craId()).orElseThrow(() -> new UnsendableMailException(
                    "the set asks for the approved CRA, and CRA " + invoice.craId() + " has no PDF"));
            list.add(new Attachment(("CRA-" + invoice.contract() + "-" + invoice.month() + ".pdf")
                    .replaceAll("[^A-Za-z0-9._-]", "_"), "application/pdf", pdf));
        }
        for (ContractDocuments.Stored d : documents.current(contract.code())) {
            list.add(new Attachment(d.fileName(), "application/pdf", documents.content(d.id())));
        }
        return list;
    }

    /** The {@code mail.attachments} of the document's set (the contract's, else the client's, else default). */
    private List<String> mailOptions(Contract contract, Client client) {
        String name = contract.templateSet() != null ? contract.templateSet()
                : client.templateSet() != null ? client.templateSet() : TemplateSet.DEFAULT;
        try {
            return sets.current(name).map(TemplateSet::mailAttachments).orElse(List.of());
        } catch (dev.crahub.document.InvalidTemplateSetException e) {
            throw new UnsendableMailException(e.getMessage()); // fix the set, then replay: never a half-made mail
        }
    }

    /** Fails for good (never a silent truncation) when the mail as sent is larger than {@code crahub.mail.max-size}. */
    private void requireSize(MimeMessage message, InvoiceSummary invoice, List<Attachment> attachments)
            throws MessagingException, IOException {
        long size = size(message);
        if (size <= maxSize) {
            return;
        }
        List<String> parts = attachments.stream().map(a -> a.name() + " (" + kb(a.content().length) + ")").toList();
        throw new UnsendableMailException("the mail of " + invoice.number() + " is " + kb(size) + " once encoded, more"
                + " than crahub.mail.max-size (" + kb(maxSize) + "): attachments " + String.join(", ", parts));
    }

    static long size(MimeMessage message) throws MessagingException, IOException {
        long[] count = {0};
        message.writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        });
        return count[0];
    }

    static String kb(long bytes) {
        return String.format(Locale.ROOT, "%,d KB", (bytes + 1023) / 1024);
    }

    private Map<String, Object> model(InvoiceSummary invoice, Client client, Seller seller, Contract contract,
                                      String language, String personalMessage, List<Attachment> attachments) {
        Map<String, Object> m = new HashMap<>();
        String currency = invoice.currency();
        m.put("language", language);
        m.put("greeting", MailSafety.greeting(client.billing().name(), language));
        String message = MailSafety.paragraph(personalMessage, MailSafety.MAX_MESSAGE);
        m.put("message", message);
        m.put("messageLines", MailSafety.lines(message));
        m.put("number", invoice.number());
        m.put("creditNote", kind(invoice) == MailKind.CREDIT_NOTE);
        m.put("issueDate", MailFormats.date(invoice.issueDate(), language));
        m.put("dueDate", MailFormats.date(invoice.dueDate(), language));
        m.put("period", invoice.month() == null ? "" : MailFormats.month(YearMonth.parse(invoice.month()), language));
        m.put("totalNet", MailFormats.amount(invoice.totalNet(), currency, language));
        m.put("totalVat", MailFormats.amount(invoice.totalVat(), currency, language));
        m.put("totalGross", MailFormats.amount(invoice.totalGross(), currency, language));
        m.put("currency", currency);
        m.put("contract", MailSafety.oneLine(contract.label(), 200));
        m.put("client", MailSafety.oneLine(client.name(), 200));
        m.put("po", contract.poNumber() == null || contract.poNumber().isBlank() ? null : MailSafety.oneLine(contract.poNumber(), 100));
        Map<String, Object> preceding = null;
        if (invoice.precedingInvoiceId() != null) {
            preceding = new LinkedHashMap<>();
            preceding.put("number", invoice.precedingInvoiceNumber());
            preceding.put("issueDate", invoices.find(invoice.precedingInvoiceId()).map(p -> MailFormats.date(p.issueDate(),
                    language)).orElse(""));
        }
        m.put("preceding", preceding);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", MailSafety.oneLine(seller.name(), 200));
        s.put("email", seller.email() == null ? "" : MailSafety.oneLine(seller.email(), 200));
        s.put("iban", seller.iban() == null || seller.iban().isBlank() ? null : MailFormats.iban(seller.iban()));
        s.put("bic", seller.bic() == null || seller.bic().isBlank() ? null : seller.bic());
        m.put("seller", s);
        m.put("attachments", attachments.stream().map(Attachment::name).toList());
        return m;
    }

    /** The message as an RFC 822 {@code .eml} file. */
    public byte[] toEml(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
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
